package io.mixlaw.core.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.mixlaw.core.MixlawException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What an evaluation log does not say about itself: domain names, parameter counts, batch size and
 * the like. Which options a format needs is listed in {@link LogSource}.
 *
 * @param domains training-domain names in order; for {@link LogFormat#MIXING_LAWS} the order of the
 *     proportions in the run names. Validation rejects mixtures naming other domains; empty means
 *     "accept any domain"
 * @param scales parameter counts by scale label (for example {@code "70M"}); an unmodifiable sorted
 *     copy
 * @param tokensPerStep training tokens per optimizer step, used to turn steps into tokens
 * @param dropRunIdsAbove run numbers above this are excluded, for {@link LogFormat#MIXING_LAWS}
 *     whose authors reserve ids above 900 for special runs; each excluded line is reported
 * @param weightTolerance how far the weights of a mixture may sum from 1 and still be accepted (and
 *     renormalised); at least 0
 * @param scale scale label of every record of the source, for sources that do not name it
 * @param step optimizer step of every record of the source, for sources that do not give it
 * @param tokens training tokens of every record of the source, for sources that do not give them
 */
public record SourceOptions(
    List<String> domains,
    SortedMap<String, ParameterCounts> scales,
    OptionalLong tokensPerStep,
    OptionalLong dropRunIdsAbove,
    double weightTolerance,
    Optional<String> scale,
    OptionalLong step,
    OptionalLong tokens) {

  /** Default {@link #weightTolerance()}: weights must sum to 1 up to floating-point rounding. */
  public static final double DEFAULT_WEIGHT_TOLERANCE = 1e-6;

  /**
   * Tolerance for weights printed with 3 decimals, as in RegMix's mixture files, whose rows sum to
   * between 0.996 and 1.003.
   */
  public static final double ROUNDED_WEIGHT_TOLERANCE = 0.005;

  /** Config key of {@link #domains()}: a list of strings. */
  public static final String KEY_DOMAINS = "domains";

  /**
   * Config key of {@link #scales()}: an object whose keys are scale labels and whose values are
   * either a parameter count (dense) or an object with {@code total} and optional {@code active}.
   */
  public static final String KEY_SCALES = "scales";

  /** Config key of {@link #tokensPerStep()}. */
  public static final String KEY_TOKENS_PER_STEP = "tokens-per-step";

  /** Config key of {@link #dropRunIdsAbove()}. */
  public static final String KEY_DROP_RUN_IDS_ABOVE = "drop-run-ids-above";

  /** Config key of {@link #weightTolerance()}. */
  public static final String KEY_WEIGHT_TOLERANCE = "weight-tolerance";

  /** Config key of {@link #scale()}. */
  public static final String KEY_SCALE = "scale";

  /** Config key of {@link #step()}. */
  public static final String KEY_STEP = "step";

  /** Config key of {@link #tokens()}. */
  public static final String KEY_TOKENS = "tokens";

  private static final String TOTAL = "total";
  private static final String ACTIVE = "active";

  /** Checks and copies every option; the messages name the option and the bad value. */
  public SourceOptions {
    domains = copyDomains(domains);
    scales = copyScales(scales);
    Objects.requireNonNull(tokensPerStep, "tokensPerStep");
    Objects.requireNonNull(dropRunIdsAbove, "dropRunIdsAbove");
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(step, "step");
    Objects.requireNonNull(tokens, "tokens");
    if (tokensPerStep.isPresent() && tokensPerStep.getAsLong() < 1) {
      throw new IllegalArgumentException(
          "tokensPerStep must be at least 1, got " + tokensPerStep.getAsLong());
    }
    requireNotNegative("dropRunIdsAbove", dropRunIdsAbove);
    requireNotNegative("step", step);
    requireNotNegative("tokens", tokens);
    if (!(weightTolerance >= 0) || Double.isInfinite(weightTolerance)) {
      throw new IllegalArgumentException(
          "weightTolerance must be finite and at least 0, got " + weightTolerance);
    }
    if (scale.isPresent() && scale.get().isBlank()) {
      throw new IllegalArgumentException("scale must not be blank");
    }
  }

  /** Options with nothing set and the default weight tolerance. */
  public static SourceOptions defaults() {
    return builder().build();
  }

  /** A builder starting from {@link #defaults()}. */
  public static Builder builder() {
    return new Builder();
  }

  /** Parameter counts of a scale label, if configured. */
  public Optional<ParameterCounts> parametersOf(String scaleLabel) {
    return Optional.ofNullable(scaleLabel == null ? null : scales.get(scaleLabel));
  }

  /**
   * Reads the options of one source from its config block. Keys (all optional): {@value
   * #KEY_DOMAINS}, {@value #KEY_SCALES} (for example {@code scales { "70M" { total = 18915328,
   * active = 18915328 } }} or {@code scales { "70M" = 18915328 }}), {@value #KEY_TOKENS_PER_STEP},
   * {@value #KEY_DROP_RUN_IDS_ABOVE}, {@value #KEY_WEIGHT_TOLERANCE}, {@value #KEY_SCALE}, {@value
   * #KEY_STEP}, {@value #KEY_TOKENS}. Other keys of the block (such as the ones {@link
   * LogSource#fromConfig} reads) are ignored.
   *
   * @throws MixlawException naming the key whose value is missing a type or out of range
   */
  public static SourceOptions fromConfig(Config config) {
    Objects.requireNonNull(config, "config");
    Builder builder = builder();
    if (config.hasPath(KEY_DOMAINS)) {
      builder.domains(stringList(config, KEY_DOMAINS));
    }
    if (config.hasPath(KEY_SCALES)) {
      readScales(config, builder);
    }
    if (config.hasPath(KEY_TOKENS_PER_STEP)) {
      builder.tokensPerStep(whole(config, KEY_TOKENS_PER_STEP, 1));
    }
    if (config.hasPath(KEY_DROP_RUN_IDS_ABOVE)) {
      builder.dropRunIdsAbove(whole(config, KEY_DROP_RUN_IDS_ABOVE, 0));
    }
    if (config.hasPath(KEY_WEIGHT_TOLERANCE)) {
      builder.weightTolerance(tolerance(config));
    }
    if (config.hasPath(KEY_SCALE)) {
      builder.scale(text(config, KEY_SCALE));
    }
    if (config.hasPath(KEY_STEP)) {
      builder.step(whole(config, KEY_STEP, 0));
    }
    if (config.hasPath(KEY_TOKENS)) {
      builder.tokens(whole(config, KEY_TOKENS, 0));
    }
    return builder.build();
  }

  private static void readScales(Config config, Builder builder) {
    ConfigValue scalesValue = config.getValue(KEY_SCALES);
    if (scalesValue.valueType() != ConfigValueType.OBJECT) {
      throw badValue(
          KEY_SCALES, "is not an object of scale labels", "e.g. scales { \"70M\" = 18915328 }");
    }
    Config scalesConfig = config.getConfig(KEY_SCALES);
    for (String label : config.getObject(KEY_SCALES).keySet()) {
      String path = ConfigUtil.joinPath(label);
      String key = KEY_SCALES + "." + path;
      ConfigValue value = scalesConfig.getValue(path);
      long total;
      long active;
      if (value.valueType() == ConfigValueType.OBJECT) {
        Config counts = scalesConfig.getConfig(path);
        if (!counts.hasPath(TOTAL)) {
          throw badValue(key, "has no '" + TOTAL + "' parameter count", "add " + key + ".total");
        }
        total = whole(counts, TOTAL, 1, key + "." + TOTAL);
        active = counts.hasPath(ACTIVE) ? whole(counts, ACTIVE, 1, key + "." + ACTIVE) : total;
      } else {
        total = whole(scalesConfig, path, 1, key);
        active = total;
      }
      if (active > total) {
        throw badValue(
            key,
            "has active parameters " + active + " above total parameters " + total,
            "set active <= total (equal for dense models)");
      }
      builder.parameters(label, total, active);
    }
  }

  private static List<String> stringList(Config config, String key) {
    try {
      List<String> names = config.getStringList(key);
      copyDomains(names);
      return names;
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "ingest option '" + key + "' is not a list of domain names",
          "write it as " + key + " = [\"academic\", \"prose\"]",
          e);
    } catch (IllegalArgumentException e) {
      throw MixlawException.of(
          "ingest option '" + key + "' is invalid", e.getMessage(), "list each domain name once");
    }
  }

  private static String text(Config config, String key) {
    try {
      String value = config.getString(key);
      if (value.isBlank()) {
        throw badValue(key, "is blank", "give a label such as \"1M\"");
      }
      return value;
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "ingest option '" + key + "' is not a string", "give a label such as \"1M\"", e);
    }
  }

  private static long whole(Config config, String key, long minimum) {
    return whole(config, key, minimum, key);
  }

  private static long whole(Config config, String path, long minimum, String key) {
    Number number;
    try {
      number = config.getNumber(path);
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "ingest option '" + key + "' is not a number", "give a whole number", e);
    }
    OptionalLong value = Numbers.parseWhole(number.toString());
    if (value.isEmpty()) {
      throw badValue(key, "is " + number + ", not a whole number", "give a whole number");
    }
    if (value.getAsLong() < minimum) {
      throw badValue(
          key, "is " + value.getAsLong() + ", below " + minimum, "give at least " + minimum);
    }
    return value.getAsLong();
  }

  private static double tolerance(Config config) {
    double value;
    try {
      value = config.getDouble(KEY_WEIGHT_TOLERANCE);
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "ingest option '" + KEY_WEIGHT_TOLERANCE + "' is not a number",
          "give a small non-negative number such as 0.005",
          e);
    }
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw badValue(
          KEY_WEIGHT_TOLERANCE,
          "is " + Numbers.format(value) + ", not a finite number >= 0",
          "give a small non-negative number such as 0.005");
    }
    return value;
  }

  private static MixlawException badValue(String key, String cause, String fix) {
    return MixlawException.of("ingest option '" + key + "' is invalid", "it " + cause, fix);
  }

  private static List<String> copyDomains(List<String> names) {
    Objects.requireNonNull(names, "domains");
    Set<String> seen = new HashSet<>();
    for (String name : names) {
      Objects.requireNonNull(name, "domain name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("domain names must not be blank, got " + names);
      }
      if (!seen.add(name)) {
        throw new IllegalArgumentException("domain '" + name + "' is listed twice in " + names);
      }
    }
    return List.copyOf(names);
  }

  private static SortedMap<String, ParameterCounts> copyScales(
      Map<String, ParameterCounts> scales) {
    Objects.requireNonNull(scales, "scales");
    TreeMap<String, ParameterCounts> copy = new TreeMap<>();
    for (Map.Entry<String, ParameterCounts> entry : scales.entrySet()) {
      copy.put(
          Objects.requireNonNull(entry.getKey(), "scale label"),
          Objects.requireNonNull(entry.getValue(), "parameters of " + entry.getKey()));
    }
    return Collections.unmodifiableSortedMap(copy);
  }

  private static void requireNotNegative(String name, OptionalLong value) {
    if (value.isPresent() && value.getAsLong() < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value.getAsLong());
    }
  }

  /** Builds {@link SourceOptions}; every setter replaces the previous value. */
  public static final class Builder {

    private List<String> domains = List.of();
    private final SortedMap<String, ParameterCounts> scales = new TreeMap<>();
    private OptionalLong tokensPerStep = OptionalLong.empty();
    private OptionalLong dropRunIdsAbove = OptionalLong.empty();
    private double weightTolerance = DEFAULT_WEIGHT_TOLERANCE;
    private Optional<String> scale = Optional.empty();
    private OptionalLong step = OptionalLong.empty();
    private OptionalLong tokens = OptionalLong.empty();

    private Builder() {}

    /** Sets the training-domain names, in order. */
    public Builder domains(List<String> names) {
      this.domains = new ArrayList<>(Objects.requireNonNull(names, "names"));
      return this;
    }

    /** Sets the parameter counts of one scale label. */
    public Builder parameters(String scaleLabel, long total, long active) {
      scales.put(
          Objects.requireNonNull(scaleLabel, "scaleLabel"), new ParameterCounts(total, active));
      return this;
    }

    /** Sets training tokens per optimizer step. */
    public Builder tokensPerStep(long value) {
      this.tokensPerStep = OptionalLong.of(value);
      return this;
    }

    /** Excludes runs whose number is above {@code value} (reported, not silently dropped). */
    public Builder dropRunIdsAbove(long value) {
      this.dropRunIdsAbove = OptionalLong.of(value);
      return this;
    }

    /** Sets how far mixture weights may sum from 1. */
    public Builder weightTolerance(double value) {
      this.weightTolerance = value;
      return this;
    }

    /** Sets the scale label of every record of the source. */
    public Builder scale(String label) {
      this.scale = Optional.of(Objects.requireNonNull(label, "label"));
      return this;
    }

    /** Sets the optimizer step of every record of the source. */
    public Builder step(long value) {
      this.step = OptionalLong.of(value);
      return this;
    }

    /** Sets the training tokens of every record of the source. */
    public Builder tokens(long value) {
      this.tokens = OptionalLong.of(value);
      return this;
    }

    /** Checks and returns the options. */
    public SourceOptions build() {
      return new SourceOptions(
          domains, scales, tokensPerStep, dropRunIdsAbove, weightTolerance, scale, step, tokens);
    }
  }
}

package io.mixlaw.jobs.evaluate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigValue;
import io.mixlaw.core.CapacityMeasure;
import io.mixlaw.core.MixlawException;
import io.mixlaw.jobs.fit.FitSettings;
import io.mixlaw.law.CamelLaw;
import io.mixlaw.law.MixtureLaw;
import io.mixlaw.law.baseline.Baselines;
import io.mixlaw.law.baseline.ChinchillaLaw;
import io.mixlaw.law.baseline.DataMixingLaw;
import io.mixlaw.law.baseline.ShukorAdditiveLaw;
import io.mixlaw.law.baseline.ShukorJointLaw;
import io.mixlaw.law.evaluation.LawEvaluator;
import io.mixlaw.law.evaluation.Protocol;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.apache.spark.sql.SparkSession;

/**
 * The settings of the {@code evaluate-laws} stage, read from {@code mixlaw.evaluate} (every key
 * optional, defaults below), {@code mixlaw.capacity}, {@code mixlaw.domains} and {@code
 * mixlaw.parameter-basis}.
 *
 * @param protocol protocol name, one of {@link Protocol#NAMES}
 * @param folds k of the k-fold protocol
 * @param foldSeed shuffle seed of the k-fold protocol
 * @param trainScales training scales of the scale-split protocol, by label or parameter count
 * @param testScales test scales of the scale-split protocol
 * @param laws names of the laws to compare, from {@link #LAW_NAMES}
 * @param metric evaluation metric whose values are the losses ({@code loss})
 * @param targets validation targets to score; empty for every target
 * @param domains training domains in weight order; empty to take them from the data, sorted
 * @param selection which evaluation of each run is used
 * @param capacityMeasure how capacity is derived from parameter counts
 * @param capacityBlend exponent of the geometric blend
 * @param validationWeights weights of the targets in the aggregate loss; empty for equal weights
 * @param metricResamples bootstrap resamples behind each metric interval
 * @param metricSeed seed of the metric bootstrap
 * @param confidence coverage of the metric intervals
 * @param threads threads fitting at once; 0 for one per available processor
 * @param camel settings of the CAMEL laws
 * @param gbt settings of the gradient-boosted trees
 * @param predictionsOut CSV of every prediction, or null for none
 * @param reportOut markdown report
 * @param plotsDir folder of the PNG plots, or null for none
 * @param writeTable whether to merge the scores into the {@code law_evaluations} table
 * @param parameterBasis what the parameter counts count
 */
public record EvaluateSettings(
    String protocol,
    int folds,
    long foldSeed,
    List<String> trainScales,
    List<String> testScales,
    List<String> laws,
    String metric,
    List<String> targets,
    List<String> domains,
    FitSettings.Selection selection,
    CapacityMeasure capacityMeasure,
    double capacityBlend,
    SortedMap<String, Double> validationWeights,
    int metricResamples,
    long metricSeed,
    double confidence,
    int threads,
    CamelSettings camel,
    GbtSettings gbt,
    Path predictionsOut,
    Path reportOut,
    Path plotsDir,
    boolean writeTable,
    String parameterBasis) {

  /** Protocol when none is configured. */
  public static final String DEFAULT_PROTOCOL = Protocol.LEAVE_LARGEST_SCALE_OUT;

  /** Every law the stage can evaluate. */
  public static final List<String> LAW_NAMES =
      List.of(
          CamelLaw.Form.FULL.lawName(),
          CamelLaw.Form.CORE.lawName(),
          DataMixingLaw.NAME,
          ShukorAdditiveLaw.NAME,
          ShukorJointLaw.NAME,
          ChinchillaLaw.NAME,
          GradientBoostedTreesLaw.NAME);

  /** Laws compared when none are configured: every law that uses the mixture. */
  public static final List<String> DEFAULT_LAWS =
      List.of(
          CamelLaw.Form.FULL.lawName(),
          CamelLaw.Form.CORE.lawName(),
          DataMixingLaw.NAME,
          ShukorAdditiveLaw.NAME,
          ShukorJointLaw.NAME,
          GradientBoostedTreesLaw.NAME);

  /** File name of the markdown report under {@code mixlaw.output-dir}. */
  public static final String DEFAULT_REPORT_NAME = "law-benchmark.md";

  /** Folder name of the plots under {@code mixlaw.output-dir}. */
  public static final String DEFAULT_PLOTS_NAME = "law-benchmark-plots";

  /**
   * CAMEL settings.
   *
   * @param huberDelta Huber threshold on log residuals
   * @param referenceCapacity N0
   * @param ridge ridge penalty, 0 for none
   * @param tokenTerm whether the training-token term is fitted
   * @param referenceTokens D0 of the token term
   * @param saturationOffset epsilon of the saturation term, 0 for none
   */
  public record CamelSettings(
      double huberDelta,
      double referenceCapacity,
      double ridge,
      boolean tokenTerm,
      double referenceTokens,
      double saturationOffset) {

    /** Builds the law of a form with these settings. */
    public CamelLaw create(CamelLaw.Form form) {
      CamelLaw law =
          CamelLaw.of(form).withHuberDelta(huberDelta).withReferenceCapacity(referenceCapacity);
      if (ridge > 0) {
        law = law.withRidge(ridge);
      }

      if (tokenTerm) {
        law = law.withTokenTerm(referenceTokens);
      }

      if (saturationOffset > 0) {
        law = law.withSaturation(saturationOffset);
      }

      return law;
    }
  }

  /**
   * Gradient-boosted trees settings.
   *
   * @param maxIterations trees
   * @param maxDepth depth of each tree
   * @param stepSize learning rate
   * @param seed seed
   */
  public record GbtSettings(int maxIterations, int maxDepth, double stepSize, long seed) {

    /** Builds the law on a session. */
    public GradientBoostedTreesLaw create(SparkSession spark) {
      return GradientBoostedTreesLaw.on(spark)
          .withMaxIterations(maxIterations)
          .withMaxDepth(maxDepth)
          .withStepSize(stepSize)
          .withSeed(seed);
    }
  }

  /** Copies the lists and checks the names and counts; messages name the config key. */
  public EvaluateSettings {
    trainScales = List.copyOf(trainScales);
    testScales = List.copyOf(testScales);
    laws = List.copyOf(laws);
    targets = List.copyOf(targets);
    domains = List.copyOf(domains);
    validationWeights = new TreeMap<>(validationWeights);
    if (!Protocol.NAMES.contains(protocol)) {
      throw MixlawException.of(
          "config key evaluate.protocol (--protocol) is '" + protocol + "'",
          "the protocols are " + Protocol.NAMES,
          "choose one of them");
    }

    if (laws.isEmpty()) {
      throw MixlawException.of(
          "config key evaluate.laws (--laws) is empty",
          "there is nothing to evaluate",
          "list laws from " + LAW_NAMES);
    }

    for (String law : laws) {
      if (!LAW_NAMES.contains(law)) {
        throw MixlawException.of(
            "config key evaluate.laws (--laws) names an unknown law '" + law + "'",
            "the stage knows " + LAW_NAMES,
            "fix the name");
      }
    }

    if (protocol.equals(Protocol.SCALE_SPLIT) && (trainScales.isEmpty() || testScales.isEmpty())) {
      throw MixlawException.of(
          "protocol scale-split needs evaluate.train-scales and evaluate.test-scales",
          "got train " + trainScales + " and test " + testScales,
          "pass --train-scales and --test-scales (labels or parameter counts)");
    }

    requireAtLeast("evaluate.folds", folds, 2);
    requireAtLeast("evaluate.metric-bootstrap.samples", metricResamples, 0);
    requireAtLeast("evaluate.threads", threads, 0);
    if (!(confidence > 0 && confidence < 1)) {
      throw MixlawException.of(
          "config key evaluate.metric-bootstrap.confidence is " + confidence,
          "it must be in (0, 1)",
          "set it to e.g. 0.95");
    }
  }

  private static void requireAtLeast(String key, int value, int minimum) {
    if (value < minimum) {
      throw MixlawException.of(
          "config key " + key + " is " + value, "it must be >= " + minimum, "raise it");
    }
  }

  /** The protocol these settings describe. */
  public Protocol toProtocol() {
    return switch (protocol) {
      case Protocol.K_FOLD -> new Protocol.KFold(folds, foldSeed);
      case Protocol.SCALE_SPLIT -> new Protocol.ScaleSplit(trainScales, testScales);
      default -> new Protocol.LeaveLargestScaleOut();
    };
  }

  /** The evaluator these settings describe. */
  public LawEvaluator evaluator() {
    int count = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
    return LawEvaluator.of(toProtocol())
        .withMetricResamples(metricResamples)
        .withSeed(metricSeed)
        .withConfidence(confidence)
        .withThreads(count);
  }

  /** Builds the configured laws, in order. */
  public List<MixtureLaw> createLaws(SparkSession spark) {
    List<MixtureLaw> created = new ArrayList<>();
    for (String law : laws) {
      if (law.equals(CamelLaw.Form.FULL.lawName())) {
        created.add(camel.create(CamelLaw.Form.FULL));
      } else if (law.equals(CamelLaw.Form.CORE.lawName())) {
        created.add(camel.create(CamelLaw.Form.CORE));
      } else if (law.equals(GradientBoostedTreesLaw.NAME)) {
        created.add(gbt.create(spark));
      } else {
        created.add(Baselines.byName(law));
      }
    }

    return created;
  }

  /** Everything that changes the scores, as stable text; hashed into the evaluation id. */
  public String canonical() {
    return String.join(
        "|",
        "protocol=" + protocol,
        "folds=" + folds + ":" + foldSeed,
        "train=" + trainScales,
        "test=" + testScales,
        "laws=" + laws,
        "metric=" + metric,
        "targets=" + targets,
        "domains=" + domains,
        "selection=" + selection.describe(),
        "capacity=" + capacityMeasure + ":" + capacityBlend,
        "weights=" + validationWeights,
        "bootstrap=" + metricResamples + ":" + metricSeed + ":" + confidence,
        "camel=" + camel,
        "gbt=" + gbt,
        "basis=" + parameterBasis);
  }

  /**
   * Reads the settings.
   *
   * @param config the {@code mixlaw} subtree
   * @throws MixlawException naming the key that is invalid
   */
  public static EvaluateSettings fromConfig(Config config) {
    Config evaluate =
        config.hasPath("evaluate") ? config.getConfig("evaluate") : ConfigFactory.empty();
    Path outputDir = Path.of(config.getString("output-dir"));
    try {
      Config selection =
          evaluate.hasPath("selection") ? evaluate.getConfig("selection") : ConfigFactory.empty();
      Config bootstrap =
          evaluate.hasPath("metric-bootstrap")
              ? evaluate.getConfig("metric-bootstrap")
              : ConfigFactory.empty();
      Config camel =
          evaluate.hasPath("camel") ? evaluate.getConfig("camel") : ConfigFactory.empty();
      Config gbt = evaluate.hasPath("gbt") ? evaluate.getConfig("gbt") : ConfigFactory.empty();
      String predictions = string(evaluate, "predictions-out", "");
      String plots =
          string(evaluate, "plots-dir", outputDir.resolve(DEFAULT_PLOTS_NAME).toString());
      return new EvaluateSettings(
          string(evaluate, "protocol", DEFAULT_PROTOCOL).strip().toLowerCase(Locale.ROOT),
          integer(evaluate, "folds", Protocol.KFold.DEFAULT_FOLDS),
          longValue(evaluate, "fold-seed", Protocol.KFold.DEFAULT_SEED),
          strings(evaluate, "train-scales", List.of()),
          strings(evaluate, "test-scales", List.of()),
          strings(evaluate, "laws", DEFAULT_LAWS).stream()
              .map(s -> s.strip().toLowerCase(Locale.ROOT))
              .toList(),
          string(evaluate, "metric", "loss"),
          strings(evaluate, "targets", List.of()),
          config.getStringList("domains"),
          new FitSettings.Selection(
              string(selection, "mode", "final"),
              longValue(selection, "step", 0),
              longValue(selection, "tokens", 0)),
          CapacityMeasure.parse(config.getString("capacity.measure"), "capacity.measure"),
          CapacityMeasure.blend(config.getDouble("capacity.blend"), "capacity.blend"),
          validationWeights(evaluate),
          integer(bootstrap, "samples", LawEvaluator.DEFAULT_METRIC_RESAMPLES),
          longValue(bootstrap, "seed", LawEvaluator.DEFAULT_SEED),
          number(bootstrap, "confidence", LawEvaluator.DEFAULT_CONFIDENCE),
          integer(evaluate, "threads", 0),
          new CamelSettings(
              number(camel, "huber-delta", CamelLaw.DEFAULT_HUBER_DELTA),
              number(camel, "reference-capacity", CamelLaw.DEFAULT_REFERENCE_CAPACITY),
              number(camel, "ridge", CamelLaw.DEFAULT_RIDGE),
              bool(camel, "token-term", false),
              number(camel, "reference-tokens", CamelLaw.DEFAULT_REFERENCE_TOKENS),
              saturationOffset(
                  number(camel, "saturation-offset", CamelLaw.DEFAULT_SATURATION_OFFSET))),
          new GbtSettings(
              integer(gbt, "max-iterations", GradientBoostedTreesLaw.DEFAULT_MAX_ITERATIONS),
              integer(gbt, "max-depth", GradientBoostedTreesLaw.DEFAULT_MAX_DEPTH),
              number(gbt, "step-size", GradientBoostedTreesLaw.DEFAULT_STEP_SIZE),
              longValue(gbt, "seed", GradientBoostedTreesLaw.DEFAULT_SEED)),
          predictions.isBlank() ? null : Path.of(predictions),
          Path.of(string(evaluate, "report", outputDir.resolve(DEFAULT_REPORT_NAME).toString())),
          plots.isBlank() ? null : Path.of(plots),
          bool(evaluate, "write-table", true),
          config.getString("parameter-basis"));
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "config section evaluate is invalid", "fix the key the message names", e);
    } catch (IllegalArgumentException e) {
      throw MixlawException.of(
          "config section evaluate is invalid", e.getMessage(), "fix the value it names");
    }
  }

  private static SortedMap<String, Double> validationWeights(Config evaluate) {
    SortedMap<String, Double> weights = new TreeMap<>();
    if (evaluate.hasPath("validation-weights")) {
      weights.putAll(
          numbers(evaluate.getConfig("validation-weights"), "evaluate.validation-weights"));
    }

    String file = string(evaluate, "validation-weights-file", "");
    if (!file.isBlank()) {
      if (!weights.isEmpty()) {
        throw MixlawException.of(
            "both evaluate.validation-weights and evaluate.validation-weights-file are set",
            "only one source of validation weights is allowed",
            "remove one of them");
      }

      Path path = Path.of(file);
      if (!Files.isRegularFile(path)) {
        throw MixlawException.of(
            "validation weights file " + path + " (evaluate.validation-weights-file) is missing",
            "the file does not exist",
            "point the key at a JSON object of target name to weight");
      }

      // JSON is HOCON, so the config parser reads the weights file as it is.
      Config json = ConfigFactory.parseFile(path.toFile(), ConfigParseOptions.defaults());
      weights.putAll(numbers(json, "validation weights file " + path));
    }

    return weights;
  }

  private static Map<String, Double> numbers(Config section, String where) {
    Map<String, Double> values = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> entry : section.root().entrySet()) {
      Object value = entry.getValue().unwrapped();
      if (!(value instanceof Number number) || !(number.doubleValue() >= 0)) {
        throw MixlawException.of(
            where + " gives target '" + entry.getKey() + "' the weight " + value,
            "weights must be numbers >= 0",
            "fix that entry");
      }

      values.put(entry.getKey(), number.doubleValue());
    }

    return values;
  }

  private static String string(Config c, String key, String fallback) {
    return c.hasPath(key) ? c.getString(key) : fallback;
  }

  private static List<String> strings(Config c, String key, List<String> fallback) {
    return c.hasPath(key) ? c.getStringList(key) : fallback;
  }

  private static int integer(Config c, String key, int fallback) {
    return c.hasPath(key) ? c.getInt(key) : fallback;
  }

  private static long longValue(Config c, String key, long fallback) {
    return c.hasPath(key) ? c.getLong(key) : fallback;
  }

  private static double number(Config c, String key, double fallback) {
    return c.hasPath(key) ? c.getDouble(key) : fallback;
  }

  private static boolean bool(Config c, String key, boolean fallback) {
    return c.hasPath(key) ? c.getBoolean(key) : fallback;
  }

  private static double saturationOffset(double offset) {
    if (!(offset >= 0) || Double.isInfinite(offset)) {
      throw MixlawException.of(
          "config key evaluate.camel.saturation-offset is " + offset,
          "it must be finite and >= 0",
          "set it to 0.01 (the default) or to 0 to fit the law without the saturation term");
    }
    return offset;
  }
}

package io.mixlaw.jobs.fit;

import com.typesafe.config.Config;
import io.mixlaw.core.CapacityMeasure;
import io.mixlaw.core.MixlawException;
import java.util.List;
import java.util.Locale;

/**
 * The settings of the fit stage, read from {@code mixlaw.fit}, {@code mixlaw.capacity} and
 * {@code mixlaw.domains}.
 *
 * @param law the law and its fitting options
 * @param metric evaluation metric fitted (normally {@code loss})
 * @param targets validation targets to fit; empty for all
 * @param scales scales to fit on; empty for all
 * @param domains training domains in weight order; empty to take them from the data
 * @param selection which evaluation of each run is used
 * @param capacityMeasure how capacity is derived from parameter counts
 * @param capacityBlend exponent of the geometric blend
 * @param bootstrapSamples number of bootstrap fits B
 * @param seed base seed of the bootstrap
 * @param partitions Spark partitions for the bootstrap; 0 for the default parallelism
 * @param parameterBasis what the parameter counts count
 */
public record FitSettings(
    LawSpec law,
    String metric,
    List<String> targets,
    List<String> scales,
    List<String> domains,
    Selection selection,
    CapacityMeasure capacityMeasure,
    double capacityBlend,
    int bootstrapSamples,
    long seed,
    int partitions,
    String parameterBasis) {

  /** Default number of bootstrap fits. */
  public static final int DEFAULT_BOOTSTRAP_SAMPLES = 1000;

  /**
   * Which evaluation of each run the fit uses.
   *
   * @param mode {@code final}, {@code step} or {@code tokens}
   * @param step the step, for mode {@code step}
   * @param tokens the token count, for mode {@code tokens}
   */
  public record Selection(String mode, long step, long tokens) {

    /** Checks the mode and its value. */
    public Selection {
      mode = mode.trim().toLowerCase(Locale.ROOT);
      switch (mode) {
        case "final" -> {}
        case "step" -> require(step > 0, "fit.selection.step", step);
        case "tokens" -> require(tokens > 0, "fit.selection.tokens", tokens);
        default -> throw MixlawException.of(
            "config key fit.selection.mode is '" + mode + "'",
            "accepted modes are final, step and tokens",
            "set fit.selection.mode to one of them");
      }
    }

    /** A stable description, stored with every fit. */
    public String describe() {
      return switch (mode) {
        case "step" -> "step=" + step;
        case "tokens" -> "tokens=" + tokens;
        default -> "final";
      };
    }

    private static void require(boolean ok, String key, long value) {
      if (!ok) {
        throw MixlawException.of("config key " + key + " is " + value, "it must be > 0 for this mode", "set it");
      }
    }
  }

  /** Copies the lists and checks the counts. */
  public FitSettings {
    targets = List.copyOf(targets);
    scales = List.copyOf(scales);
    domains = List.copyOf(domains);
    if (bootstrapSamples < 0) {
      throw MixlawException.of(
          "config key fit.bootstrap.samples is " + bootstrapSamples, "it must be >= 0", "set it to e.g. 1000");
    }
    if (partitions < 0) {
      throw MixlawException.of(
          "config key fit.bootstrap.partitions is " + partitions, "it must be >= 0", "use 0 for the default");
    }
  }

  /** Reads the settings from the {@code mixlaw} config subtree. */
  public static FitSettings fromConfig(Config config) {
    Config fit = config.getConfig("fit");
    Config selection = fit.getConfig("selection");
    return new FitSettings(
        LawSpec.fromConfig(fit),
        fit.getString("metric"),
        fit.getStringList("targets"),
        fit.getStringList("scales"),
        config.getStringList("domains"),
        new Selection(selection.getString("mode"), selection.getLong("step"), selection.getLong("tokens")),
        CapacityMeasure.parse(config.getString("capacity.measure"), "capacity.measure"),
        CapacityMeasure.blend(config.getDouble("capacity.blend"), "capacity.blend"),
        fit.getInt("bootstrap.samples"),
        fit.getLong("bootstrap.seed"),
        fit.getInt("bootstrap.partitions"),
        config.getString("parameter-basis"));
  }

  /** Everything that changes the result of a fit, as stable text; hashed into the fit id. */
  public String canonical() {
    return String.join(
        "|",
        law.canonical(),
        "metric=" + metric,
        "targets=" + targets,
        "scales=" + scales,
        "domains=" + domains,
        "selection=" + selection.describe(),
        "capacity=" + capacityMeasure + ":" + capacityBlend,
        "B=" + bootstrapSamples,
        "seed=" + seed,
        "basis=" + parameterBasis);
  }
}

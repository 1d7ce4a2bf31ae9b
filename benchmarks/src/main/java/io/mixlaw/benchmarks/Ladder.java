package io.mixlaw.benchmarks;

import com.typesafe.config.ConfigFactory;
import io.mixlaw.core.ingest.EvalLogReader;
import io.mixlaw.core.ingest.EvalRecord;
import io.mixlaw.core.ingest.LogFormat;
import io.mixlaw.core.ingest.LogSource;
import io.mixlaw.core.ingest.ParseResult;
import io.mixlaw.core.ingest.SourceOptions;
import io.mixlaw.jobs.fit.FitInput;
import io.mixlaw.jobs.fit.LawSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The bundled Data Mixing Laws 5-domain ladder as a fit input: 104 runs (26 mixtures at 70M, 160M,
 * 305M and 410M), 22 validation targets, at step 20000, where every run has an evaluation.
 */
final class Ladder {

  /** Step at which every run of the ladder has an evaluation. */
  static final long STEP = 20_000;

  /** Training domains in the order of the proportions in the run names. */
  static final List<String> DOMAINS =
      List.of("academic", "prose", "dialogue", "symbolic", "internet");

  /** Non-embedding parameters of each scale (upstream pipeline/utils.py). */
  static final Map<String, Long> SCALES =
      Map.of("70M", 18_915_328L, "160M", 85_056_000L, "305M", 201_541_632L, "410M", 302_311_424L);

  private static final long TOKENS_PER_STEP = 1_048_576;

  private Ladder() {}

  /** The product's fit settings (reference.conf), with the given law. */
  static LawSpec lawSpec(String law) {
    LawSpec defaults = LawSpec.fromConfig(ConfigFactory.load().getConfig("mixlaw.fit"));
    return new LawSpec(
        law,
        defaults.huberDelta(),
        defaults.referenceCapacity(),
        defaults.ridge(),
        defaults.saturationOffset());
  }

  /**
   * Reads the ladder from {@code examples/mixinglaws/5Mix} under the repository root, found from
   * the system property {@code mixlaw.home} or the working directory and its parent.
   */
  static FitInput load() {
    Path folder = home().resolve("examples/mixinglaws/5Mix");
    SourceOptions.Builder options =
        SourceOptions.builder()
            .domains(DOMAINS)
            .tokensPerStep(TOKENS_PER_STEP)
            .dropRunIdsAbove(900);
    SCALES.forEach((label, params) -> options.parameters(label, params, params));
    SourceOptions built = options.build();
    SortedMap<String, List<EvalRecord>> byRun = new TreeMap<>();
    SortedSet<String> targets = new TreeSet<>();
    for (String scale : List.of("70M", "160M", "305M", "410M")) {
      LogSource source = LogSource.of(LogFormat.MIXING_LAWS, folder.resolve(scale + ".txt"), built);
      ParseResult read = EvalLogReader.readAndValidate(source);
      for (EvalRecord r : read.records()) {
        if (r.step() != null && r.step() == STEP) {
          byRun.computeIfAbsent(r.runId(), k -> new ArrayList<>()).add(r);
          targets.add(r.target());
        }
      }
    }

    List<String> targetList = List.copyOf(targets);
    List<FitInput.Run> runs = new ArrayList<>();
    for (Map.Entry<String, List<EvalRecord>> entry : byRun.entrySet()) {
      EvalRecord first = entry.getValue().get(0);
      double[] weights = new double[DOMAINS.size()];
      for (int j = 0; j < weights.length; j++) {
        weights[j] = first.mixture().getOrDefault(DOMAINS.get(j), 0.0);
      }

      double[] losses = new double[targetList.size()];
      Arrays.fill(losses, Double.NaN);
      for (EvalRecord r : entry.getValue()) {
        losses[targetList.indexOf(r.target())] = r.value();
      }

      runs.add(
          new FitInput.Run(
              entry.getKey(), first.scale(), first.totalParams(), first.tokens(), weights, losses));
    }

    return new FitInput(DOMAINS, targetList, runs);
  }

  private static Path home() {
    String property = System.getProperty("mixlaw.home");
    if (property != null) {
      return Path.of(property);
    }

    Path here = Path.of("").toAbsolutePath();
    for (Path candidate : List.of(here, here.getParent())) {
      if (candidate != null && Files.isDirectory(candidate.resolve("examples/mixinglaws/5Mix"))) {
        return candidate;
      }
    }

    throw new IllegalStateException(
        "cannot find examples/mixinglaws/5Mix under "
            + here
            + " or its parent; run from the"
            + " repository root or pass -Dmixlaw.home=<repository root> (JMH: -jvmArgsAppend)");
  }
}

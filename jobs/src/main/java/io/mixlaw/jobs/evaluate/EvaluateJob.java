package io.mixlaw.jobs.evaluate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.ingest.LogSource;
import io.mixlaw.core.table.EvaluationTables;
import io.mixlaw.core.table.MergeOutcome;
import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.law.MixtureLaw;
import io.mixlaw.law.evaluation.EvaluationResult;
import io.mixlaw.law.evaluation.FitRecord;
import io.mixlaw.law.evaluation.Fold;
import io.mixlaw.law.evaluation.LawScore;
import io.mixlaw.law.evaluation.MetricSet;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code evaluate-laws} stage: reads runs (from evaluation logs or from {@code run_results}),
 * runs the law benchmark of {@link io.mixlaw.law.evaluation.LawEvaluator} under the configured
 * protocol, and writes the markdown report, the plots, optionally the predictions CSV, and the
 * scores into the Delta table {@code law_evaluations}.
 *
 * <p>The evaluation id is a hash of the settings and of the evaluations used, so the same inputs
 * give the same id and rows, and a rerun changes no table.
 */
public final class EvaluateJob {

  /** Config key of the log files or folders to read instead of {@code run_results}. */
  public static final String KEY_LOGS = "evaluate.logs";

  /** Config key of the source options applied to every path of {@value #KEY_LOGS}. */
  public static final String KEY_LOG_OPTIONS = "evaluate.log-options";

  /** Config key of full source blocks, as in {@code ingest.sources}. */
  public static final String KEY_SOURCES = "evaluate.sources";

  private static final Logger LOG = LoggerFactory.getLogger(EvaluateJob.class);

  /** Interval between progress lines, in seconds. */
  private static final long PROGRESS_INTERVAL_SECONDS = 10;

  private EvaluateJob() {}

  /**
   * The outcome of the stage.
   *
   * @param evaluationId id of the evaluation in {@code law_evaluations}
   * @param input the runs scored
   * @param result folds, fits, predictions and scores
   * @param report markdown text written to {@link #reportFile()}
   * @param reportFile where the markdown report was written
   * @param plots plot files written
   * @param table what the table write did, or null when disabled
   */
  public record Summary(
      String evaluationId,
      EvaluationInput input,
      EvaluationResult result,
      String report,
      Path reportFile,
      List<Path> plots,
      MergeOutcome table) {

    /** Copies the plot list. */
    public Summary {
      plots = List.copyOf(plots);
    }
  }

  /** Runs the stage. */
  public static Summary run(StageContext context) {
    long start = System.nanoTime();
    EvaluateSettings settings = EvaluateSettings.fromConfig(context.config());
    List<LogSource> sources = sources(context.config());
    EvaluationInput input =
        sources.isEmpty()
            ? EvaluationInput.fromRunResults(context, settings)
            : EvaluationInput.fromLogs(sources, settings);
    String id = evaluationId(settings, input);
    List<MixtureLaw> laws = settings.createLaws(context.spark());
    LOG.info(
        "Evaluating {} on {} runs x {} targets from {} ({} protocol, scales {}): evaluation {}",
        settings.laws(),
        input.data().runs().size(),
        input.data().targets().size(),
        input.description(),
        settings.protocol(),
        input.data().scales(),
        id);

    AtomicLong lastReport = new AtomicLong(System.nanoTime());
    EvaluationResult result;
    try {
      result =
          settings
              .evaluator()
              .evaluate(
                  laws,
                  input.data(),
                  (fit, done, total) -> progress(fit, done, total, start, lastReport));
    } catch (IllegalArgumentException e) {
      throw MixlawException.of(
          "the "
              + settings.protocol()
              + " protocol cannot split the runs of "
              + input.description(),
          e.getMessage(),
          "choose another protocol or scales (--protocol, --train-scales, --test-scales)");
    }

    String report = EvaluationReport.markdown(result, input, settings, id);
    EvaluationReport.write(settings.reportOut(), report, "evaluate.report");
    if (settings.predictionsOut() != null) {
      EvaluationReport.writePredictions(settings.predictionsOut(), result, input);
    }

    List<Path> plots =
        settings.plotsDir() == null
            ? List.of()
            : EvaluationPlots.write(settings.plotsDir(), result);
    MergeOutcome outcome = null;
    if (settings.writeTable()) {
      outcome =
          context
              .catalog()
              .mergeChanges(
                  context.stage(),
                  EvaluationTables.LAW_EVALUATIONS,
                  context
                      .catalog()
                      .frame(EvaluationTables.LAW_EVALUATIONS, rows(id, result, input, settings)));
    }

    long failed = result.fits().stream().filter(f -> f.status() == FitRecord.Status.FAILED).count();
    long notConverged =
        result.fits().stream().filter(f -> f.status() == FitRecord.Status.NOT_CONVERGED).count();
    LOG.info(
        "Evaluation {}: {} laws, {} folds, {} fits ({} not converged, {} failed), {} predictions,"
            + " {} scores in {} s; report {}",
        id,
        laws.size(),
        result.folds().size(),
        result.fits().size(),
        notConverged,
        failed,
        result.predictions().size(),
        result.scores().size(),
        StageCommand.seconds(start),
        settings.reportOut());
    return new Summary(id, input, result, report, settings.reportOut(), plots, outcome);
  }

  private static void progress(
      FitRecord fit, int done, int total, long start, AtomicLong lastReport) {
    LOG.debug(
        "Fit {} fold {} target {}: {} rmse {}",
        fit.law(),
        fit.fold(),
        fit.target(),
        fit.status(),
        fit.rmse());
    long now = System.nanoTime();
    long last = lastReport.get();
    boolean due = now - last > PROGRESS_INTERVAL_SECONDS * 1_000_000_000L;
    if ((due && lastReport.compareAndSet(last, now)) || done == total) {
      LOG.info(
          "Fitted {} of {} law x fold x target fits in {} s",
          done,
          total,
          StageCommand.seconds(start));
    }
  }

  /**
   * The sources to read: every block of {@value #KEY_SOURCES}, then every path of {@value
   * #KEY_LOGS} with the options of {@value #KEY_LOG_OPTIONS}. Empty means: read {@code
   * run_results}. Relative paths start at {@code mixlaw.home}.
   */
  static List<LogSource> sources(Config config) {
    Path home = Path.of(config.getString("home"));
    List<LogSource> sources = new ArrayList<>();
    try {
      List<? extends Config> blocks =
          config.hasPath(KEY_SOURCES) ? config.getConfigList(KEY_SOURCES) : List.of();
      for (int i = 0; i < blocks.size(); i++) {
        sources.add(source(blocks.get(i), home, KEY_SOURCES + "[" + i + "]"));
      }

      List<String> logs = config.hasPath(KEY_LOGS) ? config.getStringList(KEY_LOGS) : List.of();
      Config options =
          config.hasPath(KEY_LOG_OPTIONS)
              ? config.getConfig(KEY_LOG_OPTIONS)
              : ConfigFactory.empty();
      boolean regmix =
          options.hasPath(LogSource.KEY_FORMAT)
              && options.getString(LogSource.KEY_FORMAT).strip().equalsIgnoreCase("regmix");
      for (int i = 0; i < logs.size(); i++) {
        String key = regmix ? LogSource.KEY_MIXTURES : LogSource.KEY_PATH;
        Config block = ConfigFactory.parseMap(Map.of(key, logs.get(i))).withFallback(options);
        sources.add(source(block, home, KEY_LOGS + "[" + i + "] (--logs)"));
      }
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "config keys "
              + KEY_SOURCES
              + " / "
              + KEY_LOGS
              + " / "
              + KEY_LOG_OPTIONS
              + " are invalid",
          "make sources a list of source blocks and logs a list of paths (docs/eval-log-format.md)",
          e);
    }

    return sources;
  }

  private static LogSource source(Config block, Path home, String where) {
    try {
      return LogSource.fromConfig(block, home);
    } catch (MixlawException e) {
      throw MixlawException.of(where + " is invalid", e.getMessage(), "fix that source");
    } catch (IllegalArgumentException e) {
      throw MixlawException.of(where + " is invalid", e.getMessage(), "fix that source");
    }
  }

  /** The evaluation id of settings applied to an input. */
  static String evaluationId(EvaluateSettings settings, EvaluationInput input) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash =
          digest.digest(
              (settings.canonical() + "|input=" + input.fingerprint())
                  .getBytes(StandardCharsets.UTF_8));
      return "eval-" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** One table row per score. */
  static List<Row> rows(
      String id, EvaluationResult result, EvaluationInput input, EvaluateSettings settings) {
    Map<String, Set<String>> trainScales = new TreeMap<>();
    Map<String, Set<String>> testScales = new TreeMap<>();
    for (Fold fold : result.folds()) {
      Set<String> train = scalesOf(fold.trainRunIds(), input);
      Set<String> test = scalesOf(fold.testRunIds(), input);
      for (String scale : test) {
        trainScales.computeIfAbsent(scale, s -> new LinkedHashSet<>()).addAll(train);
        testScales.computeIfAbsent(scale, s -> new LinkedHashSet<>()).addAll(test);
      }
    }

    List<Row> rows = new ArrayList<>(result.scores().size());
    for (LawScore s : result.scores()) {
      List<Object> values = new ArrayList<>();
      values.add(id);
      values.add(s.law());
      values.add(s.target());
      values.add(s.scale());
      values.add(s.protocol());
      values.add(s.capacity());
      values.add(s.point().runs());
      addMetric(values, s, MetricSet::mae);
      addMetric(values, s, MetricSet::meanRelativeError);
      addMetric(values, s, MetricSet::spearman);
      addMetric(values, s, MetricSet::regret);
      addMetric(values, s, MetricSet::bias);
      values.add(s.confidence());
      values.add(s.resamples());
      values.add(s.fits());
      values.add(s.fitsNotConverged());
      values.add(s.fitsFailed());
      values.add(ordered(trainScales.get(s.scale()), input));
      values.add(ordered(testScales.get(s.scale()), input));
      values.add(input.description());
      values.add(input.fingerprint());
      values.add(input.runResultsVersion());
      values.add(settings.selection().describe());
      values.add(settings.capacityMeasure().name().toLowerCase(Locale.ROOT));
      values.add(settings.parameterBasis());
      values.add(settings.canonical());
      rows.add(RowFactory.create(values.toArray()));
    }

    return rows;
  }

  private static void addMetric(
      List<Object> values, LawScore score, java.util.function.ToDoubleFunction<MetricSet> metric) {
    values.add(metric.applyAsDouble(score.point()));
    values.add(metric.applyAsDouble(score.lower()));
    values.add(metric.applyAsDouble(score.upper()));
  }

  private static Set<String> scalesOf(List<String> runIds, EvaluationInput input) {
    Set<String> scales = new LinkedHashSet<>();
    runIds.forEach(id -> scales.add(input.data().run(id).scale()));
    return scales;
  }

  private static List<String> ordered(Set<String> scales, EvaluationInput input) {
    List<String> result = new ArrayList<>();
    for (String scale : input.data().scales()) {
      if (scales != null && scales.contains(scale)) {
        result.add(scale);
      }
    }

    return result;
  }
}

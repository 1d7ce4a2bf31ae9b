package io.mixlaw.jobs.evaluate;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code mixlaw evaluate-laws}: the law benchmark. Every option sets a key of {@code
 * mixlaw.evaluate}, so a config file and the command line are interchangeable.
 */
@Command(
    name = "evaluate-laws",
    mixinStandardHelpOptions = true,
    description = {
      "Benchmark the mixture laws on runs they were not fitted to: fit each law on the training",
      "runs of every fold and validation target, predict the held-out runs, and score MAE, mean",
      "relative error, Spearman across mixtures and decision regret with bootstrap intervals.",
      "Reads --logs (any folder of evaluation logs) or the warehouse's run_results. Writes a",
      "markdown report, PNG plots, the law_evaluations table and, with --predictions-out, a CSV",
      "of every prediction. Config: conf/evaluate-*.conf; keys under evaluate.*."
    })
public final class EvaluateCommand extends StageCommand {

  @Option(
      names = "--protocol",
      paramLabel = "NAME",
      description =
          "k-fold (within scale), leave-largest-scale-out (default) or scale-split"
              + " (evaluate.protocol)")
  String protocol;

  @Option(
      names = "--folds",
      paramLabel = "K",
      description = "Folds per scale of the k-fold protocol (evaluate.folds, default 5)")
  Integer folds;

  @Option(
      names = "--train-scales",
      paramLabel = "SCALES",
      split = ",",
      description = "Training scales of scale-split, by label or parameter count, e.g. 70M,160M")
  List<String> trainScales;

  @Option(
      names = "--test-scales",
      paramLabel = "SCALES",
      split = ",",
      description = "Test scales of scale-split, by label or parameter count, e.g. 410M")
  List<String> testScales;

  @Option(
      names = "--laws",
      paramLabel = "LAWS",
      split = ",",
      description =
          "Laws to compare: camel, camel-core, data-mixing-law, shukor-additive, shukor-joint,"
              + " chinchilla, regmix-gbt (evaluate.laws)")
  List<String> laws;

  @Option(
      names = "--targets",
      paramLabel = "TARGETS",
      split = ",",
      description = "Validation targets to score; default every target (evaluate.targets)")
  List<String> targets;

  @Option(
      names = "--logs",
      paramLabel = "PATH",
      description =
          "Evaluation log file or folder to read instead of run_results; repeatable. For"
              + " --format regmix, the mixtures CSV (with --losses). Source options such as"
              + " domains and scales come from evaluate.log-options (evaluate.logs)")
  List<String> logs;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description =
          "Format of --logs: mixlaw-jsonl, mixlaw-csv, mixing-laws or regmix; detected when"
              + " absent (evaluate.log-options.format)")
  String format;

  @Option(
      names = "--losses",
      paramLabel = "CSV",
      description = "RegMix losses CSV paired with the mixtures CSV of --logs")
  String losses;

  @Option(
      names = "--scale",
      paramLabel = "LABEL",
      description = "Scale label of the runs of --logs, for formats that do not name it (RegMix)")
  String scale;

  @Option(
      names = "--step",
      paramLabel = "STEP",
      description = "Score the evaluations at this optimizer step (evaluate.selection.step)")
  Long step;

  @Option(
      names = "--predictions-out",
      paramLabel = "FILE",
      description = "Write every prediction to this CSV (evaluate.predictions-out)")
  Path predictionsOut;

  @Option(
      names = "--report-out",
      paramLabel = "FILE",
      description = "Markdown report (evaluate.report; default <output-dir>/law-benchmark.md)")
  Path reportOut;

  @Option(
      names = "--plots-dir",
      paramLabel = "DIR",
      description =
          "Folder of the PNG plots (evaluate.plots-dir; default <output-dir>/law-benchmark-plots)")
  Path plotsDir;

  @Option(
      names = "--metric-bootstrap",
      paramLabel = "B",
      description = "Bootstrap resamples of the test runs per metric interval (default 1000)")
  Integer metricBootstrap;

  @Override
  protected String stageName() {
    return "evaluate-laws";
  }

  @Override
  protected void run(StageContext context) {
    StageContext effective = context.withConfig(withOptions(context.config()));
    EvaluateJob.Summary summary = EvaluateJob.run(effective);
    System.out.print(summary.report());
    System.out.printf(
        Locale.ROOT,
        "%nevaluate-laws %s: %d predictions; report %s%s%s%n",
        summary.evaluationId(),
        summary.result().predictions().size(),
        summary.reportFile(),
        summary.plots().isEmpty() ? "" : ", plots in " + summary.plots().get(0).getParent(),
        summary.table() == null ? "" : ", law_evaluations v" + summary.table().versionAfter());
  }

  /** The config with every given option set under {@code evaluate}. */
  Config withOptions(Config config) {
    Map<String, Object> values = new LinkedHashMap<>();
    putIfSet(values, "evaluate.protocol", protocol);
    putIfSet(values, "evaluate.folds", folds);
    putIfSet(values, "evaluate.train-scales", trainScales);
    putIfSet(values, "evaluate.test-scales", testScales);
    putIfSet(values, "evaluate.laws", laws);
    putIfSet(values, "evaluate.targets", targets);
    putIfSet(values, EvaluateJob.KEY_LOGS, logs);
    putIfSet(values, EvaluateJob.KEY_LOG_OPTIONS + ".format", format);
    putIfSet(values, EvaluateJob.KEY_LOG_OPTIONS + ".losses", losses);
    putIfSet(values, EvaluateJob.KEY_LOG_OPTIONS + ".scale", scale);
    if (step != null) {
      values.put("evaluate.selection.mode", "step");
      values.put("evaluate.selection.step", step);
    }

    putIfSet(
        values,
        "evaluate.predictions-out",
        predictionsOut == null ? null : predictionsOut.toString());
    putIfSet(values, "evaluate.report", reportOut == null ? null : reportOut.toString());
    putIfSet(values, "evaluate.plots-dir", plotsDir == null ? null : plotsDir.toString());
    putIfSet(values, "evaluate.metric-bootstrap.samples", metricBootstrap);
    return ConfigFactory.parseMap(values).withFallback(config);
  }

  private static void putIfSet(Map<String, Object> values, String key, Object value) {
    if (value != null) {
      values.put(key, value);
    }
  }
}

package io.mixlaw.jobs.evaluate;

import io.mixlaw.core.MixlawException;
import io.mixlaw.law.evaluation.BenchmarkData;
import io.mixlaw.law.evaluation.EvaluationResult;
import io.mixlaw.law.evaluation.FitRecord;
import io.mixlaw.law.evaluation.Fold;
import io.mixlaw.law.evaluation.LawScore;
import io.mixlaw.law.evaluation.LawSummary;
import io.mixlaw.law.evaluation.MetricSet;
import io.mixlaw.law.evaluation.Prediction;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The human- and tool-readable outputs of a benchmark: the markdown report and the CSV. */
final class EvaluationReport {

  /** Header of the predictions CSV. */
  static final String CSV_HEADER =
      "law,protocol,fold,run_id,scale,total_params,active_params,capacity,step,tokens,target,"
          + "observed,predicted";

  private EvaluationReport() {}

  /**
   * Writes every prediction as CSV (UTF-8, RFC 4180 quoting, numbers in Java's shortest round-trip
   * form), in result order.
   */
  static void writePredictions(Path file, EvaluationResult result, EvaluationInput input) {
    try {
      createParent(file);
      try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        out.write(CSV_HEADER);
        out.write('\n');
        for (Prediction p : result.predictions()) {
          EvaluationInput.RunInfo info = input.runs().get(p.runId());
          List<String> cells =
              List.of(
                  p.law(),
                  p.protocol(),
                  Integer.toString(p.fold()),
                  p.runId(),
                  p.scale(),
                  Long.toString(info.totalParams()),
                  Long.toString(info.activeParams()),
                  Double.toString(p.capacity()),
                  info.step() == null ? "" : Long.toString(info.step()),
                  Long.toString(info.tokens()),
                  p.target(),
                  Double.toString(p.observed()),
                  Double.toString(p.predicted()));
          List<String> quoted = new ArrayList<>(cells.size());
          for (String cell : cells) {
            quoted.add(csvCell(cell));
          }

          out.write(String.join(",", quoted));
          out.write('\n');
        }
      }
    } catch (IOException e) {
      throw MixlawException.wrap(
          "cannot write the predictions CSV " + file + " (--predictions-out)",
          "check that the folder is writable",
          e);
    }
  }

  static String csvCell(String text) {
    if (text.indexOf(',') < 0 && text.indexOf('"') < 0 && text.indexOf('\n') < 0) {
      return text;
    }

    return '"' + text.replace("\"", "\"\"") + '"';
  }

  /** The markdown report: input, folds, one summary table per test scale, per-target tables. */
  static String markdown(
      EvaluationResult result, EvaluationInput input, EvaluateSettings settings, String id) {
    BenchmarkData data = input.data();
    StringBuilder md = new StringBuilder();
    md.append("# Law benchmark: ").append(result.protocol()).append("\n\n");
    md.append(
        String.format(
            Locale.ROOT,
            "Evaluation `%s` on %s: %d runs at scales %s, %d validation targets, %d training"
                + " domains %s; evaluation %s; capacity %s (%s parameters).%n%n",
            id,
            input.description(),
            data.runs().size(),
            data.scales(),
            data.targets().size(),
            data.domains().size(),
            data.domains(),
            settings.selection().describe(),
            settings.capacityMeasure().name().toLowerCase(Locale.ROOT),
            settings.parameterBasis()));
    md.append("Folds:\n\n");
    for (Fold fold : result.folds()) {
      md.append(
          String.format(
              Locale.ROOT,
              "- %d: %s (%d training runs, %d test runs)%n",
              fold.index(),
              fold.label(),
              fold.trainRunIds().size(),
              fold.testRunIds().size()));
    }

    md.append(
        String.format(
            Locale.ROOT,
            "%nMetrics on the test runs: MAE and bias in nats, mean relative error, Spearman rank"
                + " correlation across mixtures, decision regret in nats (observed loss of the run"
                + " the law ranks best minus the best observed loss). Brackets: %.0f%% bootstrap"
                + " interval over %d resamples of the test runs. The aggregate target is the"
                + " validation-weighted loss %s.%n",
            100 * settings.confidence(),
            settings.metricResamples(),
            settings.validationWeights().isEmpty() ? "(equal weights)" : "(configured weights)"));
    for (String scale : result.testScales()) {
      md.append("\n## Predicting ").append(scale).append("\n\n");
      md.append(summaryTable(result, scale));
      md.append("\n### Per validation target at ").append(scale).append(": MAE\n\n");
      md.append(perTargetTable(result, scale));
    }

    md.append(fitTable(result));
    md.append(failures(result));
    return md.toString();
  }

  /** One line per law: fit counts by status and the mean in-sample RMSE of its fits. */
  static String fitTable(EvaluationResult result) {
    StringBuilder md = new StringBuilder("\n## Fits\n\n");
    md.append("| law | fits | converged | not converged | failed | mean in-sample RMSE |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: |\n");
    for (String law : result.laws()) {
      int[] counts = new int[3];
      double rmse = 0;
      int withRmse = 0;
      for (FitRecord fit : result.fits()) {
        if (!fit.law().equals(law)) {
          continue;
        }

        switch (fit.status()) {
          case CONVERGED -> counts[0]++;
          case NOT_CONVERGED -> counts[1]++;
          case FAILED -> counts[2]++;
        }

        if (Double.isFinite(fit.rmse())) {
          rmse += fit.rmse();
          withRmse++;
        }
      }

      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %d | %d | %d | %s |%n",
              law,
              counts[0] + counts[1] + counts[2],
              counts[0],
              counts[1],
              counts[2],
              withRmse == 0 ? "-" : String.format(Locale.ROOT, "%.4f", rmse / withRmse)));
    }

    return md.toString();
  }

  /** One line per law: means over the targets, then the aggregate with intervals. */
  static String summaryTable(EvaluationResult result, String scale) {
    StringBuilder md = new StringBuilder();
    md.append(
        "| law | targets | mean MAE | mean rel. error | mean Spearman | mean regret | aggregate MAE"
            + " | aggregate Spearman | aggregate regret | fits not converged / failed |\n");
    md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
    for (LawSummary summary : result.summaries()) {
      if (!summary.scale().equals(scale)) {
        continue;
      }

      MetricSet mean = summary.meanOverTargets();
      Optional<LawScore> aggregate =
          result.score(summary.law(), BenchmarkData.AGGREGATE_TARGET, scale);
      int notConverged = 0;
      int failed = 0;
      for (LawScore score : result.scoresOf(summary.law())) {
        if (score.scale().equals(scale) && !score.isAggregate()) {
          notConverged += score.fitsNotConverged();
          failed += score.fitsFailed();
        }
      }

      failed += failedWithoutScore(result, summary.law(), scale);
      md.append(
          String.format(
              Locale.ROOT,
              "| %s | %d | %.4f | %.2f%% | %.3f | %.4f | %s | %s | %s | %d / %d |%n",
              summary.law(),
              summary.targets(),
              mean.mae(),
              100 * mean.meanRelativeError(),
              mean.spearman(),
              mean.regret(),
              aggregate
                  .map(s -> withInterval(s.point().mae(), s.lower().mae(), s.upper().mae(), "%.4f"))
                  .orElse("-"),
              aggregate
                  .map(
                      s ->
                          withInterval(
                              s.point().spearman(),
                              s.lower().spearman(),
                              s.upper().spearman(),
                              "%.3f"))
                  .orElse("-"),
              aggregate
                  .map(
                      s ->
                          withInterval(
                              s.point().regret(), s.lower().regret(), s.upper().regret(), "%.4f"))
                  .orElse("-"),
              notConverged,
              failed));
    }

    return md.toString();
  }

  private static int failedWithoutScore(EvaluationResult result, String law, String scale) {
    int count = 0;
    for (FitRecord fit : result.fits()) {
      boolean scored = result.score(law, fit.target(), scale).isPresent();
      if (fit.law().equals(law) && fit.status() == FitRecord.Status.FAILED && !scored) {
        count++;
      }
    }

    return count;
  }

  /** Targets as rows, laws as columns, MAE in the cells; the lowest of each row in bold. */
  static String perTargetTable(EvaluationResult result, String scale) {
    StringBuilder md = new StringBuilder("| target |");
    StringBuilder rule = new StringBuilder("| --- |");
    for (String law : result.laws()) {
      md.append(' ').append(law).append(" |");
      rule.append(" ---: |");
    }

    md.append('\n').append(rule).append('\n');
    List<String> targets = new ArrayList<>(result.targets());
    targets.add(BenchmarkData.AGGREGATE_TARGET);
    for (String target : targets) {
      double best = Double.POSITIVE_INFINITY;
      for (String law : result.laws()) {
        Optional<LawScore> score = result.score(law, target, scale);
        if (score.isPresent()) {
          best = Math.min(best, score.get().point().mae());
        }
      }

      md.append("| ").append(target).append(" |");
      for (String law : result.laws()) {
        Optional<LawScore> score = result.score(law, target, scale);
        if (score.isEmpty()) {
          md.append(" - |");
          continue;
        }

        double mae = score.get().point().mae();
        String cell = String.format(Locale.ROOT, "%.4f", mae);
        md.append(' ').append(mae == best ? "**" + cell + "**" : cell).append(" |");
      }

      md.append('\n');
    }

    return md.toString();
  }

  private static String failures(EvaluationResult result) {
    StringBuilder md = new StringBuilder();
    for (FitRecord fit : result.fits()) {
      if (fit.status() == FitRecord.Status.FAILED) {
        if (md.length() == 0) {
          md.append("\n## Failed fits\n\n");
        }

        md.append(
            String.format(
                Locale.ROOT,
                "- %s, fold %d, %s: %s%n",
                fit.law(),
                fit.fold(),
                fit.target(),
                fit.message().replace('\n', ' ')));
      }
    }

    return md.toString();
  }

  private static String withInterval(double point, double lower, double upper, String format) {
    String value = String.format(Locale.ROOT, format, point);
    if (Double.isNaN(lower) || Double.isNaN(upper)) {
      return value;
    }

    return value
        + " ["
        + String.format(Locale.ROOT, format, lower)
        + ", "
        + String.format(Locale.ROOT, format, upper)
        + "]";
  }

  /** Writes text to a file as UTF-8, creating the folder. */
  static void write(Path file, String text, String option) {
    try {
      createParent(file);
      Files.writeString(file, text, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw MixlawException.wrap(
          "cannot write " + file + " (" + option + ")", "check that the folder is writable", e);
    }
  }

  private static void createParent(Path file) throws IOException {
    Path parent = file.toAbsolutePath().getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
  }
}

package io.mixlaw.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.mixlaw.core.table.Tables;
import io.mixlaw.jobs.TestSpark;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.law.evaluation.BenchmarkRun;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage reading the warehouse's run_results instead of logs. */
class EvaluationInputTest {

  private static final long[] PARAMS = {20_000_000, 50_000_000, 100_000_000, 300_000_000};
  private static final String[] SCALES = {"20M", "50M", "100M", "300M"};

  @TempDir Path warehouse;

  /** L = 1.8 + exp(w (0.3 - 0.2 l) + (1 - w)(0.1 - 0.05 l)) at step 2000; 5.0 at step 1000. */
  private static List<Row> runResults() {
    List<Row> rows = new ArrayList<>();
    for (int s = 0; s < SCALES.length; s++) {
      double l = Math.log(PARAMS[s] / 1e8);
      for (int k = 0; k < 6; k++) {
        double w = (k + 0.5) / 6;
        double loss = 1.8 + Math.exp(w * (0.3 - 0.2 * l) + (1 - w) * (0.1 - 0.05 * l));
        Map<String, Double> mixture = Map.of("code", w, "web", 1 - w);
        String run = SCALES[s] + "_" + k;
        rows.add(row(run, SCALES[s], PARAMS[s], 1000L, mixture, 5.0));
        rows.add(row(run, SCALES[s], PARAMS[s], 2000L, mixture, loss));
      }
    }

    return rows;
  }

  private static Row row(
      String run, String scale, long params, long step, Map<String, Double> mixture, double loss) {
    return RowFactory.create(
        run, "valid_web", "loss", step * 1_000_000, step, scale, params, params, mixture, loss, 1,
        "synthetic.jsonl");
  }

  @Test
  void readsTheLatestRunResultsAndSelectsTheFinalEvaluation() {
    StageContext context =
        TestSpark.context(
            "evaluate-laws", null, warehouse, "evaluate.laws=[camel-core]",
            "evaluate.metric-bootstrap.samples=0", "evaluate.plots-dir=\"\"",
            "evaluate.report=" + warehouse.resolve("report.md"));
    context.catalog().mergeChanges(
        "test", Tables.RUN_RESULTS, context.catalog().frame(Tables.RUN_RESULTS, runResults()));
    long version = context.catalog().version(Tables.RUN_RESULTS);

    EvaluateJob.Summary summary = EvaluateJob.run(context);

    EvaluationInput input = summary.input();
    assertThat(input.runResultsVersion()).isEqualTo(version);
    assertThat(input.description()).isEqualTo("run_results v" + version);
    assertThat(input.data().runs()).hasSize(24);
    assertThat(input.data().domains()).containsExactly("code", "web");
    BenchmarkRun first = input.data().run("100M_0");
    assertThat(first.tokens()).isEqualTo(2e9);
    assertThat(first.weights()).containsExactly(1 / 12.0, 11 / 12.0);
    assertThat(input.runs().get("100M_0").step()).isEqualTo(2000L);
    // The final evaluations follow camel-core's form exactly: the 300M runs are predicted.
    double mae = summary.result().score("camel-core", "valid_web", "300M").orElseThrow().point().mae();
    assertThat(mae).isCloseTo(0.0, within(1e-5));
  }
}

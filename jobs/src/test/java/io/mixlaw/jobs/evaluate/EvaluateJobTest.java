package io.mixlaw.jobs.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mixlaw.core.MixlawException;
import io.mixlaw.core.table.EvaluationTables;
import io.mixlaw.jobs.TestSpark;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.law.evaluation.BenchmarkData;
import io.mixlaw.law.evaluation.LawScore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The stage end to end on a slice of the bundled 5-domain ladder, read straight from the logs. */
class EvaluateJobTest {

  @TempDir Path warehouse;

  private StageContext context(String... overrides) {
    Path config = TestSpark.repositoryRoot().resolve("conf/evaluate-5mix.conf");
    String[] all = new String[overrides.length + 6];
    all[0] = "evaluate.targets=[ArXiv, Pile-CC]";
    all[1] = "evaluate.laws=[camel, data-mixing-law, regmix-gbt]";
    all[2] = "evaluate.gbt.max-iterations=5";
    all[3] = "evaluate.metric-bootstrap.samples=50";
    all[4] = "evaluate.report=" + warehouse.resolve("out/report.md");
    all[5] = "evaluate.plots-dir=" + warehouse.resolve("out/plots");
    System.arraycopy(overrides, 0, all, 6, overrides.length);
    return TestSpark.context("evaluate-laws", config, warehouse, all);
  }

  @Test
  void leaveLargestScaleOutPredictsThe410MRunsAndRerunsIdempotently() throws Exception {
    Path csv = warehouse.resolve("out/predictions.csv");
    StageContext context = context("evaluate.predictions-out=" + csv);

    EvaluateJob.Summary summary = EvaluateJob.run(context);

    // 104 runs at step 20000; 26 at 410M predicted by 3 laws on 2 targets and the aggregate.
    assertThat(summary.input().data().runs()).hasSize(104);
    assertThat(summary.input().data().validationWeights())
        .containsOnlyKeys("ArXiv", "Pile-CC");
    assertThat(summary.result().folds()).hasSize(1);
    assertThat(summary.result().folds().get(0).label()).isEqualTo("70M,160M,305M -> 410M");
    assertThat(summary.result().testScales()).containsExactly("410M");
    assertThat(summary.result().predictions()).hasSize(3 * 26 * 3);
    assertThat(summary.result().scores()).hasSize(3 * 3);
    assertThat(summary.result().scores())
        .allSatisfy(s -> assertThat(s.point().runs()).isEqualTo(26));
    LawScore camel =
        summary.result().score("camel", BenchmarkData.AGGREGATE_TARGET, "410M").orElseThrow();
    // The full ladder gives camel an aggregate MAE of about 0.011 nats at 410M
    // (docs/law-benchmark.md).
    assertThat(camel.point().mae()).isBetween(0.002, 0.03);
    assertThat(camel.point().spearman()).isGreaterThan(0.7);
    assertThat(camel.lower().mae()).isLessThanOrEqualTo(camel.point().mae());
    assertThat(camel.fitsFailed()).isZero();

    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    assertThat(lines).hasSize(1 + 3 * 26 * 3);
    assertThat(lines.get(0)).isEqualTo(EvaluationReport.CSV_HEADER);
    assertThat(lines.get(1))
        .startsWith("camel,leave-largest-scale-out,0,410M_0,410M,302311424,302311424,");
    assertThat(lines.get(1)).contains(",20000,20971520000,ArXiv,");

    assertThat(Files.readString(summary.reportFile(), StandardCharsets.UTF_8))
        .contains(
            "# Law benchmark: leave-largest-scale-out", "## Predicting 410M", "| camel | 2 |");
    assertThat(summary.plots())
        .extracting(p -> p.getFileName().toString())
        .containsExactly("camel-410M.png", "data-mixing-law-410M.png", "regmix-gbt-410M.png");
    assertThat(Files.size(summary.plots().get(0))).isGreaterThan(1000);

    List<Row> rows = context.catalog().read(EvaluationTables.LAW_EVALUATIONS).collectAsList();
    assertThat(rows).hasSize(9);
    Row row =
        rows.stream()
            .filter(
                r ->
                    r.getString(r.fieldIndex("law")).equals("camel")
                        && r.getString(r.fieldIndex("target")).equals("aggregate"))
            .findFirst()
            .orElseThrow();
    assertThat(row.getDouble(row.fieldIndex("mae"))).isEqualTo(camel.point().mae());
    assertThat(row.getList(row.fieldIndex("train_scales"))).containsExactly("70M", "160M", "305M");
    assertThat(row.getLong(row.fieldIndex("run_results_version"))).isEqualTo(-1);

    long version = context.catalog().version(EvaluationTables.LAW_EVALUATIONS);
    EvaluateJob.Summary again = EvaluateJob.run(context);
    assertThat(again.evaluationId()).isEqualTo(summary.evaluationId());
    assertThat(again.table().changedRows()).isZero();
    assertThat(context.catalog().version(EvaluationTables.LAW_EVALUATIONS)).isEqualTo(version);
  }

  @Test
  void scaleSplitByParameterCountTestsTwoScales() {
    StageContext context =
        context(
            "evaluate.protocol=scale-split",
            "evaluate.train-scales=[70M, 85056000]",
            "evaluate.test-scales=[305M, 410M]",
            "evaluate.laws=[camel-core]",
            "evaluate.write-table=false",
            "evaluate.plots-dir=\"\"");

    EvaluateJob.Summary summary = EvaluateJob.run(context);

    assertThat(summary.result().folds().get(0).label()).isEqualTo("70M,160M -> 305M,410M");
    assertThat(summary.result().testScales()).containsExactly("305M", "410M");
    assertThat(summary.result().predictions()).hasSize(52 * 3);
    assertThat(summary.table()).isNull();
    assertThat(summary.plots()).isEmpty();
  }

  @Test
  void aMissingStepIsAUserErrorNamingTheSelection() {
    StageContext context = context("evaluate.selection.step=20001", "evaluate.laws=[camel-core]");

    assertThatThrownBy(() -> EvaluateJob.run(context))
        .isInstanceOf(MixlawException.class)
        .hasMessageContaining("has an evaluation at step=20001")
        .hasMessageContaining("choose another evaluate.selection");
  }
}

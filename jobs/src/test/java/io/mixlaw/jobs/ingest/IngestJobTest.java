package io.mixlaw.jobs.ingest;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import io.mixlaw.core.table.MergeOutcome;
import io.mixlaw.core.table.Tables;
import io.mixlaw.jobs.TestSpark;
import io.mixlaw.jobs.cli.StageContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IngestJobTest {

  private static final Path BAD_RECORDS =
      TestSpark.repositoryRoot().resolve("pipeline-core/src/test/resources/ingest/bad-records.jsonl");

  @TempDir Path directory;

  private StageContext context() throws Exception {
    Path config = directory.resolve("ingest.conf");
    Files.writeString(
        config,
        "mixlaw.ingest.sources = [{ format = mixlaw-jsonl, path = \"" + BAD_RECORDS + "\",\n"
            + "  domains = [web, code], scales { \"70M\" { total = 18915328 } }, tokens-per-step = 1048576 }]\n",
        StandardCharsets.UTF_8);
    return TestSpark.context("ingest", config, directory.resolve("warehouse"));
  }

  @Test
  void badRecordsAreQuarantinedWithReasonsAndOnlyValidOnesReachRunResults() throws Exception {
    StageContext context = context();
    IngestJob.Summary summary = IngestJob.run(context);

    List<String> lines = Files.readAllLines(BAD_RECORDS, StandardCharsets.UTF_8);
    assertThat(summary.valid()).isEqualTo(2);
    assertThat(summary.runResults()).isEqualTo(1);
    long quarantinedLines =
        context.catalog().read(Tables.EVAL_QUARANTINE).select("line_number").distinct().count();
    assertThat(quarantinedLines).isEqualTo(lines.size() - 2);

    List<String> reasons =
        context.catalog().read(Tables.EVAL_QUARANTINE).orderBy("line_number").select("reason").as(
            org.apache.spark.sql.Encoders.STRING()).collectAsList();
    assertThat(String.join("\n", reasons))
        .contains(
            "loss is NaN",
            "loss is Infinity",
            "loss is -0.5, not above 0",
            "weight of domain 'code' is -0.25",
            "mixture weights sum to 0.9",
            "unknown domain 'xyz'",
            "run 'mixture-clash' has two different mixtures",
            "run 'good' has conflicting values",
            "invalid JSON");

    Map<String, Double> mixture = new TreeMap<>(Map.of("code", 0.5, "web", 0.5));
    Row expected =
        RowFactory.create(
            "good", "web_val", "loss", 1_048_576_000L, 1000L, "70M", 18_915_328L, 18_915_328L,
            scala.collection.JavaConverters.mapAsScalaMap(mixture).toMap(scala.Predef$.MODULE$.$conforms()),
            3.0, 2, BAD_RECORDS.toString());
    Dataset<Row> expectedFrame =
        context.spark().createDataFrame(List.of(expected), Tables.RUN_RESULTS.schema());
    new JavaDataFrameSuiteBase()
        .assertDataFrameApproximateEquals(expectedFrame, context.catalog().read(Tables.RUN_RESULTS), 1e-12);

    long bronzeValid = context.catalog().read(Tables.EVAL_RECORDS).filter(col("status").equalTo("valid")).count();
    assertThat(bronzeValid).isEqualTo(2);
  }

  @Test
  void reingestingTheSameFilesChangesNoTable() throws Exception {
    StageContext context = context();
    IngestJob.run(context);
    long[] before = versions(context);

    IngestJob.Summary again = IngestJob.run(context);

    assertThat(again.outcomes()).extracting(MergeOutcome::changedRows).containsOnly(0L);
    assertThat(versions(context)).containsExactly(before);
  }

  @Test
  void aRecordThatTurnsBadOrIsFixedLeavesNoStaleRowBehind() throws Exception {
    Path log = directory.resolve("runs.jsonl");
    String good = "{\"run_id\": \"r1\", \"scale\": \"70M\", \"step\": 1000, \"mixture\": {\"web\": 1.0},"
        + " \"target\": \"web_val\", \"value\": %s}\n";
    Files.writeString(log, String.format(java.util.Locale.ROOT, good, "3.3"), StandardCharsets.UTF_8);
    Path config = directory.resolve("stale.conf");
    Files.writeString(
        config,
        "mixlaw.ingest.sources = [{ format = mixlaw-jsonl, path = \"" + log + "\",\n"
            + "  domains = [web], scales { \"70M\" { total = 18915328 } }, tokens-per-step = 1048576 }]\n",
        StandardCharsets.UTF_8);
    StageContext context = TestSpark.context("ingest", config, directory.resolve("stale-warehouse"));
    IngestJob.run(context);
    assertThat(context.catalog().read(Tables.RUN_RESULTS).count()).isEqualTo(1);

    Files.writeString(log, String.format(java.util.Locale.ROOT, good, "NaN"), StandardCharsets.UTF_8);
    IngestJob.run(context);
    assertThat(context.catalog().read(Tables.RUN_RESULTS).count()).isZero();
    assertThat(context.catalog().read(Tables.EVAL_QUARANTINE).count()).isEqualTo(1);

    Files.writeString(log, String.format(java.util.Locale.ROOT, good, "3.2"), StandardCharsets.UTF_8);
    IngestJob.run(context);
    assertThat(context.catalog().read(Tables.EVAL_QUARANTINE).count()).isZero();
    assertThat(context.catalog().read(Tables.RUN_RESULTS).select("value").as(org.apache.spark.sql.Encoders.DOUBLE())
        .collectAsList()).containsExactly(3.2);
  }

  private static long[] versions(StageContext context) {
    return new long[] {
      context.catalog().version(Tables.EVAL_RECORDS),
      context.catalog().version(Tables.EVAL_QUARANTINE),
      context.catalog().version(Tables.RUN_RESULTS)
    };
  }
}

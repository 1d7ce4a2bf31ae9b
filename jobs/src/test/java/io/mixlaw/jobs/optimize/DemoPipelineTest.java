package io.mixlaw.jobs.optimize;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixlaw.core.table.Tables;
import io.mixlaw.jobs.TestSpark;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.jobs.fit.FitJob;
import io.mixlaw.jobs.ingest.IngestJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's ingest, fit and optimize on the bundled 5-domain ladder, run twice. */
class DemoPipelineTest {

  @TempDir Path warehouse;

  @Test
  void rerunningTheWholePipelineYieldsIdenticalTablesAndRecommendation() throws Exception {
    Path config = TestSpark.repositoryRoot().resolve("conf/demo.conf");
    StageContext context = TestSpark.context("demo", config, warehouse, "fit.bootstrap.samples=6");

    IngestJob.Summary ingest = IngestJob.run(context.forStage("ingest"));
    FitJob.Summary fit = FitJob.run(context.forStage("fit"));
    Recommendation first = OptimizeJob.run(context.forStage("optimize"));
    List<Row> firstRows = recommendationRows(context);
    long[] versions = versions(context);

    // 26 mixtures x 4 scales, each evaluated on the 22 Pile validation domains at step 20000.
    assertThat(fit.runs()).isEqualTo(104);
    assertThat(fit.targets()).isEqualTo(22);
    assertThat(fit.fits()).isEqualTo(7 * 22);
    assertThat(ingest.quarantined()).isZero();
    long atStep = context.catalog().read(Tables.RUN_RESULTS).filter(col("step").equalTo(20000)).count();
    assertThat(atStep).isEqualTo(104 * 22);

    assertThat(first.domains()).extracting(Recommendation.DomainWeight::domain)
        .containsExactly("academic", "prose", "dialogue", "symbolic", "internet");
    double sum = first.domains().stream().mapToDouble(Recommendation.DomainWeight::weight).sum();
    assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-9));
    for (Recommendation.DomainWeight w : first.domains()) {
      assertThat(w.lo()).isLessThanOrEqualTo(w.median());
      assertThat(w.median()).isLessThanOrEqualTo(w.hi());
    }
    assertThat(first.predictedLossLo()).isLessThanOrEqualTo(first.predictedLossHi());
    assertThat(first.bootstrapsUsed() + first.bootstrapsExcluded()).isEqualTo(6);

    JsonNode json = new ObjectMapper().readTree(Files.readString(warehouse.resolve("out/recommendation.json")));
    assertThat(json.path("domains").path("academic").path("weight").asDouble())
        .isEqualTo(first.domains().get(0).weight());
    assertThat(json.path("predicted_loss").path("value").asDouble()).isEqualTo(first.predictedLoss());

    IngestJob.Summary again = IngestJob.run(context.forStage("ingest"));
    FitJob.Summary refit = FitJob.run(context.forStage("fit"));
    Recommendation second = OptimizeJob.run(context.forStage("optimize"));

    assertThat(again.outcomes()).allSatisfy(o -> assertThat(o.changedRows()).isZero());
    assertThat(refit.fitId()).isEqualTo(fit.fitId());
    assertThat(second).isEqualTo(first);
    assertThat(recommendationRows(context)).containsExactlyElementsOf(firstRows);
    assertThat(versions(context)).containsExactly(versions);
  }

  private static List<Row> recommendationRows(StageContext context) {
    return context.catalog().read(Tables.MIXTURE_RECOMMENDATIONS).orderBy("recommendation_id", "domain").collectAsList();
  }

  private static long[] versions(StageContext context) {
    return new long[] {
      context.catalog().version(Tables.EVAL_RECORDS),
      context.catalog().version(Tables.EVAL_QUARANTINE),
      context.catalog().version(Tables.RUN_RESULTS),
      context.catalog().version(Tables.LAW_FITS),
      context.catalog().version(Tables.MIXTURE_RECOMMENDATIONS)
    };
  }
}

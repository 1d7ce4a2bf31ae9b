package io.mixlaw.jobs.fit;

import static org.apache.spark.sql.functions.col;

import io.mixlaw.core.MixlawException;
import io.mixlaw.core.table.MergeOutcome;
import io.mixlaw.core.table.Tables;
import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.util.LongAccumulator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The fit stage: reads {@code run_results}, fits the law to every validation target (index 0)
 * and to B bootstrap resamples of whole runs (indices 1..B) in parallel on Spark, and writes one
 * {@code law_fits} row per index and target.
 *
 * <p>The fit id is a hash of the settings and of the {@code run_results} version, so the same
 * inputs always give the same id and a rerun rewrites nothing.
 */
public final class FitJob {

  private static final Logger LOG = LoggerFactory.getLogger(FitJob.class);
  private static final long PROGRESS_INTERVAL_SECONDS = 10;
  private static final int TASKS_PER_CORE = 8;

  private FitJob() {}

  /**
   * The outcome of a fit stage.
   *
   * @param fitId id of the fit in law_fits
   * @param runs runs fitted
   * @param targets validation targets
   * @param fits fits computed (0 when the fit was already complete)
   * @param notConverged fits whose optimizer did not converge
   * @param runResultsVersion version of run_results fitted
   */
  public record Summary(String fitId, int runs, int targets, int fits, int notConverged, long runResultsVersion) {}

  /** Runs the stage. */
  public static Summary run(StageContext context) {
    long start = System.nanoTime();
    FitSettings settings = FitSettings.fromConfig(context.config());
    long version = context.catalog().version(Tables.RUN_RESULTS);
    FitInput input = readInput(context, settings, version);
    String fitId = fitId(settings, version);
    int expectedRows = (settings.bootstrapSamples() + 1) * input.targets().size();
    LOG.info(
        "Fitting law {} to {} runs x {} targets ({} domains, {}) from run_results v{}: fit {}, {} bootstrap resamples",
        settings.law().name(), input.runs().size(), input.targets().size(), input.domains().size(),
        settings.selection().describe(), version, fitId, settings.bootstrapSamples());

    long existing =
        context.catalog().read(Tables.LAW_FITS).filter(col("fit_id").equalTo(fitId)).count();
    if (existing == expectedRows) {
      LOG.info("Fit {} is already complete in law_fits ({} rows); nothing to do", fitId, existing);
      return new Summary(fitId, input.runs().size(), input.targets().size(), 0, 0, version);
    }

    BootstrapFitter fitter = new BootstrapFitter(input, settings.law(), settings.seed());
    List<FitRow> rows = fitOnSpark(context, fitter, settings);
    int notConverged = (int) rows.stream().filter(r -> !r.diagnostics().converged()).count();
    logPointFit(rows);

    Dataset<Row> frame = toFrame(context, rows, fitId, input, settings, version);
    MergeOutcome outcome = context.catalog().mergeChanges(context.stage(), Tables.LAW_FITS, frame);
    LOG.info(
        "Fit {}: {} fits ({} not converged) in {} s; law_fits v{} -> v{}",
        fitId, rows.size(), notConverged, StageCommand.seconds(start), outcome.versionBefore(), outcome.versionAfter());
    return new Summary(fitId, input.runs().size(), input.targets().size(), rows.size(), notConverged, version);
  }

  /** Reads run_results at a version and assembles the fit input. */
  static FitInput readInput(StageContext context, FitSettings settings, long version) {
    List<Row> rows =
        context.catalog().read(Tables.RUN_RESULTS, version)
            .filter(col("metric").equalTo(settings.metric()))
            .collectAsList();
    List<FitInputs.Evaluation> evaluations = new ArrayList<>(rows.size());
    for (Row row : rows) {
      evaluations.add(FitInputs.Evaluation.of(row));
    }
    return FitInputs.build(evaluations, settings);
  }

  /** The fit id of settings applied to a run_results version. */
  public static String fitId(FitSettings settings, long runResultsVersion) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      byte[] hash =
          digest.digest((settings.canonical() + "|run_results=" + runResultsVersion).getBytes(StandardCharsets.UTF_8));
      return "fit-" + HexFormat.of().formatHex(hash, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }

  /** Fits indices 0..B on Spark, one task per partition, logging progress while it runs. */
  static List<FitRow> fitOnSpark(StageContext context, BootstrapFitter fitter, FitSettings settings) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(context.spark().sparkContext());
    int indices = settings.bootstrapSamples() + 1;
    // Several tasks per core so that progress, which Spark reports per finished task, moves often.
    int partitions =
        settings.partitions() > 0 ? settings.partitions() : jsc.defaultParallelism() * TASKS_PER_CORE;
    partitions = Math.max(1, Math.min(partitions, indices));
    Broadcast<BootstrapFitter> shared = jsc.broadcast(fitter);
    LongAccumulator done = jsc.sc().longAccumulator("mixlaw.fit.indices");
    List<Integer> all = IntStream.range(0, indices).boxed().toList();
    JavaRDD<FitRow> rdd =
        jsc.parallelize(all, partitions)
            .flatMap(
                index -> {
                  List<FitRow> rows = shared.value().fit(index);
                  done.add(1);
                  return rows.iterator();
                });
    JavaFutureAction<List<FitRow>> future = rdd.collectAsync();
    long start = System.nanoTime();
    try {
      while (true) {
        try {
          List<FitRow> rows = new ArrayList<>(future.get(PROGRESS_INTERVAL_SECONDS, TimeUnit.SECONDS));
          LOG.info("Fitted {} of {} resamples in {} s", indices, indices, StageCommand.seconds(start));
          shared.destroy();
          return rows;
        } catch (TimeoutException e) {
          LOG.info("Fitted {} of {} resamples, {} s so far", done.value(), indices, StageCommand.seconds(start));
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      future.cancel(true);
      throw MixlawException.of("fit interrupted", "the job was cancelled", "rerun bin/mixlaw fit");
    } catch (ExecutionException e) {
      throw MixlawException.wrap(
          "stage " + context.stage() + " failed while fitting on Spark", "see the cause; law_fits is unchanged", e.getCause());
    }
  }

  /** Fits indices 0..B one after another on this thread; the reference for the Spark path. */
  public static List<FitRow> fitSerially(BootstrapFitter fitter, int bootstrapSamples) {
    List<FitRow> rows = new ArrayList<>();
    for (int index = 0; index <= bootstrapSamples; index++) {
      rows.addAll(fitter.fit(index));
    }
    return rows;
  }

  private static void logPointFit(Collection<FitRow> rows) {
    for (FitRow row : rows) {
      if (row.bootstrapIndex() == 0) {
        LOG.debug(
            "Point fit {}: rmse {} r2 {} converged {} iterations {}",
            row.target(), row.diagnostics().rmse(), row.diagnostics().r2(), row.diagnostics().converged(),
            row.diagnostics().iterations());
        if (!row.diagnostics().converged()) {
          LOG.warn("Point fit of target {} did not converge: {}", row.target(), row.diagnostics().message());
        }
      }
    }
  }

  static Dataset<Row> toFrame(
      StageContext context, List<FitRow> rows, String fitId, FitInput input, FitSettings settings, long version) {
    List<Row> out = new ArrayList<>(rows.size());
    for (FitRow r : rows) {
      var d = r.diagnostics();
      List<Double> parameters = new ArrayList<>();
      for (double p : r.parameters()) {
        parameters.add(p);
      }
      out.add(
          RowFactory.create(
              fitId, r.bootstrapIndex(), r.target(), r.law(), input.domains(), r.parameterNames(), parameters,
              d.observations(), r.runs(), d.rmse(), d.mae(), d.r2(), d.spearman(), d.converged(), d.iterations(),
              d.evaluations(), d.cost(), d.message(), settings.capacityMeasure().name().toLowerCase(java.util.Locale.ROOT),
              settings.capacityBlend(), settings.law().referenceCapacity(), settings.parameterBasis(),
              settings.selection().describe(), settings.seed(), version));
    }
    return context.catalog().frame(Tables.LAW_FITS, out);
  }
}

package io.mixlaw.benchmarks;

import io.mixlaw.jobs.fit.BootstrapFitter;
import io.mixlaw.jobs.fit.FitInput;
import io.mixlaw.jobs.fit.FitJob;
import io.mixlaw.jobs.fit.FitRow;
import io.mixlaw.jobs.fit.LawSpec;
import io.mixlaw.law.BootstrapSampler;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A bootstrap of B CAMEL fits of the 5-domain ladder (each resample: all 22 targets on 104 runs
 * drawn with replacement within each scale), serially on one thread and on an embedded Spark with
 * {@code local[2]}, the way the fit stage distributes it. Goal: B = 1000 in under 30 s on 2 cores.
 *
 * <p>Each operation is one whole bootstrap, so the mode is single-shot.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(
    value = 1,
    jvmArgsAppend = {
      "-Xmx3g",
      "-Dfile.encoding=UTF-8",
      "-Duser.timezone=UTC",
      "--add-opens=java.base/java.lang=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.invoke=ALL-UNNAMED",
      "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
      "--add-opens=java.base/java.io=ALL-UNNAMED",
      "--add-opens=java.base/java.net=ALL-UNNAMED",
      "--add-opens=java.base/java.nio=ALL-UNNAMED",
      "--add-opens=java.base/java.util=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
      "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
      "--add-opens=java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED",
      "--add-opens=java.base/sun.security.action=ALL-UNNAMED",
      "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED",
      "-Djdk.reflect.useDirectMethodHandle=false"
    })
public class BootstrapBenchmark {

  /** Spark master of the distributed variant. */
  static final String MASTER = "local[2]";

  /** Bootstrap resamples B. */
  @Param({"1000"})
  public int resamples;

  private BootstrapFitter fitter;
  private SparkSession spark;

  /** Reads the ladder and starts the Spark session once per trial. */
  @Setup
  public void start() {
    FitInput input = Ladder.load();
    LawSpec spec = Ladder.lawSpec("camel");
    fitter = new BootstrapFitter(input, spec, BootstrapSampler.DEFAULT_BASE_SEED);
    spark =
        SparkSession.builder()
            .appName("mixlaw benchmark")
            .master(MASTER)
            .config("spark.ui.enabled", false)
            .config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .getOrCreate();
    spark.sparkContext().setLogLevel("WARN");
  }

  /** Stops the session. */
  @TearDown
  public void stop() {
    spark.stop();
  }

  /** Indices 1..B one after another on the benchmark thread. */
  @Benchmark
  public List<FitRow> serial() {
    return FitJob.fitSerially(fitter, resamples);
  }

  /** Indices 1..B as the fit stage runs them: broadcast input, one task per partition. */
  @Benchmark
  public List<FitRow> spark() {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    Broadcast<BootstrapFitter> shared = jsc.broadcast(fitter);
    List<Integer> indices = IntStream.rangeClosed(0, resamples).boxed().toList();
    List<FitRow> rows =
        jsc.parallelize(indices, jsc.defaultParallelism())
            .flatMap(index -> shared.value().fit(index).iterator())
            .collect();
    shared.destroy();
    return rows;
  }
}

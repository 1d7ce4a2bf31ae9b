package io.mixlaw.jobs.data;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of a long Spark action: tasks finished out of the total and a caller-supplied
 * detail (documents, tokens), at most every {@link #DEFAULT_INTERVAL_SECONDS} seconds and once at
 * the last task. Attach it around one action and close it afterwards.
 */
final class StageProgress extends SparkListener implements AutoCloseable {

  /** Least time between two progress lines. */
  static final double DEFAULT_INTERVAL_SECONDS = 5.0;

  private static final Logger LOG = LoggerFactory.getLogger(StageProgress.class);

  private final SparkSession spark;
  private final String what;
  private final int tasks;
  private final Supplier<String> detail;
  private final AtomicInteger finished = new AtomicInteger();
  private final long start = System.nanoTime();
  private volatile long lastLog = System.nanoTime();

  private StageProgress(SparkSession spark, String what, int tasks, Supplier<String> detail) {
    this.spark = spark;
    this.what = what;
    this.tasks = tasks;
    this.detail = detail;
  }

  /** Starts reporting the progress of {@code tasks} tasks. */
  static StageProgress start(SparkSession spark, String what, int tasks, Supplier<String> detail) {
    StageProgress progress = new StageProgress(spark, what, tasks, detail);
    spark.sparkContext().addSparkListener(progress);
    return progress;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    // Tasks of later stages of the same action (a final count) finish after these and are not
    // reported.
    int done = finished.incrementAndGet();
    long now = System.nanoTime();
    if (done == tasks || (done < tasks && (now - lastLog) / 1e9 >= DEFAULT_INTERVAL_SECONDS)) {
      lastLog = now;
      LOG.info(
          "{}: {}/{} tasks done after {} s, {}",
          what,
          done,
          tasks,
          String.format(Locale.ROOT, "%.1f", (now - start) / 1e9),
          detail.get());
    }
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}

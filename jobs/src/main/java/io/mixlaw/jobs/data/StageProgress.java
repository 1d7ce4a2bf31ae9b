package io.mixlaw.jobs.data;

import java.util.Locale;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs the progress of a long Spark action as units done out of the total (files read, shards
 * written), counted by an accumulator that the tasks update, with a caller-supplied detail. It logs
 * when a task ends, at most every {@link #DEFAULT_INTERVAL_SECONDS} seconds, and once when every
 * unit is done. Attach it around one action and close it afterwards.
 */
final class StageProgress extends SparkListener implements AutoCloseable {

  /** Least time between two progress lines. */
  static final double DEFAULT_INTERVAL_SECONDS = 5.0;

  private static final Logger LOG = LoggerFactory.getLogger(StageProgress.class);

  private final SparkSession spark;
  private final String what;
  private final String unit;
  private final long total;
  private final LongSupplier done;
  private final Supplier<String> detail;
  private final long start = System.nanoTime();
  private long lastLog = System.nanoTime();
  private boolean finished;

  private StageProgress(
      SparkSession spark,
      String what,
      String unit,
      long total,
      LongSupplier done,
      Supplier<String> detail) {
    this.spark = spark;
    this.what = what;
    this.unit = unit;
    this.total = total;
    this.done = done;
    this.detail = detail;
  }

  /**
   * Starts reporting.
   *
   * @param spark the session whose tasks are watched
   * @param what the name of the work, for example {@code "tokenize"}
   * @param unit what is counted, for example {@code "files"}
   * @param total how many units there are
   * @param done the units done so far (an accumulator's value)
   * @param detail further numbers for the log line
   */
  static StageProgress start(
      SparkSession spark,
      String what,
      String unit,
      long total,
      LongSupplier done,
      Supplier<String> detail) {
    StageProgress progress = new StageProgress(spark, what, unit, total, done, detail);
    spark.sparkContext().addSparkListener(progress);
    return progress;
  }

  @Override
  public synchronized void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    long now = System.nanoTime();
    long units = done.getAsLong();
    boolean complete = units >= total;
    if (finished || !(complete || (now - lastLog) / 1e9 >= DEFAULT_INTERVAL_SECONDS)) {
      return;
    }

    finished = complete;
    lastLog = now;
    LOG.info(
        "{}: {}/{} {} done after {} s, {}",
        what,
        units,
        total,
        unit,
        String.format(Locale.ROOT, "%.1f", (now - start) / 1e9),
        detail.get());
  }

  @Override
  public void close() {
    spark.sparkContext().removeSparkListener(this);
  }
}

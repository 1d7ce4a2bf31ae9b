package io.mixlaw.core.spark;

import com.typesafe.config.Config;
import org.apache.spark.sql.SparkSession;

/**
 * Creates or joins the Spark session of a stage.
 *
 * <p>Under {@code spark-submit} (or in a test JVM that already has a session) the active session
 * is reused and only the Delta settings are ensured; otherwise an embedded session starts with the
 * master from {@code mixlaw.spark.master} ({@code local[*]} by default), the web UI off and the
 * driver bound to the loopback interface.
 */
public final class SparkSessions {

  /** Spark SQL extension class of Delta Lake. */
  public static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";

  /** Catalog class of Delta Lake. */
  public static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

  private SparkSessions() {}

  /**
   * Returns the session for a stage.
   *
   * @param config the {@code mixlaw} config subtree
   * @param appName application name shown by Spark
   */
  public static SparkSession getOrCreate(Config config, String appName) {
    Config spark = config.getConfig("spark");
    SparkSession.Builder builder =
        SparkSession.builder()
            .appName(appName)
            .config("spark.sql.extensions", DELTA_EXTENSION)
            .config("spark.sql.catalog.spark_catalog", DELTA_CATALOG)
            .config("spark.sql.session.timeZone", "UTC")
            .config("spark.sql.shuffle.partitions", spark.getInt("shuffle-partitions"))
            .config("spark.default.parallelism", spark.getInt("default-parallelism"))
            .config("spark.ui.enabled", spark.getBoolean("ui"))
            .config("spark.databricks.delta.snapshotPartitions", spark.getInt("shuffle-partitions"))
            .config("spark.sql.warehouse.dir", config.getString("warehouse") + "/_spark_sql");
    boolean submitted = System.getProperty("spark.master") != null;
    if (!submitted) {
      builder
          .master(spark.getString("master"))
          .config("spark.driver.host", "127.0.0.1")
          .config("spark.driver.bindAddress", "127.0.0.1");
    }
    for (var entry : spark.getConfig("conf").entrySet()) {
      builder.config(entry.getKey().replace("\"", ""), entry.getValue().unwrapped().toString());
    }
    SparkSession session = builder.getOrCreate();
    session.sparkContext().setLogLevel(spark.getString("log-level"));
    return session;
  }
}

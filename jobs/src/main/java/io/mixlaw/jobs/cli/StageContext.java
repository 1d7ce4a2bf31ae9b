package io.mixlaw.jobs.cli;

import com.typesafe.config.Config;
import io.mixlaw.core.table.TableCatalog;
import java.util.Objects;
import org.apache.spark.sql.SparkSession;

/**
 * Everything a stage needs to run.
 *
 * @param stage stage name, for logs and errors
 * @param config the resolved {@code mixlaw} config subtree
 * @param spark the Spark session
 * @param catalog the Delta tables under the configured warehouse
 */
public record StageContext(String stage, Config config, SparkSession spark, TableCatalog catalog) {

  /** Null-checks every component. */
  public StageContext {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(spark, "spark");
    Objects.requireNonNull(catalog, "catalog");
  }

  /** Creates the context of a stage on a session, with the catalog at {@code mixlaw.warehouse}. */
  public static StageContext of(String stage, Config config, SparkSession spark) {
    return new StageContext(stage, config, spark, new TableCatalog(spark, config.getString("warehouse")));
  }

  /** The same context with another configuration. */
  public StageContext withConfig(Config otherConfig) {
    return new StageContext(stage, otherConfig, spark, catalog);
  }

  /** The same context under another stage name. */
  public StageContext forStage(String otherStage) {
    return new StageContext(otherStage, config, spark, catalog);
  }
}

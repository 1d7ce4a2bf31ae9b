package io.mixlaw.core.table;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createMapType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/**
 * Definitions of the evaluation, fit and recommendation tables.
 *
 * <p>Parameter counts are stored as given by the evaluation logs; the basis (non-embedding
 * unless the deployment says otherwise) is recorded in {@code law_fits} and {@code
 * mixture_recommendations}.
 */
public final class Tables {

  private static final DataType MIXTURE = createMapType(StringType, DoubleType, false);

  /** Bronze: one raw evaluation record per source line and target. */
  public static final TableDefinition EVAL_RECORDS =
      new TableDefinition(
          "eval_records",
          createStructType(
              List.of(
                  required("source_file", StringType),
                  required("line_number", LongType),
                  required("target", StringType),
                  required("metric", StringType),
                  required("format", StringType),
                  required("run_id", StringType),
                  optional("scale", StringType),
                  required("total_params", LongType),
                  required("active_params", LongType),
                  optional("step", LongType),
                  required("tokens", LongType),
                  required("mixture", MIXTURE),
                  required("value", DoubleType),
                  required("status", StringType),
                  required("raw", StringType))),
          List.of("source_file", "line_number", "target", "metric"),
          "Bronze: one raw evaluation record per source line and target, written by ingest;"
              + " status is valid or quarantined");

  /** Records rejected by ingest, with the reason. */
  public static final TableDefinition EVAL_QUARANTINE =
      new TableDefinition(
          "eval_quarantine",
          createStructType(
              List.of(
                  required("source_file", StringType),
                  required("line_number", LongType),
                  required("reason", StringType),
                  required("format", StringType),
                  required("raw", StringType))),
          List.of("source_file", "line_number", "reason"),
          "Rejected evaluation records with the reason and the fix, written by ingest");

  /** Silver: one row per run, evaluation target, metric and training tokens. */
  public static final TableDefinition RUN_RESULTS =
      new TableDefinition(
          "run_results",
          createStructType(
              List.of(
                  required("run_id", StringType),
                  required("target", StringType),
                  required("metric", StringType),
                  required("tokens", LongType),
                  optional("step", LongType),
                  required("scale", StringType),
                  required("total_params", LongType),
                  required("active_params", LongType),
                  required("mixture", MIXTURE),
                  required("value", DoubleType),
                  required("record_count", IntegerType),
                  required("source_file", StringType))),
          List.of("run_id", "target", "metric", "tokens"),
          "Silver: one row per run x evaluation target x metric x training tokens, duplicates"
              + " collapsed, written by ingest");

  /** One row per fit, bootstrap index and validation target. */
  public static final TableDefinition LAW_FITS =
      new TableDefinition(
          "law_fits",
          createStructType(
              List.of(
                  required("fit_id", StringType),
                  required("bootstrap_index", IntegerType),
                  required("target", StringType),
                  required("law", StringType),
                  required("domains", createArrayType(StringType, false)),
                  required("parameter_names", createArrayType(StringType, false)),
                  required("parameters", createArrayType(DoubleType, false)),
                  required("observations", IntegerType),
                  required("runs", IntegerType),
                  required("rmse", DoubleType),
                  required("mae", DoubleType),
                  required("r2", DoubleType),
                  required("spearman", DoubleType),
                  required("converged", BooleanType),
                  required("iterations", IntegerType),
                  required("evaluations", IntegerType),
                  required("cost", DoubleType),
                  required("message", StringType),
                  required("capacity_measure", StringType),
                  required("capacity_blend", DoubleType),
                  required("reference_capacity", DoubleType),
                  required("parameter_basis", StringType),
                  required("step_selection", StringType),
                  required("base_seed", LongType),
                  required("run_results_version", LongType))),
          List.of("fit_id", "bootstrap_index", "target"),
          "Law fits: index 0 is the point fit, 1..B the bootstrap fits; parameters, fit metrics,"
              + " convergence and the run_results version fitted, written by fit");

  /** Gold: one row per recommendation and training domain. */
  public static final TableDefinition MIXTURE_RECOMMENDATIONS =
      new TableDefinition(
          "mixture_recommendations",
          createStructType(
              List.of(
                  required("recommendation_id", StringType),
                  required("domain", StringType),
                  required("weight", DoubleType),
                  required("weight_lo", DoubleType),
                  required("weight_median", DoubleType),
                  required("weight_hi", DoubleType),
                  required("lower_bound", DoubleType),
                  required("upper_bound", DoubleType),
                  required("predicted_loss", DoubleType),
                  required("predicted_loss_lo", DoubleType),
                  required("predicted_loss_hi", DoubleType),
                  required("confidence", DoubleType),
                  required("fit_id", StringType),
                  required("law", StringType),
                  required("target_label", StringType),
                  required("target_total_params", DoubleType),
                  required("target_active_params", DoubleType),
                  required("target_tokens", DoubleType),
                  required("target_capacity", DoubleType),
                  required("capacity_measure", StringType),
                  required("parameter_basis", StringType),
                  required("bootstraps_used", IntegerType),
                  required("bootstraps_excluded", IntegerType),
                  required("kkt_stationarity", DoubleType),
                  required("law_fits_version", LongType),
                  required("run_results_version", LongType))),
          List.of("recommendation_id", "domain"),
          "Gold: recommended mixture weight per domain with its bootstrap percentile interval"
              + " (lo, median, hi at the given confidence) and the predicted target loss with its"
              + " interval, written by optimize");

  private Tables() {}

  private static StructField required(String name, DataType type) {
    return createStructField(name, type, false);
  }

  private static StructField optional(String name, DataType type) {
    return createStructField(name, type, true);
  }
}

package io.mixlaw.core.table;

import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.createArrayType;
import static org.apache.spark.sql.types.DataTypes.createStructField;
import static org.apache.spark.sql.types.DataTypes.createStructType;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.StructField;

/**
 * Definition of the law benchmark's table.
 *
 * <p>{@code law_evaluations} holds one row per evaluation, law, validation target and test scale:
 * how well the law, fitted on the protocol's training runs, predicted the test runs. The target
 * {@code aggregate} is the validation-weighted mean loss the mixture optimizer minimises. Every
 * metric comes with the ends of its bootstrap percentile interval over the test runs ({@code _lo},
 * {@code _hi}, NaN when no resample was drawn).
 */
public final class EvaluationTables {

  /** One row per evaluation, law, validation target and test scale. */
  public static final TableDefinition LAW_EVALUATIONS =
      new TableDefinition(
          "law_evaluations",
          createStructType(columns()),
          List.of("evaluation_id", "law", "target", "scale"),
          "Law benchmark: accuracy of each law's predictions of held-out runs per validation"
              + " target and test scale (MAE, mean relative error, Spearman across mixtures,"
              + " decision regret, bias, each with its bootstrap interval), with the protocol,"
              + " the input and the fit counts, written by evaluate-laws");

  private EvaluationTables() {}

  private static List<StructField> columns() {
    List<StructField> fields = new ArrayList<>();
    fields.add(required("evaluation_id", StringType));
    fields.add(required("law", StringType));
    fields.add(required("target", StringType));
    fields.add(required("scale", StringType));
    fields.add(required("protocol", StringType));
    fields.add(required("capacity", DoubleType));
    fields.add(required("runs", IntegerType));
    for (String metric : List.of("mae", "mean_relative_error", "spearman", "regret", "bias")) {
      fields.add(required(metric, DoubleType));
      fields.add(required(metric + "_lo", DoubleType));
      fields.add(required(metric + "_hi", DoubleType));
    }

    fields.add(required("confidence", DoubleType));
    fields.add(required("metric_resamples", IntegerType));
    fields.add(required("fits", IntegerType));
    fields.add(required("fits_not_converged", IntegerType));
    fields.add(required("fits_failed", IntegerType));
    fields.add(required("train_scales", createArrayType(StringType, false)));
    fields.add(required("test_scales", createArrayType(StringType, false)));
    fields.add(required("input", StringType));
    fields.add(required("input_fingerprint", StringType));
    fields.add(required("run_results_version", LongType));
    fields.add(required("step_selection", StringType));
    fields.add(required("capacity_measure", StringType));
    fields.add(required("parameter_basis", StringType));
    fields.add(required("settings", StringType));
    return fields;
  }

  private static StructField required(String name, DataType type) {
    return createStructField(name, type, false);
  }
}

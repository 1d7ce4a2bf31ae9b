package io.mixlaw.core.table;

import static org.apache.spark.sql.functions.col;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.mixlaw.core.MixlawException;
import io.mixlaw.core.config.ConfigLoader;
import io.mixlaw.core.spark.SparkSessions;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TableCatalogTest {

  private static final TableDefinition SCORES =
      new TableDefinition(
          "scores",
          DataTypes.createStructType(
              List.of(
                  DataTypes.createStructField("run_id", DataTypes.StringType, false),
                  DataTypes.createStructField("value", DataTypes.DoubleType, false))),
          List.of("run_id"),
          "test table");

  private static SparkSession spark;

  @TempDir Path warehouse;

  @BeforeAll
  static void startSpark() {
    spark =
        SparkSessions.getOrCreate(
            ConfigLoader.load(null, List.of("spark.master=local[2]", "spark.shuffle-partitions=2")),
            "table catalog tests");
  }

  private Dataset<Row> rows(TableCatalog catalog, Object... pairs) {
    List<Row> rows = new java.util.ArrayList<>();
    for (int i = 0; i < pairs.length; i += 2) {
      rows.add(RowFactory.create(pairs[i], pairs[i + 1]));
    }
    return catalog.frame(SCORES, rows);
  }

  private static List<Row> contents(TableCatalog catalog) {
    return catalog.read(SCORES).orderBy("run_id").collectAsList();
  }

  @Test
  void mergeInsertsUpdatesAndSkipsUnchangedRows() {
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    MergeOutcome first = catalog.mergeChanges("test", SCORES, rows(catalog, "a", 1.0, "b", 2.0));
    MergeOutcome second = catalog.mergeChanges("test", SCORES, rows(catalog, "a", 1.0, "b", 2.5, "c", 3.0));

    assertThat(first.changedRows()).isEqualTo(2);
    assertThat(second.changedRows()).isEqualTo(2);
    assertThat(second.versionAfter()).isEqualTo(first.versionAfter() + 1);
    assertThat(contents(catalog))
        .containsExactly(RowFactory.create("a", 1.0), RowFactory.create("b", 2.5), RowFactory.create("c", 3.0));
  }

  @Test
  void rewritingIdenticalRowsCommitsNothing() {
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    catalog.mergeChanges("test", SCORES, rows(catalog, "a", 1.0, "b", 2.0));
    long version = catalog.version(SCORES);

    MergeOutcome again = catalog.mergeChanges("test", SCORES, rows(catalog, "b", 2.0, "a", 1.0));

    assertThat(again.changedRows()).isZero();
    assertThat(again.versionAfter()).isEqualTo(version);
    assertThat(catalog.version(SCORES)).isEqualTo(version);
  }

  @Test
  void aWriteThatFailsMidwayLeavesTheTableAsItWas() {
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    catalog.mergeChanges("test", SCORES, rows(catalog, "a", 1.0, "b", 2.0));
    long version = catalog.version(SCORES);
    spark.udf().register("fail_on_z", (UDF1<String, String>) id -> {
      if (id.equals("z")) {
        throw new IllegalStateException("simulated crash while writing row z");
      }
      return id;
    }, DataTypes.StringType);
    Dataset<Row> failing =
        rows(catalog, "a", 9.0, "y", 5.0, "z", 6.0)
            .withColumn("run_id", org.apache.spark.sql.functions.callUDF("fail_on_z", col("run_id")));

    assertThatThrownBy(() -> catalog.mergeChanges("test", SCORES, failing))
        .isInstanceOf(MixlawException.class)
        .hasMessageContaining("stage test could not write Delta table scores")
        .hasMessageContaining("the table is unchanged");
    assertThat(catalog.version(SCORES)).isEqualTo(version);
    assertThat(contents(catalog)).containsExactly(RowFactory.create("a", 1.0), RowFactory.create("b", 2.0));
  }

  @Test
  void anExistingTableWithAnotherSchemaIsRejectedWithTheFix() {
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    spark.range(3).write().format("delta").save(catalog.location(SCORES));

    assertThatThrownBy(() -> new TableCatalog(spark, warehouse.toString()).ensure(SCORES))
        .isInstanceOf(MixlawException.class)
        .hasMessageContaining("Delta table scores at " + catalog.location(SCORES) + " has an unexpected schema")
        .hasMessageContaining("point mixlaw.warehouse at a new folder");
  }
}

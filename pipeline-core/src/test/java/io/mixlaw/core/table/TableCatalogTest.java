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
  void aValueMovedBetweenColumnsOrElementsOrToNullIsAChange() {
    TableDefinition parts =
        new TableDefinition(
            "parts",
            DataTypes.createStructType(
                List.of(
                    DataTypes.createStructField("id", DataTypes.StringType, false),
                    DataTypes.createStructField("a", DataTypes.StringType, true),
                    DataTypes.createStructField("b", DataTypes.StringType, true),
                    DataTypes.createStructField(
                        "x", DataTypes.createArrayType(DataTypes.IntegerType, false), true),
                    DataTypes.createStructField(
                        "y", DataTypes.createArrayType(DataTypes.IntegerType, false), true),
                    DataTypes.createStructField(
                        "m",
                        DataTypes.createMapType(DataTypes.StringType, DataTypes.LongType, false),
                        true))),
            List.of("id"),
            "test table");
    TableCatalog catalog = new TableCatalog(spark, warehouse.toString());
    Object[][] before = {
      {"1", null, "v", new int[] {1, 2}, new int[] {3}, java.util.Map.of("k", 1L)},
      {"2", "v", null, new int[] {1, 2}, new int[] {3}, java.util.Map.of("k", 1L)},
      {"3", "v", "w", new int[] {1, 2}, new int[] {3}, java.util.Map.of("k", 1L)},
      {"4", "v", "w", new int[] {1, 2}, new int[] {3}, java.util.Map.of("k", 1L)},
      {"5", "v", "w", new int[] {1, 2}, new int[] {3}, java.util.Map.of("k", 1L)},
      {"6", "v", "w", new int[] {}, null, java.util.Map.of("k", 1L)},
    };
    Object[][] after = {
      {"1", "v", null, new int[] {1, 2}, new int[] {3}, java.util.Map.of("k", 1L)},
      {"2", null, "v", new int[] {1, 2}, new int[] {3}, java.util.Map.of("k", 1L)},
      {"3", "v", "w", new int[] {1}, new int[] {2, 3}, java.util.Map.of("k", 1L)},
      {"4", "v", "w", new int[] {1, 2}, new int[] {3}, java.util.Map.of("k", 2L)},
      {"5", "v", "w", new int[] {1, 2}, new int[] {3}, java.util.Map.of("k", 1L)},
      {"6", "v", "w", null, new int[] {}, java.util.Map.of("k", 1L)},
    };

    catalog.mergeChanges("test", parts, catalog.frame(parts, table(before)));
    MergeOutcome changed = catalog.mergeChanges("test", parts, catalog.frame(parts, table(after)));

    assertThat(changed.changedRows()).isEqualTo(5);
    assertThat(catalog.read(parts).filter(col("id").equalTo("3")).first().getList(3))
        .containsExactly(1);
  }

  private static List<Row> table(Object[][] rows) {
    List<Row> out = new java.util.ArrayList<>();
    for (Object[] row : rows) {
      out.add(RowFactory.create(row));
    }
    return out;
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

package io.mixlaw.core.table;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;
import static org.apache.spark.sql.functions.xxhash64;

import io.delta.tables.DeltaTable;
import io.mixlaw.core.MixlawException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Delta tables under one warehouse root.
 *
 * <p>Tables are created on first use with their documented schema. Writes go through {@link
 * #mergeChanges}, which first finds the source rows that are new or differ from the table and
 * commits nothing when there are none, so rerunning a stage on the same input leaves every table
 * at the same version. Each write is one Delta transaction: a crash mid-write leaves the table as
 * it was.
 */
public final class TableCatalog {

  private static final Logger LOG = LoggerFactory.getLogger(TableCatalog.class);
  private static final String ROW_HASH = "__mixlaw_row_hash";
  private static final String ROW_HASH_2 = "__mixlaw_row_hash_2";
  // Keeps each task of a driver-built frame well under Spark's recommended task size.
  private static final int ROWS_PER_SLICE = 2000;

  private final SparkSession spark;
  private final String root;
  // Tables already created or checked by this catalog; ensure() does its I/O once per table.
  private final java.util.Set<String> ensured = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /**
   * Creates a catalog.
   *
   * @param spark session with Delta enabled
   * @param root warehouse root: a local folder or any Hadoop filesystem URI
   */
  public TableCatalog(SparkSession spark, String root) {
    this.spark = Objects.requireNonNull(spark, "spark");
    this.root = stripTrailingSlash(Objects.requireNonNull(root, "root"));
  }

  /** The warehouse root. */
  public String root() {
    return root;
  }

  /** The location of a table. */
  public String location(TableDefinition table) {
    return root + "/" + table.name();
  }

  /** Whether the table exists as a Delta table. */
  public boolean exists(TableDefinition table) {
    return DeltaTable.isDeltaTable(spark, location(table));
  }

  /**
   * Creates the table if it is missing and checks its schema when it exists.
   *
   * @throws MixlawException if an existing table has other columns than the definition
   */
  public void ensure(TableDefinition table) {
    if (ensured.contains(table.name())) {
      return;
    }
    String location = location(table);
    if (exists(table)) {
      StructType actual = spark.read().format("delta").load(location).schema();
      if (!sameColumns(actual, table.schema())) {
        throw MixlawException.of(
            "Delta table " + table.name() + " at " + location + " has an unexpected schema",
            "found " + actual.simpleString() + ", expected " + table.schema().simpleString(),
            "point mixlaw.warehouse at a new folder, or move the old table away");
      }
      ensured.add(table.name());
      return;
    }
    try {
      DeltaTable.createIfNotExists(spark)
          .location(location)
          .addColumns(table.schema())
          .comment(table.description())
          .execute();
      ensured.add(table.name());
      LOG.info("Created Delta table {} at {}", table.name(), location);
    } catch (RuntimeException e) {
      throw MixlawException.wrap(
          "cannot create Delta table " + table.name() + " at " + location,
          "check that the warehouse folder is writable",
          e);
    }
  }

  /**
   * Turns rows built on the driver into a DataFrame with the table's schema, spread over the
   * session's default parallelism so that no single task carries all of them.
   */
  public Dataset<Row> frame(TableDefinition table, List<Row> rows) {
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    int slices = Math.max(jsc.defaultParallelism(), rows.size() / ROWS_PER_SLICE + 1);
    List<Row> external = new ArrayList<>(rows.size());
    for (Row row : rows) {
      external.add(toExternal(row));
    }
    return spark.createDataFrame(jsc.parallelize(external, slices), table.schema());
  }

  /** Replaces Java maps and lists in a row by the Scala collections Spark's row encoder expects. */
  private static Row toExternal(Row row) {
    Object[] values = new Object[row.length()];
    for (int i = 0; i < values.length; i++) {
      Object value = row.get(i);
      if (value instanceof java.util.Map<?, ?> map) {
        value = scala.collection.JavaConverters.mapAsScalaMap(new java.util.LinkedHashMap<>(map)).toMap(
            scala.Predef$.MODULE$.$conforms());
      } else if (value instanceof List<?> list) {
        value = scala.collection.JavaConverters.asScalaBuffer(new ArrayList<>(list)).toList();
      }
      values[i] = value;
    }
    return org.apache.spark.sql.RowFactory.create(values);
  }

  /** Reads the current version of a table, creating it if missing. */
  public Dataset<Row> read(TableDefinition table) {
    ensure(table);
    return spark.read().format("delta").load(location(table));
  }

  /** Reads a given version of a table (Delta time travel). */
  public Dataset<Row> read(TableDefinition table, long version) {
    ensure(table);
    return spark.read().format("delta").option("versionAsOf", version).load(location(table));
  }

  /** The latest Delta version of a table, creating it if missing. */
  public long version(TableDefinition table) {
    ensure(table);
    Row latest = DeltaTable.forPath(spark, location(table)).history(1).select("version").head();
    return latest.getLong(0);
  }

  /**
   * Upserts the rows of {@code source} that are new or changed, by the table's key.
   *
   * <p>The source must have exactly the table's columns and at most one row per key. Rows equal
   * to the table's are skipped; when no row is new or changed nothing is committed.
   *
   * @param stage stage name, for error messages
   * @return what was written
   */
  public MergeOutcome mergeChanges(String stage, TableDefinition table, Dataset<Row> source) {
    return write(stage, table, source, null);
  }

  /**
   * Makes the rows of the table that fall in a scope equal to {@code source}: new and changed rows
   * are upserted as by {@link #mergeChanges}, and rows in the scope whose key is not in the source
   * are deleted, in the same transaction. Rows outside the scope are untouched. Used where a rerun
   * restates everything within its scope, e.g. the records of the log files it read.
   *
   * @param scopeColumn column that delimits the scope
   * @param scopeValues values of that column in scope
   */
  public MergeOutcome replaceInScope(
      String stage, TableDefinition table, Dataset<Row> source, String scopeColumn, java.util.Collection<String> scopeValues) {
    return replaceInScope(stage, table, source, java.util.Map.of(scopeColumn, scopeValues));
  }

  /**
   * As {@link #replaceInScope(String, TableDefinition, Dataset, String, java.util.Collection)},
   * with a scope of several columns: the rows whose value of every given column is among that
   * column's values.
   *
   * @param scope values in scope by column; an empty collection leaves nothing in scope
   */
  public MergeOutcome replaceInScope(
      String stage,
      TableDefinition table,
      Dataset<Row> source,
      java.util.Map<String, ? extends java.util.Collection<String>> scope) {
    if (scope.isEmpty() || scope.values().stream().anyMatch(java.util.Collection::isEmpty)) {
      return mergeChanges(stage, table, source);
    }
    String condition =
        new java.util.TreeMap<>(scope).entrySet().stream()
            .map(e -> "t.`" + e.getKey() + "` IN (" + literals(e.getValue()) + ")")
            .collect(Collectors.joining(" AND "));
    return write(stage, table, source, condition);
  }

  private static String literals(java.util.Collection<String> values) {
    return values.stream().sorted().map(v -> "'" + v.replace("\\", "\\\\").replace("'", "\\'") + "'")
        .collect(Collectors.joining(", "));
  }

  private MergeOutcome write(String stage, TableDefinition table, Dataset<Row> source, String scope) {
    ensure(table);
    Dataset<Row> aligned = source.select(table.columns().stream().map(c -> col(c)).toArray(Column[]::new));
    long before = version(table);
    try {
      Dataset<Row> existing = read(table).select(keysAndHash(table).toArray(Column[]::new));
      Dataset<Row> changed =
          aligned
              .withColumn(ROW_HASH, rowHash(table, 0))
              .withColumn(ROW_HASH_2, rowHash(table, 1))
              .join(existing, joinColumns(table), "left_anti")
              .drop(ROW_HASH, ROW_HASH_2)
              .cache();
      long changedRows = changed.count();
      long staleRows = 0;
      if (scope != null) {
        Dataset<Row> keys = aligned.select(table.keys().stream().map(c -> col(c)).toArray(Column[]::new));
        staleRows =
            read(table).as("t").filter(org.apache.spark.sql.functions.expr(scope))
                .select(table.keys().stream().map(c -> col(c)).toArray(Column[]::new))
                .join(keys, scala.collection.JavaConverters.asScalaBuffer(table.keys()).toSeq(), "left_anti")
                .count();
      }
      if (changedRows == 0 && staleRows == 0) {
        changed.unpersist();
        LOG.info("Table {} unchanged at version {} (0 new or changed rows)", table.name(), before);
        return new MergeOutcome(table.name(), 0, before, before);
      }
      if (existing.isEmpty() && staleRows == 0) {
        // A first write needs no matching: append in one transaction.
        changed.write().format("delta").mode("append").save(location(table));
        changed.unpersist();
        long after = version(table);
        LOG.info("Table {}: appended {} rows, version {} -> {}", table.name(), changedRows, before, after);
        return new MergeOutcome(table.name(), changedRows, before, after);
      }
      String condition =
          table.keys().stream().map(k -> "t.`" + k + "` = s.`" + k + "`").collect(Collectors.joining(" AND "));
      if (staleRows == 0) {
        DeltaTable.forPath(spark, location(table))
            .as("t")
            .merge(changed.as("s"), condition)
            .whenMatched()
            .updateAll()
            .whenNotMatched()
            .insertAll()
            .execute();
      } else {
        // Rows absent from the source are only visible against the full source; merging it
        // rewrites the files of the scope, which is paid only when some row is to be removed.
        DeltaTable.forPath(spark, location(table))
            .as("t")
            .merge(aligned.as("s"), condition)
            .whenMatched()
            .updateAll()
            .whenNotMatched()
            .insertAll()
            .whenNotMatchedBySource(scope)
            .delete()
            .execute();
      }
      changed.unpersist();
      long after = version(table);
      LOG.info(
          "Table {}: merged {} new or changed rows and removed {} stale rows, version {} -> {}",
          table.name(), changedRows, staleRows, before, after);
      return new MergeOutcome(table.name(), changedRows + staleRows, before, after);
    } catch (MixlawException e) {
      throw e;
    } catch (Exception e) {
      // Spark surfaces task failures as the checked SparkException, undeclared.
      boolean concurrent = e.getClass().getName().contains("Concurrent");
      throw MixlawException.wrap(
          "stage " + stage + " could not write Delta table " + table.name() + " at " + location(table),
          concurrent
              ? "another job wrote the table at the same time and this write was rolled back; rerun the stage"
              : "the table is unchanged (the write is one transaction); fix the cause and rerun the stage",
          e);
    }
  }

  private static List<Column> keysAndHash(TableDefinition table) {
    List<Column> columns = new ArrayList<>();
    for (String key : table.keys()) {
      columns.add(col(key));
    }
    columns.add(rowHash(table, 0).as(ROW_HASH));
    columns.add(rowHash(table, 1).as(ROW_HASH_2));
    return columns;
  }

  /**
   * One 64-bit fingerprint of a row (two, with different salts, make a 128-bit one). Each column
   * is hashed on its own with its null flag and, for an array, its length, so that no change can
   * move a value from one column or element to the next unseen; the column hashes, never null, are
   * then hashed in order. xxHash64 reads arrays element by element, which keeps hashing long token
   * arrays cheap; maps, which it does not hash, are hashed as their JSON.
   */
  static Column rowHash(TableDefinition table, int salt) {
    List<Column> parts = new ArrayList<>();
    parts.add(lit(salt));
    for (StructField field : table.schema().fields()) {
      Column value = col(field.name());
      Column size = lit(0);
      if (holdsMap(field.dataType())) {
        value = to_json(struct(value));
      } else if (field.dataType() instanceof ArrayType) {
        size = coalesce(size(value), lit(-1));
      }
      parts.add(xxhash64(lit(salt), value.isNull(), size, value));
    }
    return xxhash64(parts.toArray(Column[]::new));
  }

  private static boolean holdsMap(DataType type) {
    if (type instanceof MapType) {
      return true;
    }
    if (type instanceof ArrayType array) {
      return holdsMap(array.elementType());
    }
    if (type instanceof StructType struct) {
      return java.util.Arrays.stream(struct.fields()).anyMatch(f -> holdsMap(f.dataType()));
    }
    return false;
  }

  private static scala.collection.Seq<String> joinColumns(TableDefinition table) {
    List<String> names = new ArrayList<>(table.keys());
    names.add(ROW_HASH);
    names.add(ROW_HASH_2);
    return scala.collection.JavaConverters.asScalaBuffer(names).toSeq();
  }

  private static boolean sameColumns(StructType actual, StructType expected) {
    if (actual.fields().length != expected.fields().length) {
      return false;
    }
    for (StructField field : expected.fields()) {
      if (!List.of(actual.fieldNames()).contains(field.name())
          || !actual.apply(field.name()).dataType().equals(field.dataType())) {
        return false;
      }
    }
    return true;
  }

  private static String stripTrailingSlash(String path) {
    return path.endsWith("/") && path.length() > 1 ? path.substring(0, path.length() - 1) : path;
  }
}

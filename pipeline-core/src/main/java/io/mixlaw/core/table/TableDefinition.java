package io.mixlaw.core.table;

import java.util.List;
import java.util.Objects;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A Delta table's name, schema and key.
 *
 * @param name table name, also its folder under the warehouse root
 * @param schema column names, types and nullability
 * @param keys columns that identify a row; MERGE matches on them
 * @param description one sentence on the table's grain and writer, stored as the table comment
 */
public record TableDefinition(String name, StructType schema, List<String> keys, String description) {

  /** Checks that every key is a non-nullable column of the schema. */
  public TableDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(schema, "schema");
    Objects.requireNonNull(description, "description");
    keys = List.copyOf(keys);
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("table " + name + " needs at least one key column");
    }
    List<String> columns = List.of(schema.fieldNames());
    for (String key : keys) {
      if (!columns.contains(key)) {
        throw new IllegalArgumentException("key " + key + " of table " + name + " is not a column");
      }
      StructField field = schema.apply(key);
      if (field.nullable()) {
        throw new IllegalArgumentException("key " + key + " of table " + name + " must not be nullable");
      }
    }
  }

  /** Column names in schema order. */
  public List<String> columns() {
    return List.of(schema.fieldNames());
  }
}

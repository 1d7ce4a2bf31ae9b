package io.mixlaw.jobs.data;

import static org.apache.spark.sql.functions.col;

import io.delta.tables.DeltaTable;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.table.TableDefinition;
import io.mixlaw.jobs.cli.StageContext;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the rows of a table's scope (for example one tokenizer's rows of the tokenized domains)
 * whose keys the stage's fresh output no longer has. Nothing is committed when no row is stale, so
 * a rerun on the same input keeps the table's version.
 */
final class StaleRows {

  private static final Logger LOG = LoggerFactory.getLogger(StaleRows.class);

  private StaleRows() {}

  /**
   * Deletes stale rows.
   *
   * @param context the stage
   * @param table the table
   * @param scope the rows the stage rewrote
   * @param fresh the stage's output for that scope (at least the key columns)
   * @return the number of rows deleted
   */
  static long delete(
      StageContext context, TableDefinition table, Column scope, Dataset<Row> fresh) {
    Column[] keys = table.keys().stream().map(k -> col(k)).toArray(Column[]::new);
    Dataset<Row> stale =
        context
            .catalog()
            .read(table)
            .filter(scope)
            .select(keys)
            .join(fresh.select(keys), scalaSeq(table), "left_anti")
            .cache();
    try {
      long count = stale.count();
      if (count == 0) {
        return 0;
      }

      String condition =
          table.keys().stream()
              .map(k -> "t.`" + k + "` = s.`" + k + "`")
              .collect(Collectors.joining(" AND "));
      DeltaTable.forPath(context.spark(), context.catalog().location(table))
          .as("t")
          .merge(stale.as("s"), condition)
          .whenMatched()
          .delete()
          .execute();
      LOG.info("Table {}: deleted {} rows the inputs no longer produce", table.name(), count);
      return count;
    } catch (RuntimeException e) {
      throw MixlawException.wrap(
          "stage " + context.stage() + " could not delete stale rows of " + table.name(),
          "the table is unchanged (the delete is one transaction); rerun the stage",
          e);
    } finally {
      stale.unpersist();
    }
  }

  private static scala.collection.Seq<String> scalaSeq(TableDefinition table) {
    return scala.collection.JavaConverters.asScalaBuffer(table.keys()).toSeq();
  }
}

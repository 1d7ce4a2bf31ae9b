package io.mixlaw.jobs.data;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.spark.sql.Row;

/**
 * Walks a partition of {@code (shard_index, domain, document_id, tokens)} rows sorted by shard, one
 * shard at a time: the shared loop of the tasks that write shards and of those that recount them.
 * Only one shard's tokens are held at a time.
 */
final class ShardGroups {

  private ShardGroups() {}

  /**
   * The documents of one shard with their tokens.
   *
   * @param index the shard
   * @param tokens each document's tokens, by {@link #key}
   */
  record Shard(int index, Map<String, int[]> tokens) {

    /**
     * Returns a document's tokens.
     *
     * @throws IllegalStateException naming the document and the shard if the rows did not hold it
     */
    int[] tokensOf(String domain, String id) {
      int[] found = tokens.get(key(domain, id));
      if (found == null) {
        throw new IllegalStateException(
            "document "
                + id
                + " of domain "
                + domain
                + " is missing from the tokenized documents read for shard "
                + index);
      }

      return found;
    }
  }

  /** Applies {@code action} to each shard of the rows, in row order, and returns the results. */
  static <T> List<T> map(Iterator<Row> rows, Function<Shard, T> action) {
    List<T> results = new ArrayList<>();
    Map<String, int[]> tokens = new HashMap<>();
    int current = -1;
    while (rows.hasNext()) {
      Row row = rows.next();
      int shard = row.getInt(0);
      if (shard != current && current >= 0) {
        results.add(action.apply(new Shard(current, tokens)));
        tokens = new HashMap<>();
      }

      current = shard;
      List<Integer> list = row.getList(3);
      int[] ids = new int[list.size()];
      for (int i = 0; i < ids.length; i++) {
        ids[i] = list.get(i);
      }

      tokens.put(key(row.getString(1), row.getString(2)), ids);
    }

    if (current >= 0) {
      results.add(action.apply(new Shard(current, tokens)));
    }

    return results;
  }

  /** The key of a document: its domain and id, which no id can forge. */
  static String key(String domain, String id) {
    return domain + '\u0000' + id;
  }
}

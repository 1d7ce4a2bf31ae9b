package io.mixlaw.jobs.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mixlaw.tokenization.mix.MixPlan;
import io.mixlaw.tokenization.mix.MixtureShardWriter;
import io.mixlaw.tokenization.mix.ShardManifestEntry;
import io.mixlaw.tokenization.mix.ShardSpec;
import io.mixlaw.tokenization.shard.TokenDtype;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.util.LongAccumulator;

/**
 * Writes the shards of one partition of {@code (shard_index, domain, document_id, tokens)} rows,
 * sorted by shard: each shard's documents are gathered, the shard is written with {@link
 * MixtureShardWriter}, and its manifest entry is returned as JSON. Only one shard's tokens are held
 * at a time.
 */
final class WriteShards implements MapPartitionsFunction<Row, String> {

  private static final long serialVersionUID = 1L;

  /** What every task needs: the plan, its shards and where they go. */
  record Layout(
      MixPlan plan,
      ArrayList<ShardSpec> shards,
      String directory,
      TokenDtype dtype,
      int endOfDocumentToken,
      int sequenceLength)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final Broadcast<Layout> layout;
  private final LongAccumulator written;

  WriteShards(Broadcast<Layout> layout, LongAccumulator written) {
    this.layout = layout;
    this.written = written;
  }

  @Override
  public Iterator<String> call(Iterator<Row> rows) {
    Layout plan = layout.value();
    // Limitation: shards are java.nio files, so mix.output-dir must be local or a shared mount.
    MixtureShardWriter writer =
        new MixtureShardWriter(
            Path.of(plan.directory()),
            plan.dtype(),
            plan.endOfDocumentToken(),
            plan.sequenceLength());
    ObjectMapper json = new ObjectMapper();
    List<String> entries = new ArrayList<>();
    Map<String, int[]> tokens = new HashMap<>();
    int current = -1;
    while (rows.hasNext()) {
      Row row = rows.next();
      int shard = row.getInt(0);
      if (shard != current && current >= 0) {
        entries.add(write(writer, plan, current, tokens, json));
        written.add(1);
        tokens.clear();
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
      entries.add(write(writer, plan, current, tokens, json));
      written.add(1);
    }

    return entries.iterator();
  }

  private static String write(
      MixtureShardWriter writer,
      Layout plan,
      int shard,
      Map<String, int[]> tokens,
      ObjectMapper json) {
    ShardManifestEntry entry =
        writer.write(
            plan.plan(),
            plan.shards().get(shard),
            (domain, id) -> {
              int[] found = tokens.get(key(domain, id));
              if (found == null) {
                throw new IllegalStateException(
                    "document "
                        + id
                        + " of domain "
                        + domain
                        + " is missing from the tokens of shard "
                        + shard);
              }

              return found;
            });
    try {
      return json.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("cannot serialize the manifest entry of shard " + shard, e);
    }
  }

  static String key(String domain, String id) {
    return domain + '\u0000' + id;
  }
}

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
import java.util.Iterator;
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
    return ShardGroups.map(
            rows,
            shard -> {
              String entry = write(writer, plan, shard, json);
              written.add(1);
              return entry;
            })
        .iterator();
  }

  private static String write(
      MixtureShardWriter writer, Layout plan, ShardGroups.Shard shard, ObjectMapper json) {
    ShardManifestEntry entry =
        writer.write(plan.plan(), plan.shards().get(shard.index()), shard::tokensOf);
    try {
      return json.writeValueAsString(entry);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(
          "cannot serialize the manifest entry of shard " + shard.index(), e);
    }
  }
}

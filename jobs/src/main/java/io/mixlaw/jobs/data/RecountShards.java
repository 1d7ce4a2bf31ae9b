package io.mixlaw.jobs.data;

import io.mixlaw.tokenization.mix.MixPlan;
import io.mixlaw.tokenization.mix.ShardManifestEntry;
import io.mixlaw.tokenization.mix.ShardSpec;
import io.mixlaw.tokenization.mix.ShardVerifier;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;

/**
 * Recounts the shards of one partition of {@code (shard_index, domain, document_id, tokens)} rows,
 * sorted by shard, against the tokenized documents: each shard's documents are gathered with their
 * tokens from {@code tokenized_documents}, and the shard is compared with {@link
 * ShardVerifier#recount}. Only one shard's tokens are held at a time.
 */
final class RecountShards implements FlatMapFunction<Iterator<Row>, RecountShards.Result> {

  private static final long serialVersionUID = 1L;

  /**
   * What every task needs: the recomputed plan, its shards and the written ones.
   *
   * @param plan the plan recomputed from tokenized_documents
   * @param expected that plan's shards
   * @param written the shards described in the folder, by index
   * @param directory the shard folder
   * @param endOfDocumentToken the token that ends every document
   */
  record Layout(
      MixPlan plan,
      ArrayList<ShardSpec> expected,
      ArrayList<ShardManifestEntry> written,
      String directory,
      int endOfDocumentToken)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /**
   * The recount of one shard.
   *
   * @param shardIndex the shard
   * @param problems what differs from the tokenized documents, empty if nothing
   */
  record Result(int shardIndex, ArrayList<String> problems) implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  private final Broadcast<Layout> layout;

  RecountShards(Broadcast<Layout> layout) {
    this.layout = layout;
  }

  @Override
  public Iterator<Result> call(Iterator<Row> rows) {
    Layout plan = layout.value();
    return ShardGroups.map(rows, shard -> recount(plan, shard)).iterator();
  }

  private static Result recount(Layout plan, ShardGroups.Shard shard) {
    List<String> problems =
        ShardVerifier.recount(
            Path.of(plan.directory()),
            plan.written().get(shard.index()),
            plan.plan(),
            plan.expected().get(shard.index()),
            plan.endOfDocumentToken(),
            shard::tokensOf);
    return new Result(shard.index(), new ArrayList<>(problems));
  }
}

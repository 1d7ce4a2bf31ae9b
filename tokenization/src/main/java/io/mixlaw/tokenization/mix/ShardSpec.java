package io.mixlaw.tokenization.mix;

import java.io.Serializable;
import java.util.List;

/**
 * The contents of one shard: a run of whole packed sequences.
 *
 * @param shardIndex the shard's number, from 0
 * @param firstSequence the number of its first packed sequence in the mixture
 * @param sequences the number of packed sequences it holds
 * @param pieces the document runs it holds, in order; a document cut by the shard boundary has a
 *     piece in each of the two shards, and runs of one document in consecutive sequences are merged
 */
public record ShardSpec(
    int shardIndex, long firstSequence, int sequences, List<DocumentPiece> pieces)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Validates the fields and copies the list. */
  public ShardSpec {
    if (shardIndex < 0 || firstSequence < 0 || sequences < 1) {
      throw new IllegalArgumentException(
          "invalid shard: index="
              + shardIndex
              + " firstSequence="
              + firstSequence
              + " sequences="
              + sequences);
    }

    pieces = List.copyOf(pieces);
  }

  /** Returns the number of tokens in the shard. */
  public long tokens() {
    long total = 0;
    for (DocumentPiece piece : pieces) {
      total += piece.length();
    }

    return total;
  }
}

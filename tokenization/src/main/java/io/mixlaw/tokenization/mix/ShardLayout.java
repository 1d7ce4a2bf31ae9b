package io.mixlaw.tokenization.mix;

import java.util.ArrayList;
import java.util.List;

/**
 * Groups a plan's packed sequences into shards of a fixed number of sequences, so that every shard
 * but the last holds exactly {@code sequenceLength x sequencesPerShard} tokens.
 */
public final class ShardLayout {

  /** The packed sequences per shard used when the configuration names none. */
  public static final int DEFAULT_SEQUENCES_PER_SHARD = 4096;

  private ShardLayout() {}

  /**
   * Lays a plan out in shards.
   *
   * @param plan the plan, in shard order
   * @param sequenceLength tokens per packed sequence, at least 1
   * @param sequencesPerShard packed sequences per shard, at least 1
   * @return the shards in order; empty if the plan draws nothing
   */
  public static List<ShardSpec> of(MixPlan plan, int sequenceLength, int sequencesPerShard) {
    if (sequencesPerShard < 1) {
      throw new IllegalArgumentException(
          "sequences per shard must be >= 1, got " + sequencesPerShard);
    }

    List<PackedSequence> sequences = SequencePacker.pack(plan, sequenceLength);
    List<ShardSpec> shards = new ArrayList<>();
    for (int first = 0; first < sequences.size(); first += sequencesPerShard) {
      int end = Math.min(sequences.size(), first + sequencesPerShard);
      List<DocumentPiece> pieces = new ArrayList<>();
      for (PackedSequence sequence : sequences.subList(first, end)) {
        for (DocumentPiece segment : sequence.segments()) {
          DocumentPiece last = pieces.isEmpty() ? null : pieces.get(pieces.size() - 1);
          if (last != null
              && last.position() == segment.position()
              && last.offset() + last.length() == segment.offset()) {
            pieces.set(
                pieces.size() - 1,
                new DocumentPiece(
                    last.position(),
                    last.offset(),
                    last.length() + segment.length(),
                    segment.endsDocument()));
          } else {
            pieces.add(segment);
          }
        }
      }

      shards.add(new ShardSpec(shards.size(), first, end - first, pieces));
    }

    return shards;
  }
}

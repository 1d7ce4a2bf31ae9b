package io.mixlaw.tokenization.mix;

import java.util.ArrayList;
import java.util.List;

/**
 * Packs documents, in order, into training sequences of a fixed length: the documents are
 * concatenated (each ending with its end-of-document token) and the stream is cut every {@code
 * sequenceLength} tokens, so a document may continue into the next sequence. No token is dropped or
 * padded; the last sequence may be shorter.
 */
public final class SequencePacker {

  /** The sequence length used when the configuration names none. */
  public static final int DEFAULT_SEQUENCE_LENGTH = 2048;

  private SequencePacker() {}

  /**
   * Packs documents of the given lengths.
   *
   * @param documentTokens each document's shard tokens (end-of-document token included), in order
   * @param sequenceLength tokens per sequence, at least 1
   * @return the sequences, with each document's runs as segments
   */
  public static List<PackedSequence> pack(int[] documentTokens, int sequenceLength) {
    if (sequenceLength < 1) {
      throw new IllegalArgumentException("sequence length must be >= 1, got " + sequenceLength);
    }

    List<PackedSequence> sequences = new ArrayList<>();
    List<DocumentPiece> current = new ArrayList<>();
    int filled = 0;
    for (int position = 0; position < documentTokens.length; position++) {
      int length = documentTokens[position];
      if (length < 1) {
        throw new IllegalArgumentException(
            "document " + position + " has " + length + " shard tokens; at least 1 is required");
      }

      int offset = 0;
      while (offset < length) {
        int take = Math.min(length - offset, sequenceLength - filled);
        current.add(new DocumentPiece(position, offset, take, offset + take == length));
        offset += take;
        filled += take;
        if (filled == sequenceLength) {
          sequences.add(new PackedSequence(sequences.size(), current));
          current = new ArrayList<>();
          filled = 0;
        }
      }
    }

    if (!current.isEmpty()) {
      sequences.add(new PackedSequence(sequences.size(), current));
    }

    return sequences;
  }

  /** Packs the documents of a plan. */
  public static List<PackedSequence> pack(MixPlan plan, int sequenceLength) {
    return pack(shardTokens(plan), sequenceLength);
  }

  static int[] shardTokens(MixPlan plan) {
    int[] lengths = new int[plan.documents().size()];
    for (int i = 0; i < lengths.length; i++) {
      lengths[i] = plan.documents().get(i).shardTokens();
    }

    return lengths;
  }
}

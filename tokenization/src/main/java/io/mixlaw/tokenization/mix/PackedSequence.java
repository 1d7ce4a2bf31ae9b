package io.mixlaw.tokenization.mix;

import java.util.List;

/**
 * One training sequence: consecutive runs of documents in shard order, filling the sequence length
 * except possibly in the very last sequence of a mixture.
 *
 * @param index the sequence's number in the mixture, from 0
 * @param segments the document runs it holds, in order; document boundaries fall between them or
 *     after a segment that {@linkplain DocumentPiece#endsDocument() ends its document}
 */
public record PackedSequence(long index, List<DocumentPiece> segments) {

  /** Validates the fields and copies the list. */
  public PackedSequence {
    if (index < 0) {
      throw new IllegalArgumentException("sequence index must be >= 0, got " + index);
    }

    segments = List.copyOf(segments);
  }

  /** Returns the number of tokens in the sequence. */
  public int tokens() {
    int total = 0;
    for (DocumentPiece segment : segments) {
      total += segment.length();
    }

    return total;
  }
}

package io.mixlaw.tokenization.mix;

import java.io.Serializable;

/**
 * A contiguous run of one document's shard tokens.
 *
 * @param position the document's position in {@link MixPlan#documents()}
 * @param offset the first token of the run within the document (0 for its start)
 * @param length the number of tokens in the run, at least 1
 * @param endsDocument true if the run holds the document's last token (its end-of-document token)
 */
public record DocumentPiece(int position, int offset, int length, boolean endsDocument)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** Validates the fields. */
  public DocumentPiece {
    if (position < 0 || offset < 0 || length < 1) {
      throw new IllegalArgumentException(
          "invalid document piece: position="
              + position
              + " offset="
              + offset
              + " length="
              + length);
    }
  }

  /** Returns true if the run holds the document's first token. */
  public boolean startsDocument() {
    return offset == 0;
  }
}

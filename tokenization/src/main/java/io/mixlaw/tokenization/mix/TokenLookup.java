package io.mixlaw.tokenization.mix;

/** Supplies the tokens of a planned document when its shard is written. */
@FunctionalInterface
public interface TokenLookup {

  /**
   * Returns the document's tokens as the tokenizer produced them, without the end-of-document
   * token.
   *
   * @throws IllegalArgumentException if the document is unknown
   */
  int[] tokens(String domain, String documentId);
}

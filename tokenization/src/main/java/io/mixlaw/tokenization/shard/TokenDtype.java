package io.mixlaw.tokenization.shard;

/**
 * The token types mixlaw writes, with their Megatron-LM type codes. Megatron picks {@code uint16}
 * for a vocabulary below {@value #MEGATRON_UINT16_VOCABULARY_LIMIT} ids and {@code int32}
 * otherwise; its index format has no {@code uint32} code, so a vocabulary of 65,500 or more ids is
 * always stored as {@code int32}.
 */
public enum TokenDtype {
  /** Unsigned 16-bit tokens, Megatron type code 8. */
  UINT16(8, 2, 0xFFFF),
  /** Signed 32-bit tokens, Megatron type code 4. */
  INT32(4, 4, Integer.MAX_VALUE);

  /** Vocabularies strictly below this size use {@link #UINT16} (Megatron-LM's threshold). */
  public static final int MEGATRON_UINT16_VOCABULARY_LIMIT = 65_500;

  private final int megatronCode;
  private final int bytesPerToken;
  private final long maxTokenId;

  TokenDtype(int megatronCode, int bytesPerToken, long maxTokenId) {
    this.megatronCode = megatronCode;
    this.bytesPerToken = bytesPerToken;
    this.maxTokenId = maxTokenId;
  }

  /**
   * Returns the type Megatron-LM would choose for a vocabulary.
   *
   * @param vocabularySize the number of token ids, at least 1
   */
  public static TokenDtype forVocabularySize(int vocabularySize) {
    if (vocabularySize < 1) {
      throw new IllegalArgumentException(
          "the vocabulary size must be at least 1, got " + vocabularySize);
    }

    return vocabularySize < MEGATRON_UINT16_VOCABULARY_LIMIT ? UINT16 : INT32;
  }

  /** Returns the type code stored in the {@code .idx} header. */
  public int megatronCode() {
    return megatronCode;
  }

  /** Returns the size of one token in the {@code .bin} file. */
  public int bytesPerToken() {
    return bytesPerToken;
  }

  /** Returns the largest token id this type can store. */
  public long maxTokenId() {
    return maxTokenId;
  }
}

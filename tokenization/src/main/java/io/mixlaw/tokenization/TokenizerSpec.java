package io.mixlaw.tokenization;

import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A serializable description of a tokenizer, for building the same tokenizer on every worker of a
 * distributed job (a {@link Tokenizer} itself may hold native memory and is not serializable).
 *
 * @param kind which implementation to use
 * @param source the encoding name for {@link Kind#TIKTOKEN}, the path of the {@code tokenizer.json}
 *     for {@link Kind#HUGGING_FACE}
 * @param endOfDocumentToken the end-of-document token, or the empty string for the tokenizer's
 *     default ({@code <|endoftext|>} for tiktoken encodings, see {@link
 *     Tokenizers#HUGGING_FACE_END_OF_DOCUMENT_CANDIDATES} for files)
 */
public record TokenizerSpec(Kind kind, String source, String endOfDocumentToken)
    implements Serializable {

  private static final long serialVersionUID = 1L;

  /** The tokenizer implementations. */
  public enum Kind {
    /** A tiktoken encoding through JTokkit, named by {@code source}. */
    TIKTOKEN,
    /** A Hugging Face {@code tokenizer.json} at the local path {@code source}. */
    HUGGING_FACE
  }

  /** Validates that every field is present and the source is not blank. */
  public TokenizerSpec {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(endOfDocumentToken, "endOfDocumentToken");
    if (source.isBlank()) {
      throw new IllegalArgumentException("the tokenizer source must not be blank");
    }
  }

  /** Describes a tiktoken encoding with its default end-of-document token. */
  public static TokenizerSpec tiktoken(String encodingName) {
    return new TokenizerSpec(Kind.TIKTOKEN, encodingName, "");
  }

  /**
   * Describes a local Hugging Face {@code tokenizer.json} with its default end-of-document token.
   */
  public static TokenizerSpec huggingFace(Path tokenizerJson) {
    return new TokenizerSpec(Kind.HUGGING_FACE, tokenizerJson.toString(), "");
  }

  /**
   * Reads a configuration value: a tiktoken encoding name (see {@link Tokenizers#encodingNames()})
   * or else the path of a {@code tokenizer.json}.
   */
  public static TokenizerSpec parse(String value, String endOfDocumentToken) {
    Objects.requireNonNull(value, "value");
    Kind kind =
        Tokenizers.encodingNames().contains(value.trim()) ? Kind.TIKTOKEN : Kind.HUGGING_FACE;
    return new TokenizerSpec(kind, value.trim(), endOfDocumentToken);
  }

  /** Returns the same specification with another end-of-document token. */
  public TokenizerSpec withEndOfDocumentToken(String token) {
    return new TokenizerSpec(kind, source, token);
  }

  /** Builds the tokenizer; the caller closes it. */
  public Tokenizer create() {
    return Tokenizers.create(this);
  }
}

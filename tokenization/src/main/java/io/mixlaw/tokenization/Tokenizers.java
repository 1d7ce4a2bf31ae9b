package io.mixlaw.tokenization;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/** Builds {@link Tokenizer}s by encoding name or from a local Hugging Face tokenizer file. */
public final class Tokenizers {

  /** The encoding used when the configuration names none. */
  public static final String DEFAULT_ENCODING = "o200k_base";

  /**
   * End-of-document tokens looked for, in this order, in a {@code tokenizer.json} when the
   * configuration names none.
   */
  public static final List<String> HUGGING_FACE_END_OF_DOCUMENT_CANDIDATES =
      List.of("<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>", "<|eos|>");

  private Tokenizers() {}

  /** Returns the tiktoken encoding names that {@link #byName(String)} accepts. */
  public static List<String> encodingNames() {
    return TiktokenEncoding.names();
  }

  /**
   * Returns a tiktoken encoding through JTokkit, ending documents with {@code <|endoftext|>}.
   *
   * @param encodingName one of {@link #encodingNames()}, for example {@code "o200k_base"}
   * @throws TokenizerException if the name is unknown
   */
  public static Tokenizer byName(String encodingName) {
    return byName(encodingName, TiktokenEncoding.END_OF_TEXT);
  }

  /**
   * Returns a tiktoken encoding through JTokkit with a chosen end-of-document token.
   *
   * @param encodingName one of {@link #encodingNames()}
   * @param endOfDocumentToken one of the encoding's special tokens (for example {@code
   *     "<|endoftext|>"}) or a token id in decimal
   * @throws TokenizerException if the name or the token is unknown
   */
  public static Tokenizer byName(String encodingName, String endOfDocumentToken) {
    Objects.requireNonNull(encodingName, "encodingName");
    Objects.requireNonNull(endOfDocumentToken, "endOfDocumentToken");
    TiktokenEncoding encoding =
        TiktokenEncoding.byName(encodingName)
            .orElseThrow(
                () ->
                    new TokenizerException(
                        "unknown tokenizer encoding '"
                            + encodingName
                            + "'; use one of "
                            + encodingNames()
                            + " or the path of a Hugging Face tokenizer.json"));
    Integer special = encoding.specialTokens().get(endOfDocumentToken);
    int eod =
        special != null
            ? special
            : parseTokenId(endOfDocumentToken, encoding.vocabularySize())
                .orElseThrow(
                    () ->
                        new TokenizerException(
                            "the end-of-document token '"
                                + endOfDocumentToken
                                + "' is not a special token of "
                                + encodingName
                                + "; use one of "
                                + encoding.specialTokens().keySet()
                                + " or a token id below "
                                + encoding.vocabularySize()));
    return new JTokkitTokenizer(encoding, eod);
  }

  /**
   * Returns the tokenizer saved in a local Hugging Face {@code tokenizer.json}, ending documents
   * with the first of {@link #HUGGING_FACE_END_OF_DOCUMENT_CANDIDATES} that the file defines. It
   * never contacts a model hub.
   *
   * @throws TokenizerException if the file cannot be read or loaded, or defines none of the
   *     candidate tokens
   */
  public static Tokenizer fromHuggingFaceFile(Path tokenizerJson) {
    HuggingFaceVocabulary vocabulary = readVocabulary(tokenizerJson);
    for (String candidate : HUGGING_FACE_END_OF_DOCUMENT_CANDIDATES) {
      OptionalInt id = vocabulary.idOf(candidate);
      if (id.isPresent()) {
        return new HuggingFaceFileTokenizer(tokenizerJson, vocabulary, id.getAsInt());
      }
    }

    throw new TokenizerException(
        "the tokenizer file "
            + tokenizerJson
            + " defines none of the usual end-of-document tokens "
            + HUGGING_FACE_END_OF_DOCUMENT_CANDIDATES
            + "; name one in the configuration (tokenizer.end-of-document), for example one of its"
            + " added tokens "
            + vocabulary.addedTokenNames());
  }

  /**
   * Returns the tokenizer saved in a local Hugging Face {@code tokenizer.json} with a chosen
   * end-of-document token. It never contacts a model hub.
   *
   * @param tokenizerJson path of the {@code tokenizer.json} file
   * @param endOfDocumentToken a token of the file (added tokens first, then the model vocabulary)
   *     or a token id in decimal
   * @throws TokenizerException if the file cannot be read or loaded, or lacks the token
   */
  public static Tokenizer fromHuggingFaceFile(Path tokenizerJson, String endOfDocumentToken) {
    Objects.requireNonNull(endOfDocumentToken, "endOfDocumentToken");
    HuggingFaceVocabulary vocabulary = readVocabulary(tokenizerJson);
    OptionalInt id = vocabulary.idOf(endOfDocumentToken);
    if (id.isEmpty()) {
      id = parseTokenId(endOfDocumentToken, vocabulary.vocabularySize());
    }

    if (id.isEmpty()) {
      throw new TokenizerException(
          "the end-of-document token '"
              + endOfDocumentToken
              + "' is not in the tokenizer file "
              + tokenizerJson
              + "; use one of its added tokens "
              + vocabulary.addedTokenNames()
              + " or a token id below "
              + vocabulary.vocabularySize());
    }

    return new HuggingFaceFileTokenizer(tokenizerJson, vocabulary, id.getAsInt());
  }

  /** Returns the tokenizer a specification describes. */
  public static Tokenizer create(TokenizerSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return switch (spec.kind()) {
      case TIKTOKEN ->
          spec.endOfDocumentToken().isEmpty()
              ? byName(spec.source())
              : byName(spec.source(), spec.endOfDocumentToken());
      case HUGGING_FACE ->
          spec.endOfDocumentToken().isEmpty()
              ? fromHuggingFaceFile(Path.of(spec.source()))
              : fromHuggingFaceFile(Path.of(spec.source()), spec.endOfDocumentToken());
    };
  }

  private static HuggingFaceVocabulary readVocabulary(Path tokenizerJson) {
    Objects.requireNonNull(tokenizerJson, "tokenizerJson");
    if (!Files.isRegularFile(tokenizerJson)) {
      throw new TokenizerException(
          "the Hugging Face tokenizer file "
              + tokenizerJson
              + " does not exist or is not a file; give the path of a local tokenizer.json"
              + " (mixlaw never downloads tokenizers)");
    }

    return HuggingFaceVocabulary.read(tokenizerJson);
  }

  private static OptionalInt parseTokenId(String token, int vocabularySize) {
    if (token.isEmpty() || token.length() > 10 || !token.chars().allMatch(Character::isDigit)) {
      return OptionalInt.empty();
    }

    long id = Long.parseLong(token);
    return id < vocabularySize ? OptionalInt.of((int) id) : OptionalInt.empty();
  }
}

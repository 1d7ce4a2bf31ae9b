package io.mixlaw.tokenization;

/**
 * Turns a document's text into token ids.
 *
 * <p>Implementations are safe to call from several threads at once. A tokenizer that holds native
 * memory releases it in {@link #close()}; the others do nothing there.
 */
public interface Tokenizer extends AutoCloseable {

  /**
   * Returns the name that identifies this tokenizer in tables and manifests, for example {@code
   * "o200k_base"} or {@code "hf:tokenizer.json"}.
   */
  String name();

  /**
   * Returns the number of token ids, that is the largest id this tokenizer can produce (special
   * tokens included) plus one. The shard token type follows from it.
   */
  int vocabularySize();

  /**
   * Encodes the whole text: the tokenizer's full output, with no truncation and no special tokens
   * added around it. A tiktoken encoding treats special-token strings inside the text (such as
   * {@code <|endoftext|>}) as ordinary text; a Hugging Face tokenizer matches its added tokens in
   * the text, as the Python library does.
   *
   * @param text the document text; an empty text gives an empty array
   * @return a new array of token ids, each in {@code [0, vocabularySize())}
   * @throws UnencodableTextException if the text holds a lone UTF-16 surrogate, which no UTF-8
   *     based tokenizer can encode without replacing it
   */
  int[] encode(String text);

  /**
   * Returns the id of the token that ends every document in a shard (for example {@code
   * <|endoftext|>}).
   */
  int endOfDocumentToken();

  /** Releases native resources, if any. Calling it twice is harmless. */
  @Override
  default void close() {}
}

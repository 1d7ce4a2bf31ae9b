/**
 * Tokenizers for counting and encoding training text.
 *
 * <p>{@link io.mixlaw.tokenization.Tokenizer} is the one interface the rest of mixlaw sees. {@link
 * io.mixlaw.tokenization.Tokenizers} builds the two implementations: tiktoken encodings through
 * JTokkit ({@code o200k_base} by default, {@code cl100k_base} and the older encodings by name), and
 * Hugging Face {@code tokenizer.json} files through DJL's binding of the Rust {@code tokenizers}
 * library, always from a local file.
 *
 * <p>Every implementation returns the tokenizer's full output for the whole text: nothing is
 * truncated, no special token is added, and text that the tokenizer could only encode after
 * replacing characters (a lone UTF-16 surrogate) is rejected with an {@link
 * io.mixlaw.tokenization.UnencodableTextException} instead of being silently altered.
 */
package io.mixlaw.tokenization;

package io.mixlaw.tokenization;

/**
 * A tokenizer could not be built: an unknown encoding name, an unreadable or invalid {@code
 * tokenizer.json}, or an end-of-document token that the tokenizer does not know. The message names
 * the input and what to change.
 */
public class TokenizerException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message that says what went wrong and how to fix it. */
  public TokenizerException(String message) {
    super(message);
  }

  /** Creates the exception with a message and the failure that caused it. */
  public TokenizerException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.mixlaw.tokenization;

/**
 * Text that a tokenizer cannot encode faithfully. Java's UTF-8 encoder silently replaces a lone
 * UTF-16 surrogate with {@code '?'}, and a native tokenizer receives it as invalid bytes; either
 * way the token count would describe different text, so such text is rejected and quarantined
 * instead.
 */
public class UnencodableTextException extends IllegalArgumentException {

  private static final long serialVersionUID = 1L;

  private final int charIndex;

  /**
   * Creates the exception.
   *
   * @param message what is wrong with the text
   * @param charIndex the UTF-16 index of the first offending char in the text
   */
  public UnencodableTextException(String message, int charIndex) {
    super(message);
    this.charIndex = charIndex;
  }

  /** Returns the UTF-16 index of the first offending char in the text. */
  public int charIndex() {
    return charIndex;
  }
}

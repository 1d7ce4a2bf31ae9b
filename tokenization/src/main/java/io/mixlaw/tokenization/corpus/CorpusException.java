package io.mixlaw.tokenization.corpus;

/**
 * An input as a whole cannot be read: a missing location, an I/O error, a corrupt compressed
 * stream, or a format this reader does not handle. Bad records never raise it; they are
 * quarantined.
 */
public class CorpusException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the input and the fix. */
  public CorpusException(String message) {
    super(message);
  }

  /** Creates the exception with a message and its cause. */
  public CorpusException(String message, Throwable cause) {
    super(message, cause);
  }
}

package io.mixlaw.tokenization.corpus;

/** Why a record was set aside instead of becoming a document. */
public enum QuarantineReason {
  /** The line (or text file) is not valid UTF-8; the detail gives the byte offset. */
  INVALID_UTF8,
  /** The line is not one complete JSON value. */
  UNPARSABLE_JSON,
  /** The line is valid JSON but not an object. */
  NOT_A_JSON_OBJECT,
  /** The object has no text field (or it is JSON null). */
  MISSING_TEXT_FIELD,
  /** The text field holds a number, boolean, array or object instead of a string. */
  TEXT_NOT_A_STRING,
  /** The text is empty or only whitespace. */
  EMPTY_TEXT,
  /**
   * The text or id holds a lone UTF-16 surrogate (from a JSON escape such as {@code \ud800}), which
   * cannot be encoded as UTF-8 without replacing it.
   */
  LONE_SURROGATE
}

package io.mixlaw.tokenization.corpus;

import java.util.Objects;

/**
 * A record that could not become a document.
 *
 * @param domain the training domain of the input
 * @param file the file it came from
 * @param line its 1-based line (0 for a whole text file)
 * @param reason why it was set aside
 * @param detail a readable explanation with the position of the problem
 * @param excerpt the start of the raw record (at most {@link #EXCERPT_CHARS} chars; bytes that are
 *     not UTF-8 and lone surrogates shown as U+FFFD), for finding it again
 */
public record QuarantinedRecord(
    String domain, String file, long line, QuarantineReason reason, String detail, String excerpt)
    implements CorpusRecord {

  /** The longest excerpt kept of a quarantined record. */
  public static final int EXCERPT_CHARS = 200;

  /** Validates that no field is missing. */
  public QuarantinedRecord {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(detail, "detail");
    Objects.requireNonNull(excerpt, "excerpt");
  }
}

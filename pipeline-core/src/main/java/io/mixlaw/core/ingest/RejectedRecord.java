package io.mixlaw.core.ingest;

import java.util.Objects;

/**
 * A line or record kept out of the fit, with the reason.
 *
 * @param sourceFile the file the line was read from
 * @param lineNumber 1-based line of {@code sourceFile}
 * @param format name of the {@link LogFormat} that was read
 * @param raw the source line (or a short description of the joined lines)
 * @param reason a sentence naming the problem and the fix, for example {@code "loss is NaN; the
 *     record is kept out of the fit — fix or remove the line"}
 */
public record RejectedRecord(
    String sourceFile, long lineNumber, String format, String raw, String reason) {

  /** Checks that no field is null and the line number is at least 1. */
  public RejectedRecord {
    Objects.requireNonNull(sourceFile, "sourceFile");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(raw, "raw");
    Objects.requireNonNull(reason, "reason");
    if (lineNumber < 1) {
      throw new IllegalArgumentException("lineNumber must be at least 1, got " + lineNumber);
    }
  }

  /** The rejection of a whole evaluation record. */
  static RejectedRecord of(EvalRecord record, String reason) {
    return new RejectedRecord(
        record.sourceFile(), record.lineNumber(), record.format(), record.raw(), reason);
  }
}

package io.mixlaw.core.ingest;

import java.util.Locale;
import java.util.Objects;

/** What one parsed line became: exactly one of {@code record} and {@code reason} is set. */
record LineOutcome(EvalRecord record, String reason) {

  static LineOutcome accepted(EvalRecord record) {
    return new LineOutcome(Objects.requireNonNull(record, "record"), null);
  }

  static LineOutcome rejected(String reason) {
    return new LineOutcome(null, Objects.requireNonNull(reason, "reason"));
  }

  /** A rejection whose reason is {@code template} formatted with {@code args} in Locale.ROOT. */
  static LineOutcome rejectedFormat(String template, Object... args) {
    return rejected(String.format(Locale.ROOT, template, args));
  }

  /** Hands the record or the rejection to {@code collector}. */
  void addTo(
      ParseCollector collector, String sourceFile, long lineNumber, LogFormat format, String raw) {
    if (record != null) {
      collector.accept(record);
    } else {
      collector.reject(sourceFile, lineNumber, format, raw, reason);
    }
  }
}

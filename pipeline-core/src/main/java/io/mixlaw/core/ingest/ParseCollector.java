package io.mixlaw.core.ingest;

import java.util.ArrayList;
import java.util.List;

/** Accumulates the records and rejections of one read, in source order. */
final class ParseCollector {

  private final List<EvalRecord> records = new ArrayList<>();
  private final List<RejectedRecord> rejected = new ArrayList<>();

  void accept(EvalRecord record) {
    records.add(record);
  }

  void reject(String sourceFile, long lineNumber, LogFormat format, String raw, String reason) {
    rejected.add(new RejectedRecord(sourceFile, lineNumber, format.name(), raw, reason));
  }

  int recordCount() {
    return records.size();
  }

  int rejectedCount() {
    return rejected.size();
  }

  ParseResult result() {
    return new ParseResult(records, rejected);
  }
}

package io.mixlaw.core.ingest;

import java.util.List;

/**
 * The outcome of reading or validating evaluation logs: accepted records and rejected ones, each in
 * source order.
 *
 * @param records accepted records; an immutable copy
 * @param rejected rejected lines or records with their reasons; an immutable copy
 */
public record ParseResult(List<EvalRecord> records, List<RejectedRecord> rejected) {

  /** Copies both lists, which must not be null or hold nulls. */
  public ParseResult {
    records = List.copyOf(records);
    rejected = List.copyOf(rejected);
  }
}

/**
 * Evaluation-log readers and record validation, in plain Java.
 *
 * <p>{@link io.mixlaw.core.ingest.EvalLogReader} turns a {@link io.mixlaw.core.ingest.LogSource}
 * (mixlaw's own JSONL or CSV, Data Mixing Laws loss logs, or RegMix tables) into {@link
 * io.mixlaw.core.ingest.EvalRecord}s, reporting unparsable lines as {@link
 * io.mixlaw.core.ingest.RejectedRecord}s; {@link io.mixlaw.core.ingest.EvalRecordValidator}
 * quarantines records a fit must not see. The formats and rules are described in {@code
 * docs/eval-log-format.md}.
 */
package io.mixlaw.core.ingest;

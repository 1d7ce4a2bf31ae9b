package io.mixlaw.core.ingest;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One raw evaluation of one proxy run on one target, as read from an evaluation log.
 *
 * <p>The record holds whatever the log says, including values that are wrong (a NaN loss, weights
 * that do not sum to 1, a missing parameter count): the constructor only checks structure, and
 * {@link EvalRecordValidator} decides what is kept out of the fit and why.
 *
 * @param sourceFile the file the record was read from, as given in the source
 * @param lineNumber 1-based line of {@code sourceFile}
 * @param format name of the {@link LogFormat} that was read
 * @param runId identifier of the proxy run, unique across scales (for example {@code "70M_3"})
 * @param scale model-size label (for example {@code "70M"}), or null when the source names none
 * @param totalParams total parameters; 0 when unknown
 * @param activeParams parameters active per token (equal to total for dense models); 0 when unknown
 * @param step optimizer step of the checkpoint, or null when the source gives only tokens
 * @param tokens training tokens seen by the checkpoint; 0 when unknown
 * @param mixture training-domain weights by domain name; an unmodifiable sorted copy
 * @param target what was evaluated, for example a validation domain or a benchmark
 * @param metric the measured quantity: {@code "loss"} for validation loss in nats per token, or
 *     another metric name such as {@code "acc"}
 * @param value the measurement; may be NaN or infinite until validated
 * @param raw the source line, or for sources that join several files a short description of the
 *     lines and column the record came from
 */
public record EvalRecord(
    String sourceFile,
    long lineNumber,
    String format,
    String runId,
    String scale,
    long totalParams,
    long activeParams,
    Long step,
    long tokens,
    SortedMap<String, Double> mixture,
    String target,
    String metric,
    double value,
    String raw) {

  /** Metric name of validation loss. */
  public static final String LOSS = "loss";

  /**
   * Checks structure only: non-null fields (except {@code scale} and {@code step}), a line number
   * of at least 1, and counts that are not negative. Copies the mixture.
   */
  public EvalRecord {
    Objects.requireNonNull(sourceFile, "sourceFile");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(mixture, "mixture");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(raw, "raw");
    if (lineNumber < 1) {
      throw new IllegalArgumentException("lineNumber must be at least 1, got " + lineNumber);
    }
    requireNotNegative("totalParams", totalParams);
    requireNotNegative("activeParams", activeParams);
    requireNotNegative("tokens", tokens);
    if (step != null) {
      requireNotNegative("step", step);
    }

    TreeMap<String, Double> copy = new TreeMap<>();
    for (Map.Entry<String, Double> weight : mixture.entrySet()) {
      copy.put(
          Objects.requireNonNull(weight.getKey(), "mixture domain"),
          Objects.requireNonNull(weight.getValue(), "mixture weight of " + weight.getKey()));
    }
    mixture = Collections.unmodifiableSortedMap(copy);
  }

  /** Where the record came from, for messages: {@code "<file> line <n>"}. */
  public String location() {
    return sourceFile + " line " + lineNumber;
  }

  /** A copy of this record with another mixture, keeping every other field. */
  EvalRecord withMixture(SortedMap<String, Double> newMixture) {
    return new EvalRecord(
        sourceFile,
        lineNumber,
        format,
        runId,
        scale,
        totalParams,
        activeParams,
        step,
        tokens,
        newMixture,
        target,
        metric,
        value,
        raw);
  }

  private static void requireNotNegative(String name, long count) {
    if (count < 0) {
      throw new IllegalArgumentException(name + " must not be negative, got " + count);
    }
  }
}

package io.mixlaw.core.ingest;

/**
 * Parameter counts of one model scale.
 *
 * @param total total parameters (non-embedding unless the deployment says otherwise), at least 1
 * @param active parameters active per token, between 1 and {@code total}; equal to {@code total}
 *     for dense models
 */
public record ParameterCounts(long total, long active) {

  /** Checks 0 < active <= total. */
  public ParameterCounts {
    if (total < 1 || active < 1 || active > total) {
      throw new IllegalArgumentException(
          "parameter counts need 0 < active <= total, got total=" + total + ", active=" + active);
    }
  }

  /** Counts of a dense model, whose parameters are all active. */
  public static ParameterCounts dense(long params) {
    return new ParameterCounts(params, params);
  }
}

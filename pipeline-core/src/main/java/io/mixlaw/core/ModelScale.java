package io.mixlaw.core;

import java.util.Objects;

/**
 * A model size and its training budget.
 *
 * @param label display label, e.g. {@code "410M"}
 * @param totalParams total parameters (non-embedding unless the deployment says otherwise)
 * @param activeParams parameters active per token; equal to total for dense models
 * @param tokens training tokens
 */
public record ModelScale(String label, double totalParams, double activeParams, double tokens) {

  /** Checks 0 < active <= total and tokens > 0. */
  public ModelScale {
    Objects.requireNonNull(label, "label");
    if (!(totalParams > 0) || !(activeParams > 0) || activeParams > totalParams) {
      throw new IllegalArgumentException(
          "model scale " + label + " needs 0 < active <= total parameters, got total="
              + totalParams + ", active=" + activeParams);
    }
    if (!(tokens > 0) || Double.isInfinite(tokens)) {
      throw new IllegalArgumentException(
          "model scale " + label + " needs finite tokens > 0, got " + tokens);
    }
  }

  /** Whether every parameter is active for every token. */
  public boolean isDense() {
    return totalParams == activeParams;
  }

  /** Training compute under the usual 6 * active parameters * tokens approximation, in FLOP. */
  public double trainingFlops() {
    return 6 * activeParams * tokens;
  }
}

package io.mixlaw.law;

import java.util.Arrays;
import java.util.Objects;

/**
 * One proxy run's observed loss on one validation target.
 *
 * @param runId identifier of the proxy run; bootstrap resampling draws whole runs by this id
 * @param scale label of the model scale the run belongs to (for example {@code "160M"}); the
 *     bootstrap is stratified by it
 * @param capacity the model capacity N seen by the law (parameters, already blended for
 *     mixture-of-experts models), strictly positive
 * @param tokens training tokens D seen by the run, strictly positive
 * @param weights training mixture r: one non-negative proportion per training domain, in the
 *     order the caller fixed for all observations of a fit
 * @param loss observed validation loss (nats per token), finite and strictly positive
 */
public record Observation(
    String runId, String scale, double capacity, double tokens, double[] weights, double loss) {

  /** Validates every field and takes a private copy of the weights. */
  public Observation {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(weights, "weights");
    if (!(capacity > 0) || Double.isInfinite(capacity)) {
      throw new IllegalArgumentException(
          "capacity of run " + runId + " must be finite and > 0, got " + capacity);
    }
    if (!(tokens > 0) || Double.isInfinite(tokens)) {
      throw new IllegalArgumentException(
          "tokens of run " + runId + " must be finite and > 0, got " + tokens);
    }
    if (!(loss > 0) || Double.isInfinite(loss)) {
      throw new IllegalArgumentException(
          "loss of run " + runId + " must be finite and > 0, got " + loss);
    }
    weights = weights.clone();
    for (int j = 0; j < weights.length; j++) {
      if (!(weights[j] >= 0) || Double.isInfinite(weights[j])) {
        throw new IllegalArgumentException(
            "weight " + j + " of run " + runId + " must be finite and >= 0, got " + weights[j]);
      }
    }
  }

  /** Returns a copy of the mixture weights. */
  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** Returns the weight of training domain {@code j} without copying the array. */
  public double weight(int j) {
    return weights[j];
  }

  /** Returns the number of training domains. */
  public int domainCount() {
    return weights.length;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Observation o
        && runId.equals(o.runId)
        && scale.equals(o.scale)
        && Double.compare(capacity, o.capacity) == 0
        && Double.compare(tokens, o.tokens) == 0
        && Arrays.equals(weights, o.weights)
        && Double.compare(loss, o.loss) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(runId, scale, capacity, tokens, Arrays.hashCode(weights), loss);
  }

  @Override
  public String toString() {
    return "Observation[runId=" + runId + ", scale=" + scale + ", capacity=" + capacity
        + ", tokens=" + tokens + ", weights=" + Arrays.toString(weights) + ", loss=" + loss + "]";
  }
}

package io.mixlaw.law.evaluation;

import io.mixlaw.law.Observation;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One proxy run with its loss on every validation target it was evaluated on.
 *
 * @param runId identifier of the run, unique in a {@link BenchmarkData}
 * @param scale label of the run's model scale, for example {@code "410M"}
 * @param capacity model capacity N seen by the laws, finite and &gt; 0
 * @param tokens training tokens D of the evaluation, finite and &gt; 0
 * @param weights training mixture, one non-negative weight per training domain
 * @param losses loss (nats per token, finite and &gt; 0) by validation target; an unmodifiable
 *     sorted copy
 */
public record BenchmarkRun(
    String runId,
    String scale,
    double capacity,
    double tokens,
    double[] weights,
    SortedMap<String, Double> losses) {

  /** Validates every field and copies the weights and the losses. */
  public BenchmarkRun {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(losses, "losses");
    if (runId.isBlank() || scale.isBlank()) {
      throw new IllegalArgumentException(
          "run id and scale must not be blank, got run '" + runId + "' at scale '" + scale + "'");
    }

    if (!(capacity > 0) || Double.isInfinite(capacity)) {
      throw new IllegalArgumentException(
          "capacity of run " + runId + " must be finite and > 0, got " + capacity);
    }

    if (!(tokens > 0) || Double.isInfinite(tokens)) {
      throw new IllegalArgumentException(
          "tokens of run " + runId + " must be finite and > 0, got " + tokens);
    }

    weights = weights.clone();
    for (int j = 0; j < weights.length; j++) {
      if (!(weights[j] >= 0) || Double.isInfinite(weights[j])) {
        throw new IllegalArgumentException(
            "weight " + j + " of run " + runId + " must be finite and >= 0, got " + weights[j]);
      }
    }

    SortedMap<String, Double> copy = new TreeMap<>();
    for (Map.Entry<String, Double> entry : losses.entrySet()) {
      String target = Objects.requireNonNull(entry.getKey(), "target of run " + runId);
      Double loss = Objects.requireNonNull(entry.getValue(), "loss of run " + runId);
      if (!(loss > 0) || loss.isInfinite()) {
        throw new IllegalArgumentException(
            "loss of run " + runId + " on " + target + " must be finite and > 0, got " + loss);
      }

      copy.put(target, loss);
    }

    losses = Collections.unmodifiableSortedMap(copy);
  }

  /** Returns a copy of the mixture weights. */
  @Override
  public double[] weights() {
    return weights.clone();
  }

  /** Number of training domains. */
  public int domainCount() {
    return weights.length;
  }

  /** Whether the run has a loss on the target. */
  public boolean hasLoss(String target) {
    return losses.containsKey(target);
  }

  /**
   * The run's observation on one target, as the laws see it.
   *
   * @throws IllegalArgumentException if the run has no loss on the target
   */
  public Observation observation(String target) {
    Double loss = losses.get(target);
    if (loss == null) {
      throw new IllegalArgumentException("run " + runId + " has no loss on target " + target);
    }

    return new Observation(runId, scale, capacity, tokens, weights, loss);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof BenchmarkRun o
        && runId.equals(o.runId)
        && scale.equals(o.scale)
        && Double.compare(capacity, o.capacity) == 0
        && Double.compare(tokens, o.tokens) == 0
        && Arrays.equals(weights, o.weights)
        && losses.equals(o.losses);
  }

  @Override
  public int hashCode() {
    return Objects.hash(runId, scale, capacity, tokens, Arrays.hashCode(weights), losses);
  }

  @Override
  public String toString() {
    return "BenchmarkRun[runId="
        + runId
        + ", scale="
        + scale
        + ", capacity="
        + capacity
        + ", tokens="
        + tokens
        + ", weights="
        + Arrays.toString(weights)
        + ", losses="
        + losses
        + "]";
  }
}

package io.mixlaw.law.optimize;

import java.util.Arrays;
import java.util.Objects;

/**
 * The result of a mixture optimization.
 *
 * @param weights the mixture, one proportion per domain in the order of the constraints
 * @param objective value of the objective at the weights
 * @param kkt optimality conditions at the weights; {@link KktReport#satisfied()} is false when the
 *     optimizer stopped without meeting its tolerance
 * @param iterations optimizer iterations used
 */
public record OptimalMixture(double[] weights, double objective, KktReport kkt, int iterations) {

  /** Validates the components and copies the weights. */
  public OptimalMixture {
    Objects.requireNonNull(weights, "weights");
    Objects.requireNonNull(kkt, "kkt");
    weights = weights.clone();
    for (int j = 0; j < weights.length; j++) {
      if (!Double.isFinite(weights[j])) {
        throw new IllegalArgumentException("weight " + j + " must be finite, got " + weights[j]);
      }
    }
    if (iterations < 0) {
      throw new IllegalArgumentException("iterations must be >= 0, got " + iterations);
    }
  }

  /** Returns a copy of the weights. */
  @Override
  public double[] weights() {
    return weights.clone();
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof OptimalMixture o
        && Arrays.equals(weights, o.weights)
        && Double.compare(objective, o.objective) == 0
        && kkt.equals(o.kkt)
        && iterations == o.iterations;
  }

  @Override
  public int hashCode() {
    return Objects.hash(Arrays.hashCode(weights), objective, kkt, iterations);
  }

  @Override
  public String toString() {
    return "OptimalMixture[weights="
        + Arrays.toString(weights)
        + ", objective="
        + objective
        + ", kkt="
        + kkt
        + ", iterations="
        + iterations
        + "]";
  }
}

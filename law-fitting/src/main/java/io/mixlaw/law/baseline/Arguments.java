package io.mixlaw.law.baseline;

import io.mixlaw.law.Observation;
import java.util.List;
import java.util.Objects;

/** Argument checks shared by the baseline laws; messages name the bad value and the expectation. */
final class Arguments {

  private Arguments() {}

  /**
   * Checks that there are enough observations and that they all have the same number of domains.
   *
   * @return the common number of training domains
   */
  static int checkObservations(List<Observation> observations, int minimum, String lawName) {
    Objects.requireNonNull(observations, "observations");
    if (observations.size() < minimum) {
      throw new IllegalArgumentException(
          lawName + " needs at least " + minimum + " observations, got " + observations.size());
    }

    int domains = observations.get(0).domainCount();
    for (Observation observation : observations) {
      Objects.requireNonNull(observation, "observation");
      if (observation.domainCount() != domains) {
        throw new IllegalArgumentException(
            "all observations must have "
                + domains
                + " mixture weights, run "
                + observation.runId()
                + " has "
                + observation.domainCount());
      }
    }

    return domains;
  }

  /** Checks a prediction point; {@code domainCount} -1 accepts weights of any length. */
  static void checkPoint(double capacity, double tokens, double[] weights, int domainCount) {
    Objects.requireNonNull(weights, "weights");
    if (!(capacity > 0) || Double.isInfinite(capacity)) {
      throw new IllegalArgumentException("capacity must be finite and > 0, got " + capacity);
    }

    if (!(tokens > 0) || Double.isInfinite(tokens)) {
      throw new IllegalArgumentException("tokens must be finite and > 0, got " + tokens);
    }

    if (domainCount >= 0 && weights.length != domainCount) {
      throw new IllegalArgumentException(
          "expected " + domainCount + " mixture weights, got " + weights.length);
    }

    for (int j = 0; j < weights.length; j++) {
      if (!(weights[j] >= 0) || Double.isInfinite(weights[j])) {
        throw new IllegalArgumentException(
            "weight " + j + " must be finite and >= 0, got " + weights[j]);
      }
    }
  }

  static double[] logLosses(List<Observation> observations) {
    double[] logs = new double[observations.size()];
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.log(observations.get(i).loss());
    }

    return logs;
  }

  static double[] losses(List<Observation> observations) {
    return observations.stream().mapToDouble(Observation::loss).toArray();
  }

  static void checkHuberDelta(double delta) {
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("Huber delta must be finite and > 0, got " + delta);
    }
  }

  static void checkPositiveCount(String what, int value) {
    if (value < 1) {
      throw new IllegalArgumentException(what + " must be >= 1, got " + value);
    }
  }
}

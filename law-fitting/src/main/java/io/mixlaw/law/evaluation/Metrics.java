package io.mixlaw.law.evaluation;

import java.util.Arrays;
import java.util.Objects;

/**
 * Accuracy metrics of predicted against observed losses, computed over the runs of one target at
 * one scale.
 *
 * <p>Every method takes two arrays of the same length, observed first; all values must be finite.
 */
public final class Metrics {

  private Metrics() {}

  /**
   * All metrics of {@link MetricSet} at once.
   *
   * @param observed observed losses, finite
   * @param predicted predicted losses, finite, same length
   * @return the metrics; {@link MetricSet#empty()} for no runs
   */
  public static MetricSet of(double[] observed, double[] predicted) {
    check(observed, predicted);
    if (observed.length == 0) {
      return MetricSet.empty();
    }

    return new MetricSet(
        observed.length,
        mae(observed, predicted),
        meanRelativeError(observed, predicted),
        spearman(observed, predicted),
        regret(observed, predicted),
        bias(observed, predicted));
  }

  /** Mean absolute error {@code mean |p_i - o_i|}; NaN for no runs. */
  public static double mae(double[] observed, double[] predicted) {
    check(observed, predicted);
    double sum = 0;
    for (int i = 0; i < observed.length; i++) {
      sum += Math.abs(predicted[i] - observed[i]);
    }

    return observed.length == 0 ? Double.NaN : sum / observed.length;
  }

  /** Mean relative error {@code mean |p_i - o_i| / o_i}; NaN for no runs. */
  public static double meanRelativeError(double[] observed, double[] predicted) {
    check(observed, predicted);
    double sum = 0;
    for (int i = 0; i < observed.length; i++) {
      sum += Math.abs(predicted[i] - observed[i]) / observed[i];
    }

    return observed.length == 0 ? Double.NaN : sum / observed.length;
  }

  /** Mean signed error {@code mean (p_i - o_i)}; NaN for no runs. */
  public static double bias(double[] observed, double[] predicted) {
    check(observed, predicted);
    double sum = 0;
    for (int i = 0; i < observed.length; i++) {
      sum += predicted[i] - observed[i];
    }

    return observed.length == 0 ? Double.NaN : sum / observed.length;
  }

  /**
   * Spearman's rank correlation: the Pearson correlation of the ranks, ties given their average
   * rank (Spearman 1904; the definition of R's {@code cor(method = "spearman")}).
   *
   * @return rho in [-1, 1]; NaN for fewer than two runs or when either series is constant
   */
  public static double spearman(double[] observed, double[] predicted) {
    check(observed, predicted);
    if (observed.length < 2) {
      return Double.NaN;
    }

    return pearson(ranks(observed), ranks(predicted));
  }

  /**
   * Decision regret: among the runs, take the one with the lowest predicted loss and return its
   * observed loss minus the lowest observed loss. When several runs share the lowest prediction,
   * the worst observed loss among them counts, so ties never flatter a law.
   *
   * @return regret &gt;= 0 in nats; NaN for no runs
   */
  public static double regret(double[] observed, double[] predicted) {
    check(observed, predicted);
    if (observed.length == 0) {
      return Double.NaN;
    }

    double bestPrediction = Double.POSITIVE_INFINITY;
    double chosen = Double.NaN;
    double bestObserved = Double.POSITIVE_INFINITY;
    for (int i = 0; i < observed.length; i++) {
      bestObserved = Math.min(bestObserved, observed[i]);
      if (predicted[i] < bestPrediction) {
        bestPrediction = predicted[i];
        chosen = observed[i];
      } else if (predicted[i] == bestPrediction) {
        chosen = Math.max(chosen, observed[i]);
      }
    }

    return chosen - bestObserved;
  }

  /** Average ranks from 1, ties sharing the mean of the ranks they span. */
  static double[] ranks(double[] values) {
    int n = values.length;
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }

    Arrays.sort(order, (a, b) -> Double.compare(values[a], values[b]));
    double[] ranks = new double[n];
    int start = 0;
    while (start < n) {
      int end = start;
      while (end + 1 < n && values[order[end + 1]] == values[order[start]]) {
        end++;
      }

      double rank = (start + end) / 2.0 + 1;
      for (int k = start; k <= end; k++) {
        ranks[order[k]] = rank;
      }

      start = end + 1;
    }

    return ranks;
  }

  private static double pearson(double[] x, double[] y) {
    int n = x.length;
    double meanX = Arrays.stream(x).average().orElseThrow();
    double meanY = Arrays.stream(y).average().orElseThrow();
    double sxy = 0;
    double sxx = 0;
    double syy = 0;
    for (int i = 0; i < n; i++) {
      double dx = x[i] - meanX;
      double dy = y[i] - meanY;
      sxy += dx * dy;
      sxx += dx * dx;
      syy += dy * dy;
    }

    if (sxx == 0 || syy == 0) {
      return Double.NaN;
    }

    return sxy / Math.sqrt(sxx * syy);
  }

  private static void check(double[] observed, double[] predicted) {
    Objects.requireNonNull(observed, "observed");
    Objects.requireNonNull(predicted, "predicted");
    if (observed.length != predicted.length) {
      throw new IllegalArgumentException(
          "observed and predicted must have the same length, got "
              + observed.length
              + " and "
              + predicted.length);
    }

    for (int i = 0; i < observed.length; i++) {
      if (!Double.isFinite(observed[i]) || !Double.isFinite(predicted[i])) {
        throw new IllegalArgumentException(
            "losses must be finite, got observed "
                + observed[i]
                + " and predicted "
                + predicted[i]
                + " at index "
                + i);
      }
    }
  }
}

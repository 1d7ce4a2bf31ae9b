package io.mixlaw.law.evaluation;

/**
 * The accuracy of one law's predictions on one group of test runs (one target at one scale).
 *
 * @param runs number of runs predicted
 * @param mae mean absolute error of the predicted loss (nats)
 * @param meanRelativeError mean of {@code |predicted - observed| / observed}
 * @param spearman Spearman rank correlation between predicted and observed losses across the runs
 *     (mixtures); NaN for fewer than two runs or a constant series
 * @param regret decision regret (nats): the observed loss of the run the law ranks best minus the
 *     lowest observed loss; 0 when the law picks the best run
 * @param bias mean signed error {@code predicted - observed} (nats)
 */
public record MetricSet(
    int runs, double mae, double meanRelativeError, double spearman, double regret, double bias) {

  /** Checks the count. */
  public MetricSet {
    if (runs < 0) {
      throw new IllegalArgumentException("runs must be >= 0, got " + runs);
    }
  }

  /** The metrics of no run: every value NaN. */
  public static MetricSet empty() {
    return new MetricSet(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
  }
}

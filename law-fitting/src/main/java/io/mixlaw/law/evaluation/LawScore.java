package io.mixlaw.law.evaluation;

import java.util.Objects;

/**
 * The accuracy of one law on one target at one test scale, with bootstrap intervals.
 *
 * <p>The intervals come from resampling the test runs with replacement (the fits stay fixed), the
 * same resamples for every law, so two laws' intervals describe a paired comparison on the same
 * runs.
 *
 * @param law name of the law
 * @param protocol name of the protocol
 * @param target validation target, or {@link BenchmarkData#AGGREGATE_TARGET}
 * @param scale scale label of the test runs
 * @param capacity capacity of that scale
 * @param point metrics on the test runs
 * @param lower lower ends of the percentile intervals (NaN without resamples)
 * @param upper upper ends of the percentile intervals (NaN without resamples)
 * @param confidence coverage of the intervals, for example 0.95
 * @param resamples bootstrap resamples of the test runs behind the intervals
 * @param fits fits whose predictions enter the score
 * @param fitsNotConverged of those, fits that did not converge
 * @param fitsFailed fits of this target and scale that failed and contribute nothing
 */
public record LawScore(
    String law,
    String protocol,
    String target,
    String scale,
    double capacity,
    MetricSet point,
    MetricSet lower,
    MetricSet upper,
    double confidence,
    int resamples,
    int fits,
    int fitsNotConverged,
    int fitsFailed) {

  /** Null-checks the fields. */
  public LawScore {
    Objects.requireNonNull(law, "law");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
  }

  /** Whether this is the score of the aggregate validation loss. */
  public boolean isAggregate() {
    return target.equals(BenchmarkData.AGGREGATE_TARGET);
  }
}

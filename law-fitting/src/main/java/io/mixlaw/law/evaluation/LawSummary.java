package io.mixlaw.law.evaluation;

import java.util.Objects;

/**
 * One law's accuracy at one test scale, summarised over the validation targets.
 *
 * @param law name of the law
 * @param scale scale label of the test runs
 * @param targets validation targets the law was scored on (the aggregate not counted)
 * @param targetsMissing validation targets of the data the law has no score for (every fit failed)
 * @param meanOverTargets the mean, over the scored validation targets, of each metric; {@code runs}
 *     is the total number of predictions
 * @param aggregate metrics of the aggregate validation loss; {@link MetricSet#empty()} when the law
 *     could not predict every weighted target
 */
public record LawSummary(
    String law,
    String scale,
    int targets,
    int targetsMissing,
    MetricSet meanOverTargets,
    MetricSet aggregate) {

  /** Null-checks the fields. */
  public LawSummary {
    Objects.requireNonNull(law, "law");
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(meanOverTargets, "meanOverTargets");
    Objects.requireNonNull(aggregate, "aggregate");
  }
}

package io.mixlaw.law.evaluation;

import java.util.Objects;

/**
 * One law's prediction of one test run's loss on one target, with the observed loss.
 *
 * @param law name of the law
 * @param protocol name of the protocol
 * @param fold index of the fold whose fit made the prediction
 * @param runId the test run
 * @param scale scale label of the test run
 * @param capacity capacity N of the test run
 * @param tokens training tokens D of the test run
 * @param target validation target, or {@link BenchmarkData#AGGREGATE_TARGET}
 * @param observed observed loss (nats per token)
 * @param predicted predicted loss (nats per token), finite
 */
public record Prediction(
    String law,
    String protocol,
    int fold,
    String runId,
    String scale,
    double capacity,
    double tokens,
    String target,
    double observed,
    double predicted) {

  /** Null-checks the names and requires finite losses. */
  public Prediction {
    Objects.requireNonNull(law, "law");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(target, "target");
    if (!Double.isFinite(observed) || !Double.isFinite(predicted)) {
      throw new IllegalArgumentException(
          "losses of run "
              + runId
              + " on "
              + target
              + " must be finite, got observed "
              + observed
              + " and predicted "
              + predicted);
    }
  }

  /** Prediction minus observation (nats). */
  public double error() {
    return predicted - observed;
  }
}

package io.mixlaw.law.baseline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class HuberLeastSquaresTest {

  /** ln L = ln(exp(a) + exp(b - c x)) at x = 0..9, theta = (a, b, c). */
  private static final LogLossModel DECAY =
      new LogLossModel() {
        @Override
        public int parameterCount() {
          return 3;
        }

        @Override
        public int observationCount() {
          return 10;
        }

        @Override
        public double logLoss(double[] theta, int i, double[] gradient) {
          double floor = Math.exp(theta[0]);
          double decay = Math.exp(theta[1] - theta[2] * i);
          double loss = floor + decay;
          gradient[0] = floor / loss;
          gradient[1] = decay / loss;
          gradient[2] = -i * decay / loss;
          return Math.log(loss);
        }
      };

  private static double[] observed(double a, double b, double c) {
    double[] logs = new double[10];
    for (int i = 0; i < logs.length; i++) {
      logs[i] = Math.log(Math.exp(a) + Math.exp(b - c * i));
    }

    return logs;
  }

  @Test
  void recoversExactParametersFromTheBestStart() {
    double[] logs = observed(0.5, 1.0, 0.4);

    HuberLeastSquares.Solution s =
        new HuberLeastSquares(1e-3)
            .minimize(DECAY, logs, List.of(new double[] {0, 0, 1}, new double[] {0, 2, 0.1}), 2);

    assertThat(s.converged()).isTrue();
    assertThat(s.theta()).containsExactly(new double[] {0.5, 1.0, 0.4}, within(1e-8));
    assertThat(s.cost()).isLessThan(1e-20);
  }

  @Test
  void marksRunThatHitsIterationLimitAsNotConverged() {
    double[] logs = observed(0.5, 1.0, 0.4);

    HuberLeastSquares.Solution s =
        new HuberLeastSquares(1e-3, 2, 1e-10).minimize(DECAY, logs, new double[] {-3, 3, 2});

    assertThat(s.converged()).isFalse();
    assertThat(s.iterations()).isEqualTo(2);
    assertThat(s.message()).startsWith("Levenberg-Marquardt stopped after 2 iterations");
    assertThat(s.cost()).isEqualTo(new HuberLeastSquares(1e-3).cost(DECAY, logs, s.theta()));
  }

  @Test
  void rejectsStartsWithoutFinitePredictions() {
    double[] logs = observed(0.5, 1.0, 0.4);

    assertThatThrownBy(
            () ->
                new HuberLeastSquares(1e-3)
                    .minimize(DECAY, logs, List.<double[]>of(new double[] {1e6, 0, 0}), 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("none of the 1 starting points gives finite predicted losses");
  }

  @Test
  void rejectsNonPositiveDelta() {
    assertThatThrownBy(() -> new HuberLeastSquares(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Huber delta must be finite and > 0, got 0.0");
  }
}

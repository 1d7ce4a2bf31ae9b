package io.mixlaw.law.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.mixlaw.law.CamelLaw;
import io.mixlaw.law.FitDiagnostics;
import io.mixlaw.law.FittedLaw;
import io.mixlaw.law.MixtureLaw;
import io.mixlaw.law.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LawEvaluatorTest {

  private static final double EXACT = 1e-12;

  /** Predicts the mean training loss plus the weight of domain 0. */
  private static final class TiltLaw implements MixtureLaw {
    @Override
    public String name() {
      return "tilt";
    }

    @Override
    public FittedLaw fit(List<Observation> observations) {
      double mean = observations.stream().mapToDouble(Observation::loss).average().orElseThrow();
      FitDiagnostics diagnostics =
          new FitDiagnostics(observations.size(), 0.1, 0.1, 0, 0, true, 1, 1, 0, "");
      return new FittedLaw() {
        @Override
        public String lawName() {
          return "tilt";
        }

        @Override
        public List<String> parameterNames() {
          return List.of("mean");
        }

        @Override
        public double[] parameters() {
          return new double[] {mean};
        }

        @Override
        public double predict(double capacity, double tokens, double[] weights) {
          return mean + weights[0];
        }

        @Override
        public FitDiagnostics diagnostics() {
          return diagnostics;
        }
      };
    }
  }

  /** Rejects every fit. */
  private static final class FailingLaw implements MixtureLaw {
    @Override
    public String name() {
      return "failing";
    }

    @Override
    public FittedLaw fit(List<Observation> observations) {
      throw new IllegalArgumentException("needs 3 scales");
    }
  }

  private static BenchmarkData smallData() {
    return new BenchmarkData(
        List.of("x", "y"),
        List.of(
            Runs.run("r1", "s1", 1e7, new double[] {0.5, 0.5}, "a", 3.0, "b", 4.0),
            Runs.run("r2", "s1", 1e7, new double[] {0.3, 0.7}, "a", 3.2, "b", 4.4),
            Runs.run("r3", "s2", 1e8, new double[] {0.2, 0.8}, "a", 2.5, "b", 3.5),
            Runs.run("r4", "s2", 1e8, new double[] {0.6, 0.4}, "a", 2.7, "b", 3.3),
            Runs.run("r5", "s2", 1e8, new double[] {0.4, 0.6}, "a", 2.6, "b", 3.7)),
        Map.of());
  }

  @Test
  void scoresLeaveLargestScaleOutExactly() {
    EvaluationResult result =
        LawEvaluator.of(new Protocol.LeaveLargestScaleOut())
            .withMetricResamples(0)
            .evaluate(List.of(new TiltLaw()), smallData());

    // Fitted on r1, r2: mean a = 3.1, mean b = 4.2; predictions mean + w0.
    LawScore a = result.score("tilt", "a", "s2").orElseThrow();
    assertThat(a.point().runs()).isEqualTo(3);
    assertThat(a.point().mae()).isCloseTo(0.9, within(EXACT));
    assertThat(a.point().meanRelativeError())
        .isCloseTo((0.8 / 2.5 + 1.0 / 2.7 + 0.9 / 2.6) / 3, within(EXACT));
    assertThat(a.point().spearman()).isCloseTo(1.0, within(EXACT));
    assertThat(a.point().regret()).isCloseTo(0.0, within(EXACT));
    assertThat(a.fits()).isEqualTo(1);

    LawScore b = result.score("tilt", "b", "s2").orElseThrow();
    assertThat(b.point().mae()).isCloseTo(1.1, within(EXACT));
    assertThat(b.point().spearman()).isCloseTo(-0.5, within(EXACT));
    assertThat(b.point().regret()).isCloseTo(0.2, within(EXACT));

    // Aggregate with equal weights: observed 3.0, 3.0, 3.15; predicted 3.85, 4.25, 4.05.
    LawScore aggregate = result.score("tilt", "aggregate", "s2").orElseThrow();
    assertThat(aggregate.point().mae()).isCloseTo(1.0, within(EXACT));
    assertThat(aggregate.point().regret()).isCloseTo(0.0, within(EXACT));
    assertThat(aggregate.point().spearman()).isCloseTo(0.0, within(EXACT));
    assertThat(aggregate.fits()).isEqualTo(2);
    assertThat(aggregate.lower().mae()).isNaN();

    assertThat(result.predictions()).hasSize(9);
    Prediction first = result.predictions().get(0);
    assertThat(first)
        .extracting(Prediction::law, Prediction::protocol, Prediction::fold, Prediction::runId)
        .containsExactly("tilt", "leave-largest-scale-out", 0, "r3");
    assertThat(first.target()).isEqualTo("a");
    assertThat(first.observed()).isEqualTo(2.5);
    assertThat(first.predicted()).isCloseTo(3.3, within(EXACT));
    assertThat(result.scores()).extracting(LawScore::target).containsExactly("a", "b", "aggregate");
  }

  @Test
  void summaryAveragesTheTargetsAndCarriesTheAggregate() {
    EvaluationResult result =
        LawEvaluator.of(new Protocol.LeaveLargestScaleOut())
            .withMetricResamples(0)
            .evaluate(List.of(new TiltLaw()), smallData());

    LawSummary summary = result.summaries().get(0);
    assertThat(summary.scale()).isEqualTo("s2");
    assertThat(summary.targets()).isEqualTo(2);
    assertThat(summary.targetsMissing()).isZero();
    assertThat(summary.meanOverTargets().mae()).isCloseTo(1.0, within(EXACT));
    assertThat(summary.meanOverTargets().regret()).isCloseTo(0.1, within(EXACT));
    assertThat(summary.meanOverTargets().runs()).isEqualTo(6);
    assertThat(summary.aggregate().mae()).isCloseTo(1.0, within(EXACT));
  }

  @Test
  void aFailingLawIsRecordedAndScoresNothing() {
    EvaluationResult result =
        LawEvaluator.of(new Protocol.LeaveLargestScaleOut())
            .withMetricResamples(0)
            .evaluate(List.of(new FailingLaw(), new TiltLaw()), smallData());

    assertThat(result.fits()).hasSize(4);
    FitRecord failed = result.fits().get(0);
    assertThat(failed.status()).isEqualTo(FitRecord.Status.FAILED);
    assertThat(failed.message()).isEqualTo("IllegalArgumentException: needs 3 scales");
    assertThat(failed.observations()).isEqualTo(2);
    assertThat(result.scoresOf("failing")).isEmpty();
    assertThat(result.scoresOf("tilt")).hasSize(3);
    assertThat(result.summaries()).extracting(LawSummary::law).containsExactly("tilt");
  }

  @Test
  void metricIntervalsBracketThePointAndRepeatWithTheSeed() {
    LawEvaluator evaluator =
        LawEvaluator.of(new Protocol.LeaveLargestScaleOut()).withMetricResamples(200).withSeed(5L);
    EvaluationResult first = evaluator.evaluate(List.of(new TiltLaw()), smallData());
    EvaluationResult again = evaluator.evaluate(List.of(new TiltLaw()), smallData());

    LawScore b = first.score("tilt", "b", "s2").orElseThrow();
    assertThat(b.lower().mae()).isLessThanOrEqualTo(b.point().mae());
    assertThat(b.upper().mae()).isGreaterThanOrEqualTo(b.point().mae());
    // Three runs with errors 0.9, 1.5, 0.9: resampled MAEs lie between 0.9 and 1.5.
    assertThat(b.lower().mae()).isCloseTo(0.9, within(EXACT));
    assertThat(b.upper().mae()).isCloseTo(1.5, within(EXACT));
    assertThat(b.resamples()).isEqualTo(200);
    assertThat(again).isEqualTo(first);
  }

  @Test
  void kFoldPredictsEveryRunOnceAndThreadsDoNotChangeTheResult() {
    List<BenchmarkRun> runs = new ArrayList<>();
    runs.addAll(
        Runs.grid(
            new String[] {"s1", "s2"},
            new double[] {1e7, 1e8},
            6,
            Map.of("a", (n, w) -> 3 + w, "b", (n, w) -> 4 - w)));
    BenchmarkData data = new BenchmarkData(List.of("x", "y"), runs, Map.of("a", 1.0));
    LawEvaluator evaluator = LawEvaluator.of(new Protocol.KFold(3, 11L)).withMetricResamples(50);

    EvaluationResult serial = evaluator.evaluate(List.of(new TiltLaw()), data);
    EvaluationResult parallel = evaluator.withThreads(2).evaluate(List.of(new TiltLaw()), data);

    // 12 runs x (2 targets + aggregate), each predicted once.
    assertThat(serial.predictions()).hasSize(36);
    assertThat(serial.fits()).hasSize(2 * 3 * 2);
    assertThat(serial.testScales()).containsExactly("s1", "s2");
    assertThat(parallel).isEqualTo(serial);
    // The aggregate weighs only target a, so it equals target a's score.
    assertThat(serial.score("tilt", "aggregate", "s1").orElseThrow().point())
        .isEqualTo(serial.score("tilt", "a", "s1").orElseThrow().point());
  }

  @Test
  void camelCoreRecoversALawOfItsOwnFormAtTheHeldOutScale() {
    // L = 1.8 + exp(r0 (0.3 - 0.2 l) + r1 (0.1 - 0.05 l)), l = ln(N / 1e8): noiseless runs.
    List<BenchmarkRun> runs =
        Runs.grid(
            new String[] {"20M", "50M", "100M", "300M"},
            new double[] {2e7, 5e7, 1e8, 3e8},
            8,
            Map.of(
                "v",
                (n, w) -> {
                  double l = Math.log(n / 1e8);
                  return 1.8 + Math.exp(w * (0.3 - 0.2 * l) + (1 - w) * (0.1 - 0.05 * l));
                }));
    BenchmarkData data = new BenchmarkData(List.of("x", "y"), runs, Map.of());

    EvaluationResult result =
        LawEvaluator.of(new Protocol.LeaveLargestScaleOut())
            .withMetricResamples(0)
            .evaluate(List.of(CamelLaw.core()), data);

    LawScore score = result.score("camel-core", "v", "300M").orElseThrow();
    assertThat(score.point().runs()).isEqualTo(8);
    assertThat(score.point().mae()).isLessThan(1e-5);
    assertThat(score.point().spearman()).isCloseTo(1.0, within(EXACT));
    assertThat(score.point().regret()).isZero();
    assertThat(score.fitsNotConverged()).isZero();
  }

  @Test
  void rejectsRepeatedLawNames() {
    assertThatThrownBy(
            () ->
                LawEvaluator.of(new Protocol.LeaveLargestScaleOut())
                    .evaluate(List.of(new TiltLaw(), new TiltLaw()), smallData()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("law tilt is listed twice");
  }
}

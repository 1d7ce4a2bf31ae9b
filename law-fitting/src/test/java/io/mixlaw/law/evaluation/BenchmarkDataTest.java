package io.mixlaw.law.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchmarkDataTest {

  private static final double[] MIX = {0.5, 0.5};

  @Test
  void aggregateIsTheWeightedMeanOfTheWeightedTargets() {
    BenchmarkRun run = Runs.run("r1", "70M", 7e7, MIX, "a", 2.0, "b", 4.0, "c", 9.0);
    BenchmarkData data =
        new BenchmarkData(List.of("x", "y"), List.of(run), Map.of("a", 3.0, "b", 1.0, "c", 0.0));

    assertThat(data.validationWeights()).containsExactlyInAnyOrderEntriesOf(Map.of("a", 0.75, "b", 0.25));
    assertThat(data.aggregateLoss(run)).isCloseTo(0.75 * 2.0 + 0.25 * 4.0, within(1e-12));
    assertThat(data.aggregate(Map.of("a", 2.0))).isNaN();
  }

  @Test
  void equalWeightsWhenNoneAreGiven() {
    BenchmarkRun run = Runs.run("r1", "70M", 7e7, MIX, "a", 2.0, "b", 4.0);
    BenchmarkData data = new BenchmarkData(List.of("x", "y"), List.of(run), Map.of());

    assertThat(data.aggregateLoss(run)).isCloseTo(3.0, within(1e-12));
  }

  @Test
  void rejectsWeightsOfUnknownTargetsAndScalesWithTwoCapacities() {
    BenchmarkRun run = Runs.run("r1", "70M", 7e7, MIX, "a", 2.0);
    assertThatThrownBy(() -> new BenchmarkData(List.of("x", "y"), List.of(run), Map.of("z", 1.0)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validation weight given for target 'z', which no run has; targets are [a]");

    BenchmarkRun other = Runs.run("r2", "70M", 8e7, MIX, "a", 2.0);
    assertThatThrownBy(() -> new BenchmarkData(List.of("x", "y"), List.of(run, other), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "scale 70M has two capacities, 7.00000e+07 and 8.00000e+07 (run r2); give each model"
                + " size its own scale label");
  }

  @Test
  void rejectsRepeatedRunIdsAndTheReservedTargetName() {
    BenchmarkRun run = Runs.run("r1", "70M", 7e7, MIX, "a", 2.0);
    assertThatThrownBy(() -> new BenchmarkData(List.of("x", "y"), List.of(run, run), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("run id r1 appears twice");

    BenchmarkRun reserved = Runs.run("r1", "70M", 7e7, MIX, "aggregate", 2.0);
    assertThatThrownBy(() -> new BenchmarkData(List.of("x", "y"), List.of(reserved), Map.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validation target name 'aggregate' is reserved for the aggregate loss");
  }

  @Test
  void runRejectsNonPositiveLoss() {
    assertThatThrownBy(() -> Runs.run("r1", "70M", 7e7, MIX, "a", 0.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("loss of run r1 on a must be finite and > 0, got 0.0");
  }
}

package io.mixlaw.law.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProtocolTest {

  /** Scales listed out of capacity order on purpose: 6 runs at 70M, 6 at 410M, 5 at 160M. */
  private static final BenchmarkData DATA =
      new BenchmarkData(
          List.of("a", "b"),
          concat(
              Runs.grid(new String[] {"70M"}, new double[] {7e7}, 6, Map.of("v", (n, w) -> 3.0)),
              Runs.grid(new String[] {"410M"}, new double[] {4.1e8}, 6, Map.of("v", (n, w) -> 2.5)),
              Runs.grid(
                  new String[] {"160M"}, new double[] {1.6e8}, 5, Map.of("v", (n, w) -> 2.8))),
          Map.of());

  @SafeVarargs
  private static List<BenchmarkRun> concat(List<BenchmarkRun>... parts) {
    List<BenchmarkRun> all = new ArrayList<>();
    for (List<BenchmarkRun> part : parts) {
      all.addAll(part);
    }

    return all;
  }

  private static List<String> ids(String scale, int... ks) {
    List<String> ids = new ArrayList<>();
    for (int k : ks) {
      ids.add(scale + "_" + k);
    }

    return ids;
  }

  @Test
  void scalesAreOrderedByCapacity() {
    assertThat(DATA.scales()).containsExactly("70M", "160M", "410M");
  }

  @Test
  void leaveLargestScaleOutTrainsOnSmallerScalesAndTestsTheLargest() {
    List<Fold> folds = new Protocol.LeaveLargestScaleOut().folds(DATA);

    assertThat(folds).hasSize(1);
    Fold fold = folds.get(0);
    assertThat(fold.index()).isZero();
    assertThat(fold.label()).isEqualTo("70M,160M -> 410M");
    List<String> train = new ArrayList<>(ids("160M", 0, 1, 2, 3, 4));
    train.addAll(ids("70M", 0, 1, 2, 3, 4, 5));
    assertThat(fold.trainRunIds()).containsExactlyElementsOf(train);
    assertThat(fold.testRunIds()).containsExactlyElementsOf(ids("410M", 0, 1, 2, 3, 4, 5));
  }

  @Test
  void scaleSplitAcceptsLabelsAndParameterCounts() {
    List<Fold> folds =
        new Protocol.ScaleSplit(List.of("7e7"), List.of("410M", "160000000")).folds(DATA);

    Fold fold = folds.get(0);
    assertThat(fold.label()).isEqualTo("70M -> 160M,410M");
    assertThat(fold.trainRunIds()).containsExactlyElementsOf(ids("70M", 0, 1, 2, 3, 4, 5));
    List<String> test = new ArrayList<>(ids("160M", 0, 1, 2, 3, 4));
    test.addAll(ids("410M", 0, 1, 2, 3, 4, 5));
    assertThat(fold.testRunIds()).containsExactlyElementsOf(test);
  }

  @Test
  void scaleSplitRejectsAScaleOnBothSidesAndUnknownScales() {
    assertThatThrownBy(
            () -> new Protocol.ScaleSplit(List.of("70M"), List.of("70000000")).folds(DATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "scale 70M is both a training and a test scale; a law cannot be scored on the runs it"
                + " was fitted to");
    assertThatThrownBy(() -> new Protocol.ScaleSplit(List.of("70M"), List.of("1B")).folds(DATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "no scale has the label or parameter count '1B'; scales are 70M (70000000), 160M"
                + " (160000000), 410M (410000000)");
  }

  @Test
  void kFoldPredictsEveryRunOnceFromRunsOfItsOwnScale() {
    List<Fold> folds = new Protocol.KFold(3, 7L).folds(DATA);

    assertThat(folds).hasSize(9);
    Set<String> tested = new HashSet<>();
    for (Fold fold : folds) {
      String scale = DATA.run(fold.testRunIds().get(0)).scale();
      List<String> atScale = DATA.runIdsAt(scale);
      assertThat(fold.testRunIds()).allSatisfy(id -> assertThat(id).startsWith(scale + "_"));
      List<String> complement = new ArrayList<>(atScale);
      complement.removeAll(fold.testRunIds());
      assertThat(fold.trainRunIds()).containsExactlyElementsOf(complement);
      for (String id : fold.testRunIds()) {
        assertThat(tested.add(id)).as("run %s tested twice", id).isTrue();
      }
    }

    assertThat(tested).hasSize(17);
    // 160M has 5 runs: parts of 2, 2 and 1; labels and indices follow capacity order.
    assertThat(folds.get(3).label()).isEqualTo("160M fold 1/3");
    assertThat(folds.get(3).index()).isEqualTo(3);
    assertThat(folds.subList(3, 6)).extracting(f -> f.testRunIds().size()).containsExactly(2, 2, 1);
  }

  @Test
  void kFoldIsFixedByItsSeed() {
    List<Fold> first = new Protocol.KFold(3, 7L).folds(DATA);
    List<Fold> again = new Protocol.KFold(3, 7L).folds(DATA);
    List<Fold> other = new Protocol.KFold(3, 8L).folds(DATA);

    assertThat(again).isEqualTo(first);
    assertThat(other).isNotEqualTo(first);
    // The shuffle is SplittableRandom's, specified by the JDK: pinned for seed 7.
    assertThat(first.get(0).testRunIds()).containsExactly("70M_2", "70M_5");
  }

  @Test
  void kFoldNeedsAsManyRunsAsFoldsAtEveryScale() {
    assertThatThrownBy(() -> new Protocol.KFold(6, 1L).folds(DATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k-fold with 6 folds needs at least 6 runs at every scale; scale 160M has 5");
    assertThatThrownBy(() -> new Protocol.KFold(1, 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("k-fold needs at least 2 folds, got 1");
  }

  @Test
  void protocolsAreFoundByName() {
    assertThat(Protocol.of("Leave-Largest-Scale-Out", 5, 1L, List.of(), List.of()))
        .isEqualTo(new Protocol.LeaveLargestScaleOut());
    assertThat(Protocol.of("k-fold", 4, 9L, List.of(), List.of()))
        .isEqualTo(new Protocol.KFold(4, 9L));
    assertThatThrownBy(() -> Protocol.of("holdout", 5, 1L, List.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "unknown protocol 'holdout'; expected one of [k-fold, leave-largest-scale-out,"
                + " scale-split]");
  }
}

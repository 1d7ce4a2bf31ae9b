package io.mixlaw.law;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class BootstrapSamplerTest {

  private static final long BASE_SEED = 42;

  private static SortedMap<String, List<String>> ladder() {
    SortedMap<String, List<String>> runs = new TreeMap<>();
    runs.put("120M", List.of("c1", "c2", "c3"));
    runs.put("20M", List.of("a1", "a2", "a3", "a4", "a5"));
    runs.put("50M", List.of("b1", "b2", "b3", "b4"));
    return runs;
  }

  @Test
  void indexZeroReturnsTheOriginalRunsInOrder() {
    assertThat(BootstrapSampler.resampleRuns(ladder(), BASE_SEED, 0))
        .containsExactly("c1", "c2", "c3", "a1", "a2", "a3", "a4", "a5", "b1", "b2", "b3", "b4");
  }

  @Test
  void sameIndexGivesIdenticalSample() {
    List<String> first = BootstrapSampler.resampleRuns(ladder(), BASE_SEED, 17);
    List<String> second = BootstrapSampler.resampleRuns(ladder(), BASE_SEED, 17);

    assertThat(second).isEqualTo(first);
  }

  @Test
  void indexComputedAloneEqualsIndexComputedInALoop() {
    List<List<String>> inLoop = new ArrayList<>();
    for (int b = 0; b <= 50; b++) {
      inLoop.add(BootstrapSampler.resampleRuns(ladder(), BASE_SEED, b));
    }

    for (int b : new int[] {50, 3, 27, 1}) {
      assertThat(BootstrapSampler.resampleRuns(ladder(), BASE_SEED, b)).isEqualTo(inLoop.get(b));
    }
  }

  @Test
  void sampleIsPinnedForAGivenSeedAndIndex() {
    // The generator is fully specified (SplitMix64, checked against its reference stream below),
    // so these samples must come out the same on every JVM, platform and release.
    assertThat(BootstrapSampler.resampleRuns(ladder(), BASE_SEED, 1))
        .containsExactly("c1", "c2", "c3", "a4", "a1", "a1", "a5", "a3", "b2", "b3", "b3", "b4");
    assertThat(BootstrapSampler.resampleRuns(ladder(), BASE_SEED, 1000))
        .containsExactly("c1", "c3", "c2", "a3", "a1", "a2", "a4", "a4", "b4", "b1", "b1", "b1");
  }

  @Test
  void splitMixMatchesThePublishedReferenceStream() {
    // First outputs of the reference splitmix64.c (Vigna) seeded with 1234567.
    SplitMix64 random = new SplitMix64(1234567L);

    assertThat(Long.toUnsignedString(random.nextLong())).isEqualTo("6457827717110365317");
    assertThat(Long.toUnsignedString(random.nextLong())).isEqualTo("3203168211198807973");
    assertThat(Long.toUnsignedString(random.nextLong())).isEqualTo("9817491932198370423");
  }

  @Test
  void drawsAsManyRunsPerScaleAsTheScaleHas() {
    for (int b = 1; b <= 200; b++) {
      List<String> sample = BootstrapSampler.resampleRuns(ladder(), BASE_SEED, b);

      assertThat(sample).hasSize(12);
      assertThat(sample.subList(0, 3)).allMatch(run -> run.startsWith("c"));
      assertThat(sample.subList(3, 8)).allMatch(run -> run.startsWith("a"));
      assertThat(sample.subList(8, 12)).allMatch(run -> run.startsWith("b"));
    }
  }

  @Test
  void drawsWithReplacementUniformly() {
    Map<String, Integer> counts = new HashMap<>();
    int resamples = 4000;
    for (int b = 1; b <= resamples; b++) {
      for (String run : BootstrapSampler.resampleRuns(ladder(), BASE_SEED, b)) {
        counts.merge(run, 1, Integer::sum);
      }
    }

    // Each run is expected once per resample; 4000 draws of a Binomial(n, 1/n) sum have a
    // standard deviation below 64, so 5 sigma is 320.
    assertThat(counts).hasSize(12);
    assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(3680, 4320));
    long withRepeats = 0;
    for (int b = 1; b <= 100; b++) {
      List<String> sample = BootstrapSampler.resampleRuns(ladder(), BASE_SEED, b);
      if (sample.stream().distinct().count() < sample.size()) {
        withRepeats++;
      }
    }
    assertThat(withRepeats).isGreaterThan(90);
  }

  @Test
  void differentIndicesAndSeedsGiveDifferentSamples() {
    List<String> one = BootstrapSampler.resampleRuns(ladder(), BASE_SEED, 1);

    assertThat(BootstrapSampler.resampleRuns(ladder(), BASE_SEED, 2)).isNotEqualTo(one);
    assertThat(BootstrapSampler.resampleRuns(ladder(), BASE_SEED + 1, 1)).isNotEqualTo(one);
  }

  @Test
  void selectRepeatsTheObservationsOfRepeatedRuns() {
    Observation a1 = new Observation("a1", "20M", 2e7, 1e9, new double[] {1, 0}, 3.0);
    Observation a1Other = new Observation("a1", "20M", 2e7, 1e9, new double[] {1, 0}, 3.5);
    Observation a2 = new Observation("a2", "20M", 2e7, 1e9, new double[] {0, 1}, 3.1);

    List<Observation> selected =
        BootstrapSampler.select(List.of(a1, a2, a1Other), List.of("a1", "a1", "a2"));

    assertThat(selected).containsExactly(a1, a1Other, a1, a1Other, a2);
  }

  @Test
  void selectNamesAnUnknownRun() {
    Observation a1 = new Observation("a1", "20M", 2e7, 1e9, new double[] {1, 0}, 3.0);

    assertThatThrownBy(() -> BootstrapSampler.select(List.of(a1), List.of("a1", "zz")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sampled run zz has no observation among the 1 runs given");
  }

  @Test
  void groupsRunIdsByScaleInSortedOrder() {
    List<Observation> observations =
        List.of(
            new Observation("b2", "50M", 5e7, 1e9, new double[] {1}, 3.0),
            new Observation("a1", "20M", 2e7, 1e9, new double[] {1}, 3.2),
            new Observation("b1", "50M", 5e7, 1e9, new double[] {1}, 3.1),
            new Observation("b2", "50M", 5e7, 1e9, new double[] {1}, 3.0));

    SortedMap<String, List<String>> grouped = BootstrapSampler.runIdsByScale(observations);

    assertThat(grouped)
        .containsExactly(Map.entry("20M", List.of("a1")), Map.entry("50M", List.of("b1", "b2")));
  }

  @Test
  void rejectsARunListedUnderTwoScales() {
    SortedMap<String, List<String>> runs = new TreeMap<>();
    runs.put("20M", List.of("a1", "x"));
    runs.put("50M", List.of("x"));

    assertThatThrownBy(() -> BootstrapSampler.resampleRuns(runs, BASE_SEED, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "run x is listed twice (scales 20M and 50M); run ids must be unique across"
                + " scales");
  }

  @Test
  void rejectsANegativeIndex() {
    assertThatThrownBy(() -> BootstrapSampler.resampleRuns(ladder(), BASE_SEED, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("bootstrap index must be >= 0, got -1");
  }
}

package io.mixlaw.law;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Stratified bootstrap over whole proxy runs.
 *
 * <p>Resample {@code b} draws, within every model scale, as many run ids as that scale has,
 * uniformly with replacement (Efron and Tibshirani 1993, the stratified bootstrap). Resample 0 is
 * the original data. Resample {@code b >= 1} uses a {@link SplitMix64} generator whose seed is a
 * fixed function of the base seed and {@code b} alone, so any resample can be recomputed on its
 * own, in any order, on any machine, with the same result bit for bit.
 */
public final class BootstrapSampler {

  /** Base seed used when the configuration names none. */
  public static final long DEFAULT_BASE_SEED = 20240601L;

  /** Number of bootstrap resamples when the configuration names none. */
  public static final int DEFAULT_RESAMPLES = 1000;

  private BootstrapSampler() {}

  /**
   * Draws the run ids of one bootstrap resample.
   *
   * @param runIdsByScale run ids of every scale; scales are visited in the map's order, the
   *     original runs of a scale in list order; a run id may appear only once in the whole map
   * @param baseSeed seed of the whole bootstrap
   * @param index resample index: 0 for the original data, {@code b >= 1} for resample b
   * @return for each scale in map order, that scale's draws in draw order (repeats repeated); for
   *     index 0 every run once, in map and list order
   * @throws IllegalArgumentException if the index is negative or a run id is repeated
   */
  public static List<String> resampleRuns(
      SortedMap<String, List<String>> runIdsByScale, long baseSeed, int index) {
    Objects.requireNonNull(runIdsByScale, "runIdsByScale");
    if (index < 0) {
      throw new IllegalArgumentException("bootstrap index must be >= 0, got " + index);
    }
    checkUnique(runIdsByScale);
    List<String> sample = new ArrayList<>();
    if (index == 0) {
      for (List<String> runs : runIdsByScale.values()) {
        sample.addAll(runs);
      }
      return Collections.unmodifiableList(sample);
    }
    SplitMix64 random = new SplitMix64(seed(baseSeed, index));
    for (List<String> runs : runIdsByScale.values()) {
      int count = runs.size();
      for (int k = 0; k < count; k++) {
        sample.add(runs.get(random.nextInt(count)));
      }
    }
    return Collections.unmodifiableList(sample);
  }

  /**
   * The generator seed of resample {@code index}: the base seed and the index are mixed separately
   * and combined, so neighbouring indices and base seeds give unrelated streams.
   */
  static long seed(long baseSeed, int index) {
    return SplitMix64.mix(baseSeed) ^ SplitMix64.mix(SplitMix64.mix(index) + 1);
  }

  private static void checkUnique(SortedMap<String, List<String>> runIdsByScale) {
    Map<String, String> scaleOfRun = new HashMap<>();
    for (Map.Entry<String, List<String>> entry : runIdsByScale.entrySet()) {
      Objects.requireNonNull(entry.getValue(), "run ids of scale " + entry.getKey());
      for (String run : entry.getValue()) {
        Objects.requireNonNull(run, "run id in scale " + entry.getKey());
        String previous = scaleOfRun.put(run, entry.getKey());
        if (previous != null) {
          throw new IllegalArgumentException(
              "run "
                  + run
                  + " is listed twice (scales "
                  + previous
                  + " and "
                  + entry.getKey()
                  + "); run ids must be unique across scales");
        }
      }
    }
  }

  /**
   * Groups the distinct run ids of the observations by scale, for {@link #resampleRuns}. Scales and
   * the runs within a scale are sorted by their natural (UTF-16) order, so the grouping does not
   * depend on the order of the observations.
   *
   * @throws IllegalArgumentException if a run id appears with two different scales
   */
  public static SortedMap<String, List<String>> runIdsByScale(List<Observation> observations) {
    Objects.requireNonNull(observations, "observations");
    Map<String, String> scaleOfRun = new HashMap<>();
    SortedMap<String, List<String>> byScale = new TreeMap<>();
    for (Observation o : observations) {
      String previous = scaleOfRun.putIfAbsent(o.runId(), o.scale());
      if (previous == null) {
        byScale.computeIfAbsent(o.scale(), s -> new ArrayList<>()).add(o.runId());
      } else if (!previous.equals(o.scale())) {
        throw new IllegalArgumentException(
            "run "
                + o.runId()
                + " appears with scales "
                + previous
                + " and "
                + o.scale()
                + "; each run belongs to one scale");
      }
    }
    SortedMap<String, List<String>> result = new TreeMap<>();
    for (Map.Entry<String, List<String>> entry : byScale.entrySet()) {
      List<String> runs = entry.getValue();
      Collections.sort(runs);
      result.put(entry.getKey(), Collections.unmodifiableList(runs));
    }
    return Collections.unmodifiableSortedMap(result);
  }

  /**
   * The observations of the sampled runs: for each sampled run id in order, that run's observations
   * in their original order; a run drawn twice contributes its observations twice.
   *
   * @param observations all observations, each carrying its run id
   * @param sampledRunIds run ids as returned by {@link #resampleRuns}
   * @throws IllegalArgumentException if a sampled run id has no observation
   */
  public static List<Observation> select(
      List<Observation> observations, List<String> sampledRunIds) {
    Objects.requireNonNull(observations, "observations");
    Objects.requireNonNull(sampledRunIds, "sampledRunIds");
    Map<String, List<Observation>> byRun = new LinkedHashMap<>();
    for (Observation o : observations) {
      byRun.computeIfAbsent(o.runId(), r -> new ArrayList<>()).add(o);
    }
    List<Observation> selected = new ArrayList<>();
    for (String run : sampledRunIds) {
      List<Observation> ofRun = byRun.get(run);
      if (ofRun == null) {
        throw new IllegalArgumentException(
            "sampled run " + run + " has no observation among the " + byRun.size() + " runs given");
      }
      selected.addAll(ofRun);
    }
    return Collections.unmodifiableList(selected);
  }
}

package io.mixlaw.law;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/** Fits one law to every validation target, one after the other. */
public final class TargetFits {

  private TargetFits() {}

  /**
   * Fits the law to each target's observations, serially, in the map's key order.
   *
   * @param law the law to fit
   * @param observationsByTarget observations of each validation target
   * @return an unmodifiable map with the same keys and ordering, each target's fit
   * @throws IllegalArgumentException naming the target whose observations the law rejects
   */
  public static SortedMap<String, FittedLaw> fitAll(
      MixtureLaw law, SortedMap<String, List<Observation>> observationsByTarget) {
    Objects.requireNonNull(law, "law");
    Objects.requireNonNull(observationsByTarget, "observationsByTarget");
    SortedMap<String, FittedLaw> fits = new TreeMap<>(observationsByTarget.comparator());
    for (Map.Entry<String, List<Observation>> entry : observationsByTarget.entrySet()) {
      try {
        fits.put(entry.getKey(), law.fit(entry.getValue()));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "cannot fit " + law.name() + " to target " + entry.getKey() + ": " + e.getMessage(), e);
      }
    }
    return Collections.unmodifiableSortedMap(fits);
  }
}

package io.mixlaw.law.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;

/** Small hand-made benchmark data sets for the tests. */
final class Runs {

  private Runs() {}

  /** A run with one loss per target, given as alternating names and values. */
  static BenchmarkRun run(
      String id, String scale, double capacity, double[] weights, Object... targetLosses) {
    Map<String, Double> losses = new TreeMap<>();
    for (int i = 0; i < targetLosses.length; i += 2) {
      losses.put((String) targetLosses[i], ((Number) targetLosses[i + 1]).doubleValue());
    }

    return new BenchmarkRun(id, scale, capacity, 1e9, weights, new TreeMap<>(losses));
  }

  /**
   * Runs on a grid: {@code perScale} two-domain mixtures at each scale, run ids {@code
   * <scale>_<k>}, the loss of each target given by the function of capacity and weight of domain 0.
   */
  static List<BenchmarkRun> grid(
      String[] scales,
      double[] capacities,
      int perScale,
      Map<String, BiFunction<Double, Double, Double>> targets) {
    List<BenchmarkRun> runs = new ArrayList<>();
    for (int s = 0; s < scales.length; s++) {
      for (int k = 0; k < perScale; k++) {
        double w = (k + 0.5) / perScale;
        TreeMap<String, Double> losses = new TreeMap<>();
        for (Map.Entry<String, BiFunction<Double, Double, Double>> t : targets.entrySet()) {
          losses.put(t.getKey(), t.getValue().apply(capacities[s], w));
        }

        runs.add(
            new BenchmarkRun(
                scales[s] + "_" + k,
                scales[s],
                capacities[s],
                1e9,
                new double[] {w, 1 - w},
                losses));
      }
    }

    return runs;
  }
}

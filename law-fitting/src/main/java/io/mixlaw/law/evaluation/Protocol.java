package io.mixlaw.law.evaluation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * How the runs of a benchmark are split into training and test runs.
 *
 * <ul>
 *   <li>{@link KFold}: within-scale k-fold cross-validation. The runs of each scale are shuffled
 *       with a seed and dealt into k folds; each fold is predicted by a law fitted on the other
 *       runs of the same scale only. It measures interpolation across mixtures at a known scale.
 *   <li>{@link LeaveLargestScaleOut}: fit on every scale but the largest, predict the largest: the
 *       extrapolation the product is used for.
 *   <li>{@link ScaleSplit}: fit on chosen scales, predict other chosen scales.
 * </ul>
 */
public sealed interface Protocol
    permits Protocol.KFold, Protocol.LeaveLargestScaleOut, Protocol.ScaleSplit {

  /** Name of {@link KFold} in tables and on the command line. */
  String K_FOLD = "k-fold";

  /** Name of {@link LeaveLargestScaleOut} in tables and on the command line. */
  String LEAVE_LARGEST_SCALE_OUT = "leave-largest-scale-out";

  /** Name of {@link ScaleSplit} in tables and on the command line. */
  String SCALE_SPLIT = "scale-split";

  /** The protocol names, in a stable order. */
  List<String> NAMES = List.of(K_FOLD, LEAVE_LARGEST_SCALE_OUT, SCALE_SPLIT);

  /** Name of the protocol as it appears in tables. */
  String name();

  /**
   * Splits the runs into folds.
   *
   * @throws IllegalArgumentException when the data cannot be split this way (too few scales or
   *     runs, an unknown scale), naming what is missing
   */
  List<Fold> folds(BenchmarkData data);

  /**
   * Within-scale k-fold cross-validation.
   *
   * <p>The runs of each scale, sorted by id, are shuffled by Fisher-Yates with a {@link
   * SplittableRandom} seeded by {@code seed + scale position}, and dealt round-robin into k folds;
   * fold {@code s * k + f} tests part f of scale s (scales in capacity order) and trains on the
   * other parts of that scale. Every run is predicted exactly once.
   *
   * @param folds number of folds k per scale, &gt;= 2
   * @param seed seed of the shuffle
   */
  record KFold(int folds, long seed) implements Protocol {

    /** Default number of folds. */
    public static final int DEFAULT_FOLDS = 5;

    /** Default seed of the shuffle. */
    public static final long DEFAULT_SEED = 20240917L;

    /** Checks the number of folds. */
    public KFold {
      if (folds < 2) {
        throw new IllegalArgumentException("k-fold needs at least 2 folds, got " + folds);
      }
    }

    @Override
    public String name() {
      return K_FOLD;
    }

    @Override
    public List<Fold> folds(BenchmarkData data) {
      List<Fold> result = new ArrayList<>();
      List<String> scales = data.scales();
      for (int s = 0; s < scales.size(); s++) {
        String scale = scales.get(s);
        List<String> runs = new ArrayList<>(data.runIdsAt(scale));
        if (runs.size() < folds) {
          throw new IllegalArgumentException(
              String.format(
                  Locale.ROOT,
                  "k-fold with %d folds needs at least %d runs at every scale; scale %s has %d",
                  folds,
                  folds,
                  scale,
                  runs.size()));
        }

        SplittableRandom random = new SplittableRandom(seed + s);
        for (int i = runs.size() - 1; i > 0; i--) {
          int j = random.nextInt(i + 1);
          String swap = runs.get(i);
          runs.set(i, runs.get(j));
          runs.set(j, swap);
        }

        for (int f = 0; f < folds; f++) {
          List<String> test = new ArrayList<>();
          List<String> train = new ArrayList<>();
          for (int i = 0; i < runs.size(); i++) {
            if (i % folds == f) {
              test.add(runs.get(i));
            } else {
              train.add(runs.get(i));
            }
          }

          test.sort(null);
          train.sort(null);
          String label = String.format(Locale.ROOT, "%s fold %d/%d", scale, f + 1, folds);
          result.add(new Fold(s * folds + f, label, train, test));
        }
      }

      return List.copyOf(result);
    }
  }

  /** Fit on every scale but the largest (by capacity), predict the largest. */
  record LeaveLargestScaleOut() implements Protocol {

    @Override
    public String name() {
      return LEAVE_LARGEST_SCALE_OUT;
    }

    @Override
    public List<Fold> folds(BenchmarkData data) {
      List<String> scales = data.scales();
      if (scales.size() < 2) {
        throw new IllegalArgumentException(
            "leave-largest-scale-out needs runs at two or more scales, got " + scales);
      }

      List<String> train = scales.subList(0, scales.size() - 1);
      String test = scales.get(scales.size() - 1);
      return List.of(
          new Fold(
              0,
              String.join(",", train) + " -> " + test,
              data.runIdsAt(train),
              data.runIdsAt(test)));
    }
  }

  /**
   * Fit on the training scales, predict the test scales; one fold. Scales are named by label or by
   * parameter count ({@link BenchmarkData#resolveScale}).
   *
   * @param trainScales scales to fit on, at least one
   * @param testScales scales to predict, at least one, none of them a training scale
   */
  record ScaleSplit(List<String> trainScales, List<String> testScales) implements Protocol {

    /** Copies the lists and checks that both are non-empty. */
    public ScaleSplit {
      trainScales = List.copyOf(trainScales);
      testScales = List.copyOf(testScales);
      if (trainScales.isEmpty() || testScales.isEmpty()) {
        throw new IllegalArgumentException(
            "a scale split needs training and test scales, got train "
                + trainScales
                + " and test "
                + testScales);
      }
    }

    @Override
    public String name() {
      return SCALE_SPLIT;
    }

    @Override
    public List<Fold> folds(BenchmarkData data) {
      Set<String> train = resolve(data, trainScales);
      Set<String> test = resolve(data, testScales);
      for (String scale : test) {
        if (train.contains(scale)) {
          throw new IllegalArgumentException(
              "scale "
                  + scale
                  + " is both a training and a test scale; a law cannot be scored on the runs it"
                  + " was fitted to");
        }
      }

      List<String> trainOrdered = ordered(data, train);
      List<String> testOrdered = ordered(data, test);
      return List.of(
          new Fold(
              0,
              String.join(",", trainOrdered) + " -> " + String.join(",", testOrdered),
              data.runIdsAt(trainOrdered),
              data.runIdsAt(testOrdered)));
    }

    private static Set<String> resolve(BenchmarkData data, List<String> specs) {
      Set<String> labels = new LinkedHashSet<>();
      for (String spec : specs) {
        labels.add(data.resolveScale(Objects.requireNonNull(spec, "scale")));
      }

      return labels;
    }

    private static List<String> ordered(BenchmarkData data, Set<String> labels) {
      List<String> result = new ArrayList<>();
      for (String scale : data.scales()) {
        if (labels.contains(scale)) {
          result.add(scale);
        }
      }

      return result;
    }
  }

  /**
   * Builds a protocol from its name.
   *
   * @param name one of {@link #NAMES}, case-insensitive
   * @param folds k for {@link KFold}
   * @param seed shuffle seed for {@link KFold}
   * @param trainScales training scales for {@link ScaleSplit}
   * @param testScales test scales for {@link ScaleSplit}
   * @throws IllegalArgumentException naming the accepted names if the name is unknown
   */
  static Protocol of(
      String name, int folds, long seed, List<String> trainScales, List<String> testScales) {
    Objects.requireNonNull(name, "name");
    return switch (name.strip().toLowerCase(Locale.ROOT)) {
      case K_FOLD -> new KFold(folds, seed);
      case LEAVE_LARGEST_SCALE_OUT -> new LeaveLargestScaleOut();
      case SCALE_SPLIT -> new ScaleSplit(trainScales, testScales);
      default ->
          throw new IllegalArgumentException(
              "unknown protocol '" + name + "'; expected one of " + NAMES);
    };
  }
}

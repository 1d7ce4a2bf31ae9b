package io.mixlaw.law.evaluation;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One split of the runs into the runs a law is fitted on and the runs it must predict.
 *
 * @param index position of the fold in its protocol, from 0
 * @param label human-readable description, for example {@code "70M,160M,305M -> 410M"}
 * @param trainRunIds ids of the training runs, sorted
 * @param testRunIds ids of the test runs, sorted, none of them a training run
 */
public record Fold(int index, String label, List<String> trainRunIds, List<String> testRunIds) {

  /** Copies the lists and checks that they are non-empty and disjoint. */
  public Fold {
    Objects.requireNonNull(label, "label");
    trainRunIds = List.copyOf(trainRunIds);
    testRunIds = List.copyOf(testRunIds);
    if (index < 0) {
      throw new IllegalArgumentException("fold index must be >= 0, got " + index);
    }

    if (trainRunIds.isEmpty() || testRunIds.isEmpty()) {
      throw new IllegalArgumentException(
          "fold "
              + label
              + " needs training and test runs, got "
              + trainRunIds.size()
              + " and "
              + testRunIds.size());
    }

    Set<String> train = new HashSet<>(trainRunIds);
    for (String id : testRunIds) {
      if (train.contains(id)) {
        throw new IllegalArgumentException(
            "fold " + label + " tests run " + id + ", which it also trains on");
      }
    }
  }
}

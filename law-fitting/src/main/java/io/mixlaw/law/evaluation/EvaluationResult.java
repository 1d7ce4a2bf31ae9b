package io.mixlaw.law.evaluation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything one benchmark produced: the folds, every fit, every prediction and the scores.
 *
 * @param protocol name of the protocol
 * @param laws names of the laws, in the order they were given
 * @param targets validation targets of the data (the aggregate not included)
 * @param folds the folds of the protocol
 * @param fits one record per law, fold and target, in that order
 * @param predictions every prediction, ordered by law, fold, target (aggregate last) and run id
 * @param scores one score per law, target and test scale that has predictions, ordered by law,
 *     target (aggregate last) and scale capacity
 */
public record EvaluationResult(
    String protocol,
    List<String> laws,
    List<String> targets,
    List<Fold> folds,
    List<FitRecord> fits,
    List<Prediction> predictions,
    List<LawScore> scores) {

  /** Copies the lists. */
  public EvaluationResult {
    Objects.requireNonNull(protocol, "protocol");
    laws = List.copyOf(laws);
    targets = List.copyOf(targets);
    folds = List.copyOf(folds);
    fits = List.copyOf(fits);
    predictions = List.copyOf(predictions);
    scores = List.copyOf(scores);
  }

  /** The scores of one law, in result order. */
  public List<LawScore> scoresOf(String law) {
    return scores.stream().filter(s -> s.law().equals(law)).toList();
  }

  /** The score of a law on a target at a scale, if it has one. */
  public Optional<LawScore> score(String law, String target, String scale) {
    return scores.stream()
        .filter(s -> s.law().equals(law) && s.target().equals(target) && s.scale().equals(scale))
        .findFirst();
  }

  /** Test scales that have at least one score, in score order. */
  public List<String> testScales() {
    List<String> scales = new ArrayList<>();
    for (LawScore score : scores) {
      if (!scales.contains(score.scale())) {
        scales.add(score.scale());
      }
    }

    return scales;
  }

  /**
   * One summary per law and test scale: the mean of each metric over the validation targets the law
   * was scored on, and the aggregate loss's metrics. Laws scored on different numbers of targets
   * are not directly comparable; {@link LawSummary#targetsMissing()} says so.
   */
  public List<LawSummary> summaries() {
    List<LawSummary> summaries = new ArrayList<>();
    for (String law : laws) {
      for (String scale : testScales()) {
        int scored = 0;
        int runs = 0;
        double[] sums = new double[5];
        int spearmanCount = 0;
        MetricSet aggregate = MetricSet.empty();
        for (LawScore score : scores) {
          if (!score.law().equals(law) || !score.scale().equals(scale)) {
            continue;
          }

          if (score.isAggregate()) {
            aggregate = score.point();
            continue;
          }

          MetricSet p = score.point();
          scored++;
          runs += p.runs();
          sums[0] += p.mae();
          sums[1] += p.meanRelativeError();
          sums[3] += p.regret();
          sums[4] += p.bias();
          if (!Double.isNaN(p.spearman())) {
            sums[2] += p.spearman();
            spearmanCount++;
          }
        }

        if (scored == 0 && aggregate.runs() == 0) {
          continue;
        }

        MetricSet mean = MetricSet.empty();
        if (scored > 0) {
          double spearman = spearmanCount == 0 ? Double.NaN : sums[2] / spearmanCount;
          mean =
              new MetricSet(
                  runs,
                  sums[0] / scored,
                  sums[1] / scored,
                  spearman,
                  sums[3] / scored,
                  sums[4] / scored);
        }

        summaries.add(new LawSummary(law, scale, scored, targets.size() - scored, mean, aggregate));
      }
    }

    return summaries;
  }
}

package io.mixlaw.jobs.fit;

import io.mixlaw.law.Observation;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The observations a fit uses, in a form that Spark can broadcast: one entry per run (ordered by
 * run id) with its loss on every validation target.
 *
 * <p>Bootstrap resamples draw whole runs, so every target of a run moves together.
 */
public final class FitInput implements Serializable {

  private static final long serialVersionUID = 1L;

  private final List<String> domains;
  private final List<String> targets;
  private final List<Run> runs;

  /**
   * One proxy run.
   *
   * @param runId run identifier
   * @param scale scale label; the bootstrap is stratified by it
   * @param capacity capacity N under the configured measure
   * @param tokens training tokens of the selected evaluation
   * @param weights mixture in domain order
   * @param losses loss per target, in target order; NaN where the run has no value
   */
  public record Run(
      String runId, String scale, double capacity, double tokens, double[] weights, double[] losses)
      implements Serializable {

    /** Copies the arrays. */
    public Run {
      weights = weights.clone();
      losses = losses.clone();
    }

    @Override
    public double[] weights() {
      return weights.clone();
    }

    @Override
    public double[] losses() {
      return losses.clone();
    }
  }

  /**
   * Creates the input.
   *
   * @param domains training domains, the order of every weight vector
   * @param targets validation targets, the order of every loss vector
   * @param runs runs; stored sorted by run id
   */
  public FitInput(List<String> domains, List<String> targets, List<Run> runs) {
    this.domains = List.copyOf(domains);
    this.targets = List.copyOf(targets);
    List<Run> sorted = new ArrayList<>(runs);
    sorted.sort((a, b) -> a.runId().compareTo(b.runId()));
    this.runs = Collections.unmodifiableList(sorted);
    for (Run run : sorted) {
      if (run.weights.length != domains.size() || run.losses.length != targets.size()) {
        throw new IllegalArgumentException(
            "run " + run.runId() + " has " + run.weights.length + " weights and "
                + run.losses.length + " losses, expected " + domains.size() + " and " + targets.size());
      }
    }
  }

  /** Training domains in weight order. */
  public List<String> domains() {
    return domains;
  }

  /** Validation targets in loss order. */
  public List<String> targets() {
    return targets;
  }

  /** Runs sorted by id. */
  public List<Run> runs() {
    return runs;
  }

  /** Run ids grouped by scale, each group in run-id order. */
  public SortedMap<String, List<String>> runIdsByScale() {
    SortedMap<String, List<String>> byScale = new TreeMap<>();
    for (Run run : runs) {
      byScale.computeIfAbsent(run.scale(), s -> new ArrayList<>()).add(run.runId());
    }
    return byScale;
  }

  /** Observations of one target for every run that has a value, in run-id order. */
  public List<Observation> observations(int targetIndex) {
    List<Observation> list = new ArrayList<>(runs.size());
    for (Run run : runs) {
      double loss = run.losses[targetIndex];
      if (!Double.isNaN(loss)) {
        list.add(new Observation(run.runId(), run.scale(), run.capacity(), run.tokens(), run.weights, loss));
      }
    }
    return list;
  }

  /** Observations of every target, keyed by target name. */
  public Map<String, List<Observation>> observationsByTarget() {
    Map<String, List<Observation>> byTarget = new TreeMap<>();
    for (int t = 0; t < targets.size(); t++) {
      byTarget.put(targets.get(t), observations(t));
    }
    return byTarget;
  }
}

package io.mixlaw.law.evaluation;

import io.mixlaw.law.Observation;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The runs a law benchmark works on: proxy runs at one or more model scales, each with its loss on
 * the validation targets, and the weights of the targets in the aggregate validation loss.
 *
 * <p>Runs are kept sorted by run id and scales are ordered by capacity (then by label), so every
 * split and every output built from the data is deterministic. Immutable.
 */
public final class BenchmarkData {

  /**
   * Name of the aggregate validation loss, scored beside the validation targets: the weighted mean
   * {@code sum_v w_v L_v} of the targets, the objective the mixture optimizer minimises.
   */
  public static final String AGGREGATE_TARGET = "aggregate";

  /** Relative tolerance within which two capacities count as the same parameter count. */
  public static final double CAPACITY_TOLERANCE = 1e-6;

  private static final Pattern PARAMETER_COUNT =
      Pattern.compile("[0-9]+(\\.[0-9]*)?([eE][+]?[0-9]+)?");

  private final List<String> domains;
  private final List<BenchmarkRun> runs;
  private final List<String> targets;
  private final SortedMap<String, Double> validationWeights;
  private final Map<String, Double> capacityByScale;
  private final Map<String, BenchmarkRun> runById;

  /**
   * Creates the data.
   *
   * @param domains names of the training domains, in the order of every run's weights
   * @param runs the runs, with unique ids, one capacity per scale label
   * @param validationWeights weight of each validation target in the aggregate loss (each finite,
   *     &gt;= 0, at least one &gt; 0, each naming a target of the runs); empty for equal weights
   * @throws IllegalArgumentException naming the run, scale or target that breaks a rule
   */
  public BenchmarkData(
      List<String> domains, List<BenchmarkRun> runs, Map<String, Double> validationWeights) {
    this.domains = List.copyOf(domains);
    Objects.requireNonNull(validationWeights, "validationWeights");
    if (runs.isEmpty()) {
      throw new IllegalArgumentException("a benchmark needs at least one run, got none");
    }

    List<BenchmarkRun> sorted = new ArrayList<>(runs);
    sorted.sort(Comparator.comparing(BenchmarkRun::runId));
    Map<String, BenchmarkRun> byId = new LinkedHashMap<>();
    Map<String, Double> capacities = new TreeMap<>();
    SortedSet<String> names = new TreeSet<>();
    for (BenchmarkRun run : sorted) {
      Objects.requireNonNull(run, "run");
      if (byId.put(run.runId(), run) != null) {
        throw new IllegalArgumentException("run id " + run.runId() + " appears twice");
      }

      if (run.domainCount() != this.domains.size()) {
        throw new IllegalArgumentException(
            "run "
                + run.runId()
                + " has "
                + run.domainCount()
                + " mixture weights, expected one per domain of "
                + this.domains);
      }

      Double known = capacities.putIfAbsent(run.scale(), run.capacity());
      if (known != null && !sameCapacity(known, run.capacity())) {
        throw new IllegalArgumentException(
            String.format(
                Locale.ROOT,
                "scale %s has two capacities, %.6g and %.6g (run %s); give each model size its own"
                    + " scale label",
                run.scale(),
                known,
                run.capacity(),
                run.runId()));
      }

      names.addAll(run.losses().keySet());
    }

    if (names.contains(AGGREGATE_TARGET)) {
      throw new IllegalArgumentException(
          "validation target name '" + AGGREGATE_TARGET + "' is reserved for the aggregate loss");
    }

    this.runs = List.copyOf(sorted);
    this.runById = Collections.unmodifiableMap(byId);
    this.targets = List.copyOf(names);
    this.validationWeights = normalizedWeights(validationWeights, this.targets);
    List<Map.Entry<String, Double>> scales = new ArrayList<>(capacities.entrySet());
    scales.sort(
        Map.Entry.<String, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()));
    Map<String, Double> ordered = new LinkedHashMap<>();
    scales.forEach(e -> ordered.put(e.getKey(), e.getValue()));
    this.capacityByScale = Collections.unmodifiableMap(ordered);
  }

  private static SortedMap<String, Double> normalizedWeights(
      Map<String, Double> weights, List<String> targets) {
    SortedMap<String, Double> result = new TreeMap<>();
    if (weights.isEmpty()) {
      targets.forEach(t -> result.put(t, 1.0 / targets.size()));
      return Collections.unmodifiableSortedMap(result);
    }

    double sum = 0;
    for (Map.Entry<String, Double> entry : weights.entrySet()) {
      Double weight = Objects.requireNonNull(entry.getValue(), "weight of " + entry.getKey());
      if (!targets.contains(entry.getKey())) {
        throw new IllegalArgumentException(
            "validation weight given for target '"
                + entry.getKey()
                + "', which no run has; targets are "
                + targets);
      }

      if (!(weight >= 0) || weight.isInfinite()) {
        throw new IllegalArgumentException(
            "validation weight of " + entry.getKey() + " must be finite and >= 0, got " + weight);
      }

      sum += weight;
    }

    if (!(sum > 0)) {
      throw new IllegalArgumentException("validation weights must not all be 0, got " + weights);
    }

    for (Map.Entry<String, Double> entry : weights.entrySet()) {
      if (entry.getValue() > 0) {
        result.put(entry.getKey(), entry.getValue() / sum);
      }
    }

    return Collections.unmodifiableSortedMap(result);
  }

  private static boolean sameCapacity(double a, double b) {
    return Math.abs(a - b) <= CAPACITY_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  }

  /** Training domains, in weight order. */
  public List<String> domains() {
    return domains;
  }

  /** Runs sorted by id. */
  public List<BenchmarkRun> runs() {
    return runs;
  }

  /** Validation targets that any run has a loss on, sorted by name. */
  public List<String> targets() {
    return targets;
  }

  /**
   * Weights of the targets in the aggregate loss, normalised to sum to 1; targets of weight 0 are
   * left out.
   */
  public SortedMap<String, Double> validationWeights() {
    return validationWeights;
  }

  /** Scale labels ordered by capacity, smallest first (ties by label). */
  public List<String> scales() {
    return List.copyOf(capacityByScale.keySet());
  }

  /**
   * Capacity N of a scale.
   *
   * @throws IllegalArgumentException naming the known scales if the label is unknown
   */
  public double capacity(String scale) {
    Double capacity = capacityByScale.get(scale);
    if (capacity == null) {
      throw new IllegalArgumentException("unknown scale '" + scale + "'; scales are " + scales());
    }

    return capacity;
  }

  /** The run with this id. */
  public BenchmarkRun run(String runId) {
    BenchmarkRun run = runById.get(runId);
    if (run == null) {
      throw new IllegalArgumentException("unknown run " + runId);
    }

    return run;
  }

  /** Ids of the runs at a scale, sorted. */
  public List<String> runIdsAt(String scale) {
    capacity(scale);
    List<String> ids = new ArrayList<>();
    for (BenchmarkRun run : runs) {
      if (run.scale().equals(scale)) {
        ids.add(run.runId());
      }
    }

    return List.copyOf(ids);
  }

  /** Ids of the runs at any of the scales, sorted. */
  public List<String> runIdsAt(Collection<String> scales) {
    Set<String> wanted = new HashSet<>(scales);
    wanted.forEach(this::capacity);
    List<String> ids = new ArrayList<>();
    for (BenchmarkRun run : runs) {
      if (wanted.contains(run.scale())) {
        ids.add(run.runId());
      }
    }

    return List.copyOf(ids);
  }

  /**
   * Observations of one target for the given runs, in the order of the ids; runs without a loss on
   * the target are skipped.
   */
  public List<Observation> observations(String target, List<String> runIds) {
    List<Observation> observations = new ArrayList<>(runIds.size());
    for (String id : runIds) {
      BenchmarkRun run = run(id);
      if (run.hasLoss(target)) {
        observations.add(run.observation(target));
      }
    }

    return observations;
  }

  /**
   * The run's aggregate loss {@code sum_v w_v L_v} over the weighted targets; NaN when the run
   * lacks any of them.
   */
  public double aggregateLoss(BenchmarkRun run) {
    return aggregate(run.losses());
  }

  /**
   * The weighted mean of per-target values over the weighted targets; NaN when a weighted target is
   * missing.
   *
   * @param valueByTarget a value (observed or predicted loss) per target
   */
  public double aggregate(Map<String, Double> valueByTarget) {
    double sum = 0;
    for (Map.Entry<String, Double> entry : validationWeights.entrySet()) {
      Double value = valueByTarget.get(entry.getKey());
      if (value == null) {
        return Double.NaN;
      }

      sum += entry.getValue() * value;
    }

    return sum;
  }

  /**
   * Finds a scale by its label or its parameter count: a spec equal to a label names that scale;
   * otherwise a number (for example {@code 302311424} or {@code 3.02e8}) names the scale whose
   * capacity equals it within {@link #CAPACITY_TOLERANCE}.
   *
   * @throws IllegalArgumentException listing the scales and their capacities when none matches
   */
  public String resolveScale(String spec) {
    Objects.requireNonNull(spec, "spec");
    String text = spec.strip();
    if (capacityByScale.containsKey(text)) {
      return text;
    }

    if (PARAMETER_COUNT.matcher(text).matches()) {
      double count = Double.parseDouble(text);
      for (Map.Entry<String, Double> entry : capacityByScale.entrySet()) {
        if (sameCapacity(count, entry.getValue())) {
          return entry.getKey();
        }
      }
    }

    StringBuilder known = new StringBuilder();
    for (Map.Entry<String, Double> entry : capacityByScale.entrySet()) {
      known.append(known.length() == 0 ? "" : ", ");
      known.append(String.format(Locale.ROOT, "%s (%.0f)", entry.getKey(), entry.getValue()));
    }

    throw new IllegalArgumentException(
        "no scale has the label or parameter count '" + spec + "'; scales are " + known);
  }
}

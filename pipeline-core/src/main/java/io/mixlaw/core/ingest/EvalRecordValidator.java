package io.mixlaw.core.ingest;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Splits evaluation records into the ones a fit may use and the ones kept out, with reasons.
 *
 * <p>A record is rejected when
 *
 * <ul>
 *   <li>its loss (metric {@value EvalRecord#LOSS}) is NaN, infinite or not above 0, or any other
 *       metric is NaN or infinite;
 *   <li>its mixture is empty, has a negative, NaN or infinite weight, names a domain outside {@link
 *       ValidationOptions#trainingDomains()} (when configured), or its weights do not sum to 1
 *       within {@link ValidationOptions#weightTolerance()};
 *   <li>its total or active parameter count is missing (0), active exceeds total, or its training
 *       tokens are missing (0);
 *   <li>its run appears elsewhere with another mixture or other parameter counts: then every record
 *       of that run is rejected;
 *   <li>another otherwise valid record of the same run, target, metric, step and tokens has a
 *       different value: then all of them are rejected. Exact duplicates (same value) are kept.
 * </ul>
 *
 * <p>Accepted records get a normalised mixture: configured domains the record leaves out are added
 * with weight 0, and the weights are divided by their sum, so they sum to 1 up to floating-point
 * rounding (a few units in the last place). Every input record ends in exactly one of the two
 * lists, in input order; a record with several problems has them all in its reason.
 */
public final class EvalRecordValidator {

  private static final String KEPT_OUT = "; the record is kept out of the fit — ";
  private static final String RUN_KEPT_OUT = "; every record of the run is kept out of the fit — ";
  private static final String PROBLEM_SEPARATOR = "; also ";
  private static final String FIX_LINE = "fix or remove the line";
  private static final String KEY_SCALES = SourceOptions.KEY_SCALES;

  private EvalRecordValidator() {}

  /**
   * Validates records; see the class description for the rules.
   *
   * @param records records in source order, as read
   * @param options training domains and weight tolerance
   * @return accepted records (with normalised mixtures) and rejected ones, both in input order;
   *     their sizes add up to {@code records.size()}
   */
  public static ParseResult validate(List<EvalRecord> records, ValidationOptions options) {
    Objects.requireNonNull(records, "records");
    Objects.requireNonNull(options, "options");
    int count = records.size();
    List<List<String>> problems = new ArrayList<>(count);
    List<SortedMap<String, Double>> mixtures = new ArrayList<>(count);
    for (EvalRecord record : records) {
      Objects.requireNonNull(record, "record");
      problems.add(new ArrayList<>(recordProblems(record, options)));
      mixtures.add(complete(record.mixture(), options.trainingDomains()));
    }

    checkRuns(records, mixtures, problems);
    checkValues(records, problems);

    List<EvalRecord> valid = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      EvalRecord record = records.get(i);
      if (problems.get(i).isEmpty()) {
        valid.add(record.withMixture(normalise(mixtures.get(i))));
      } else {
        rejected.add(RejectedRecord.of(record, String.join(PROBLEM_SEPARATOR, problems.get(i))));
      }
    }
    return new ParseResult(valid, rejected);
  }

  private static List<String> recordProblems(EvalRecord record, ValidationOptions options) {
    List<String> problems = new ArrayList<>();
    double value = record.value();
    boolean loss = record.metric().equals(EvalRecord.LOSS);
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      problems.add(record.metric() + " is " + Numbers.format(value) + KEPT_OUT + FIX_LINE);
    } else if (loss && value <= 0) {
      problems.add("loss is " + Numbers.format(value) + ", not above 0" + KEPT_OUT + FIX_LINE);
    }

    mixtureProblems(record.mixture(), options, problems);

    String scaleHint =
        record.scale() == null
            ? "the record names no scale"
            : format("scale '%s' has no entry in the '%s' option", record.scale(), KEY_SCALES);
    if (record.totalParams() == 0) {
      problems.add(
          format(
              "total parameter count is missing (%s)%sgive total_params in the record or add"
                  + " the scale to '%s'",
              scaleHint, KEPT_OUT, KEY_SCALES));
    }
    if (record.activeParams() == 0) {
      problems.add(
          format(
              "active parameter count is missing (%s)%sgive active_params or total_params in"
                  + " the record or add the scale to '%s'",
              scaleHint, KEPT_OUT, KEY_SCALES));
    }
    if (record.activeParams() > record.totalParams() && record.totalParams() > 0) {
      problems.add(
          format(
              "active parameters %d exceed total parameters %d%sfix the parameter counts",
              record.activeParams(), record.totalParams(), KEPT_OUT));
    }
    if (record.tokens() == 0) {
      problems.add(
          format(
              "training tokens are missing (0)%sgive tokens, or step and tokens_per_step, in the"
                  + " record or the source's '%s' option",
              KEPT_OUT, SourceOptions.KEY_TOKENS_PER_STEP));
    }
    return problems;
  }

  private static void mixtureProblems(
      SortedMap<String, Double> mixture, ValidationOptions options, List<String> problems) {
    if (mixture.isEmpty()) {
      problems.add("the mixture is empty" + KEPT_OUT + "give the weight of every training domain");
      return;
    }
    Set<String> known = new HashSet<>(options.trainingDomains());
    boolean finite = true;
    double sum = 0;
    for (Map.Entry<String, Double> weight : mixture.entrySet()) {
      String domain = weight.getKey();
      double w = weight.getValue();
      if (!known.isEmpty() && !known.contains(domain)) {
        problems.add(
            format("unknown domain '%s'; add it to the domains list or fix the record", domain));
      }
      if (Double.isNaN(w) || Double.isInfinite(w) || w < 0) {
        problems.add(
            format(
                "weight of domain '%s' is %s, not a finite number >= 0%sfix the mixture",
                domain, Numbers.format(w), KEPT_OUT));
        finite = false;
      } else {
        sum += w;
      }
    }
    if (finite && !(Math.abs(sum - 1) <= options.weightTolerance())) {
      problems.add(
          format(
              "mixture weights sum to %s, not 1 within %s%sfix the mixture or raise '%s'",
              Numbers.format(sum),
              Numbers.format(options.weightTolerance()),
              KEPT_OUT,
              SourceOptions.KEY_WEIGHT_TOLERANCE));
    }
  }

  /** Rejects every record of a run that appears with two mixtures or two parameter counts. */
  private static void checkRuns(
      List<EvalRecord> records,
      List<SortedMap<String, Double>> mixtures,
      List<List<String>> problems) {
    Map<String, List<Integer>> byRun = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      byRun.computeIfAbsent(records.get(i).runId(), run -> new ArrayList<>()).add(i);
    }
    for (Map.Entry<String, List<Integer>> run : byRun.entrySet()) {
      List<Integer> members = run.getValue();
      int first = members.get(0);
      EvalRecord reference = records.get(first);
      List<String> conflicts = new ArrayList<>();
      for (int i : members) {
        if (!sameMixture(mixtures.get(first), mixtures.get(i))) {
          conflicts.add(
              format(
                  "run '%s' has two different mixtures: %s first seen at %s and %s at %s%s"
                      + "give each mixture its own run id or fix the mixture",
                  run.getKey(),
                  describe(mixtures.get(first)),
                  reference.location(),
                  describe(mixtures.get(i)),
                  records.get(i).location(),
                  RUN_KEPT_OUT));
          break;
        }
      }
      for (int i : members) {
        EvalRecord other = records.get(i);
        if (other.totalParams() != reference.totalParams()
            || other.activeParams() != reference.activeParams()) {
          conflicts.add(
              format(
                  "run '%s' has two different parameter counts: %s first seen at %s and %s at"
                      + " %s%sgive each scale its own run id or fix the counts",
                  run.getKey(),
                  counts(reference),
                  reference.location(),
                  counts(other),
                  other.location(),
                  RUN_KEPT_OUT));
          break;
        }
      }
      if (!conflicts.isEmpty()) {
        for (int i : members) {
          problems.get(i).addAll(conflicts);
        }
      }
    }
  }

  /** Rejects otherwise valid records that give one measurement two different values. */
  private static void checkValues(List<EvalRecord> records, List<List<String>> problems) {
    Map<MeasurementKey, List<Integer>> byKey = new LinkedHashMap<>();
    for (int i = 0; i < records.size(); i++) {
      if (problems.get(i).isEmpty()) {
        byKey.computeIfAbsent(MeasurementKey.of(records.get(i)), key -> new ArrayList<>()).add(i);
      }
    }
    for (Map.Entry<MeasurementKey, List<Integer>> measurement : byKey.entrySet()) {
      List<Integer> members = measurement.getValue();
      Map<Double, EvalRecord> firstByValue = new LinkedHashMap<>();
      for (int i : members) {
        firstByValue.putIfAbsent(records.get(i).value(), records.get(i));
      }
      if (firstByValue.size() < 2) {
        continue;
      }
      List<String> seen = new ArrayList<>();
      for (EvalRecord record : firstByValue.values()) {
        seen.add(Numbers.format(record.value()) + " at " + record.location());
      }
      MeasurementKey key = measurement.getKey();
      String reason =
          format(
              "run '%s' has conflicting values for target '%s' metric %s at %s: %s; all of them"
                  + " are kept out of the fit — remove the wrong line",
              key.runId(),
              key.target(),
              key.metric(),
              key.describePoint(),
              String.join(" and ", seen));
      for (int i : members) {
        problems.get(i).add(reason);
      }
    }
  }

  private static SortedMap<String, Double> complete(
      SortedMap<String, Double> mixture, List<String> domains) {
    if (domains.isEmpty()) {
      return mixture;
    }
    TreeMap<String, Double> completed = new TreeMap<>(mixture);
    for (String domain : domains) {
      completed.putIfAbsent(domain, 0.0);
    }
    return Collections.unmodifiableSortedMap(completed);
  }

  private static SortedMap<String, Double> normalise(SortedMap<String, Double> mixture) {
    double sum = 0;
    for (double weight : mixture.values()) {
      sum += weight;
    }
    TreeMap<String, Double> normalised = new TreeMap<>();
    for (Map.Entry<String, Double> weight : mixture.entrySet()) {
      normalised.put(weight.getKey(), weight.getValue() / sum);
    }
    return normalised;
  }

  private static boolean sameMixture(Map<String, Double> a, Map<String, Double> b) {
    if (!a.keySet().equals(b.keySet())) {
      return false;
    }
    for (Map.Entry<String, Double> weight : a.entrySet()) {
      double x = weight.getValue();
      double y = b.get(weight.getKey());
      if (x != y && !(Double.isNaN(x) && Double.isNaN(y))) {
        return false;
      }
    }
    return true;
  }

  private static String describe(Map<String, Double> mixture) {
    StringBuilder text = new StringBuilder("{");
    for (Map.Entry<String, Double> weight : mixture.entrySet()) {
      if (text.length() > 1) {
        text.append(", ");
      }
      text.append(weight.getKey()).append('=').append(Numbers.format(weight.getValue()));
    }
    return text.append('}').toString();
  }

  private static String counts(EvalRecord record) {
    return "total " + record.totalParams() + ", active " + record.activeParams();
  }

  private static String format(String template, Object... args) {
    return String.format(Locale.ROOT, template, args);
  }

  /** One measurement: the same run, target, metric, step and tokens. */
  private record MeasurementKey(
      String runId, String target, String metric, Long step, long tokens) {

    static MeasurementKey of(EvalRecord record) {
      return new MeasurementKey(
          record.runId(), record.target(), record.metric(), record.step(), record.tokens());
    }

    String describePoint() {
      return step == null ? "tokens " + tokens : "step " + step + " (tokens " + tokens + ")";
    }
  }
}

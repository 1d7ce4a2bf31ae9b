package io.mixlaw.jobs.evaluate;

import static org.apache.spark.sql.functions.col;

import io.mixlaw.core.MixlawException;
import io.mixlaw.core.ingest.EvalLogReader;
import io.mixlaw.core.ingest.EvalRecord;
import io.mixlaw.core.ingest.EvalRecordValidator;
import io.mixlaw.core.ingest.LogSource;
import io.mixlaw.core.ingest.ParseResult;
import io.mixlaw.core.ingest.SourceOptions;
import io.mixlaw.core.ingest.ValidationOptions;
import io.mixlaw.core.table.Tables;
import io.mixlaw.jobs.cli.StageContext;
import io.mixlaw.jobs.fit.FitSettings;
import io.mixlaw.law.evaluation.BenchmarkData;
import io.mixlaw.law.evaluation.BenchmarkRun;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runs a law benchmark scores, read either from evaluation logs directly or from the
 * warehouse's {@code run_results} table, one evaluation selected per run.
 *
 * @param data the runs as the laws see them
 * @param runs what the laws do not see but the outputs report, by run id
 * @param description where the runs came from, for tables and reports
 * @param runResultsVersion version of {@code run_results} read, or -1 when read from logs
 * @param fingerprint SHA-256 of the evaluations used, in a stable order; part of the evaluation id
 * @param skippedRuns runs without an evaluation at the selected step or token count
 */
public record EvaluationInput(
    BenchmarkData data,
    SortedMap<String, RunInfo> runs,
    String description,
    long runResultsVersion,
    String fingerprint,
    int skippedRuns) {

  private static final Logger LOG = LoggerFactory.getLogger(EvaluationInput.class);

  /**
   * What the outputs report about a run besides its losses.
   *
   * @param totalParams total parameters
   * @param activeParams active parameters
   * @param step optimizer step of the selected evaluation, or null when unknown
   * @param tokens training tokens of the selected evaluation
   */
  public record RunInfo(long totalParams, long activeParams, Long step, long tokens) {}

  /** One measurement, as either input gives it. */
  record Measurement(
      String runId,
      String scale,
      long totalParams,
      long activeParams,
      Long step,
      long tokens,
      Map<String, Double> mixture,
      String target,
      String metric,
      double value) {

    static Measurement of(EvalRecord r) {
      return new Measurement(
          r.runId(),
          r.scale(),
          r.totalParams(),
          r.activeParams(),
          r.step(),
          r.tokens(),
          r.mixture(),
          r.target(),
          r.metric(),
          r.value());
    }

    static Measurement of(Row row) {
      int step = row.fieldIndex("step");
      return new Measurement(
          row.getString(row.fieldIndex("run_id")),
          row.getString(row.fieldIndex("scale")),
          row.getLong(row.fieldIndex("total_params")),
          row.getLong(row.fieldIndex("active_params")),
          row.isNullAt(step) ? null : row.getLong(step),
          row.getLong(row.fieldIndex("tokens")),
          new TreeMap<>(row.<String, Double>getJavaMap(row.fieldIndex("mixture"))),
          row.getString(row.fieldIndex("target")),
          row.getString(row.fieldIndex("metric")),
          row.getDouble(row.fieldIndex("value")));
    }
  }

  /**
   * Reads and validates the logs, each source against its own options, then all valid records
   * together (a run may not appear with two mixtures across sources).
   *
   * @throws MixlawException when a source cannot be read or no run is left
   */
  static EvaluationInput fromLogs(List<LogSource> sources, EvaluateSettings settings) {
    List<EvalRecord> valid = new ArrayList<>();
    int rejected = 0;
    List<String> paths = new ArrayList<>();
    for (LogSource source : sources) {
      ParseResult read = EvalLogReader.readAndValidate(source);
      valid.addAll(read.records());
      rejected += read.rejected().size();
      paths.add(
          source.secondPath() == null
              ? source.path().toString()
              : source.path() + " + " + source.secondPath());
      LOG.info(
          "Read {} ({}): {} valid records, {} rejected",
          source.path(),
          source.format(),
          read.records().size(),
          read.rejected().size());
    }

    ParseResult across =
        EvalRecordValidator.validate(
            valid, new ValidationOptions(List.of(), SourceOptions.DEFAULT_WEIGHT_TOLERANCE));
    rejected += across.rejected().size();
    if (rejected > 0) {
      LOG.warn(
          "{} evaluation lines or records were rejected; run bin/mixlaw ingest on the same sources"
              + " to see each one with its reason in eval_quarantine",
          rejected);
    }

    List<Measurement> measurements = new ArrayList<>(across.records().size());
    for (EvalRecord r : across.records()) {
      measurements.add(Measurement.of(r));
    }

    return build(measurements, settings, "logs " + String.join("; ", paths), -1);
  }

  /**
   * Reads the current version of {@code run_results}.
   *
   * @throws MixlawException when the table holds no run for the settings
   */
  static EvaluationInput fromRunResults(StageContext context, EvaluateSettings settings) {
    long version = context.catalog().version(Tables.RUN_RESULTS);
    List<Row> rows =
        context
            .catalog()
            .read(Tables.RUN_RESULTS, version)
            .filter(col("metric").equalTo(settings.metric()))
            .collectAsList();
    if (rows.isEmpty()) {
      throw MixlawException.of(
          "run_results v"
              + version
              + " at "
              + context.catalog().location(Tables.RUN_RESULTS)
              + " has no "
              + settings.metric()
              + " evaluations",
          "nothing was ingested into this warehouse, or evaluate.metric is wrong",
          "run bin/mixlaw ingest first, or give the logs with --logs PATH --format FORMAT");
    }

    List<Measurement> measurements = new ArrayList<>(rows.size());
    for (Row row : rows) {
      measurements.add(Measurement.of(row));
    }

    return build(measurements, settings, "run_results v" + version, version);
  }

  /** Selects one evaluation per run and assembles the benchmark data. */
  static EvaluationInput build(
      List<Measurement> all, EvaluateSettings settings, String description, long version) {
    Set<String> wantedTargets = new HashSet<>(settings.targets());
    SortedMap<String, List<Measurement>> byRun = new TreeMap<>();
    Set<String> domainNames = new TreeSet<>();
    Set<String> targetNames = new TreeSet<>();
    for (Measurement m : all) {
      if (!m.metric().equals(settings.metric())) {
        continue;
      }

      if (!wantedTargets.isEmpty() && !wantedTargets.contains(m.target())) {
        continue;
      }

      byRun.computeIfAbsent(m.runId(), r -> new ArrayList<>()).add(m);
      domainNames.addAll(m.mixture().keySet());
      targetNames.add(m.target());
    }

    if (byRun.isEmpty()) {
      throw MixlawException.of(
          description + " has no " + settings.metric() + " evaluation of the selected targets",
          "evaluate.targets="
              + settings.targets()
              + " and evaluate.metric="
              + settings.metric()
              + " select nothing",
          "widen evaluate.targets or check the input");
    }

    List<String> domains =
        settings.domains().isEmpty() ? List.copyOf(domainNames) : settings.domains();
    List<String> targets = List.copyOf(targetNames);
    List<BenchmarkRun> runs = new ArrayList<>();
    SortedMap<String, RunInfo> infos = new TreeMap<>();
    int skipped = 0;
    MessageDigest digest = sha256();
    for (Map.Entry<String, List<Measurement>> entry : byRun.entrySet()) {
      Long tokens = selectTokens(entry.getValue(), settings.selection(), targets);
      if (tokens == null) {
        skipped++;
        continue;
      }

      SortedMap<String, Double> losses = new TreeMap<>();
      Measurement first = null;
      for (Measurement m : entry.getValue()) {
        if (m.tokens() == tokens && !losses.containsKey(m.target())) {
          losses.put(m.target(), m.value());
          if (first == null) {
            first = m;
          }
        }
      }

      Objects.requireNonNull(first, "selected evaluation");
      runs.add(toRun(first, domains, losses, settings));
      infos.put(
          first.runId(),
          new RunInfo(first.totalParams(), first.activeParams(), first.step(), tokens));
      for (Map.Entry<String, Double> loss : losses.entrySet()) {
        digest.update(
            (first.runId()
                    + '\u0000'
                    + first.scale()
                    + '\u0000'
                    + first.totalParams()
                    + '\u0000'
                    + first.activeParams()
                    + '\u0000'
                    + tokens
                    + '\u0000'
                    + first.mixture()
                    + '\u0000'
                    + loss.getKey()
                    + '\u0000'
                    + Double.toHexString(loss.getValue())
                    + '\n')
                .getBytes(StandardCharsets.UTF_8));
      }
    }

    if (runs.isEmpty()) {
      throw MixlawException.of(
          "no run of " + description + " has an evaluation at " + settings.selection().describe(),
          "the selected step or token count is not in the input",
          "choose another evaluate.selection (e.g. mode = final) or check the steps the logs hold");
    }

    if (skipped > 0) {
      LOG.warn(
          "{} of {} runs have no evaluation of every target at {} and are left out",
          skipped,
          byRun.size(),
          settings.selection().describe());
    }

    SortedMap<String, Double> weights = new TreeMap<>(settings.validationWeights());
    weights.keySet().retainAll(targets);
    if (weights.size() < settings.validationWeights().size()) {
      Set<String> dropped = new TreeSet<>(settings.validationWeights().keySet());
      dropped.removeAll(targets);
      LOG.warn("Validation weights of {} are ignored: those targets are not scored", dropped);
    }

    BenchmarkData data;
    try {
      data = new BenchmarkData(domains, runs, weights);
    } catch (IllegalArgumentException e) {
      throw MixlawException.of(
          "the runs of " + description + " cannot be benchmarked",
          e.getMessage(),
          "fix the input or the evaluate settings it names");
    }

    return new EvaluationInput(
        data,
        Collections.unmodifiableSortedMap(infos),
        description,
        version,
        java.util.HexFormat.of().formatHex(digest.digest()),
        skipped);
  }

  private static Long selectTokens(
      List<Measurement> rows, FitSettings.Selection selection, List<String> targets) {
    switch (selection.mode()) {
      case "step" -> {
        return rows.stream()
            .filter(m -> m.step() != null && m.step() == selection.step())
            .map(Measurement::tokens)
            .findFirst()
            .orElse(null);
      }
      case "tokens" -> {
        return rows.stream().anyMatch(m -> m.tokens() == selection.tokens())
            ? selection.tokens()
            : null;
      }
      default -> {
        Map<Long, Set<String>> targetsAt = new HashMap<>();
        for (Measurement m : rows) {
          targetsAt.computeIfAbsent(m.tokens(), t -> new HashSet<>()).add(m.target());
        }

        Long best = null;
        for (Map.Entry<Long, Set<String>> entry : targetsAt.entrySet()) {
          boolean complete = entry.getValue().containsAll(targets);
          if (complete && (best == null || entry.getKey() > best)) {
            best = entry.getKey();
          }
        }

        return best;
      }
    }
  }

  private static BenchmarkRun toRun(
      Measurement m,
      List<String> domains,
      SortedMap<String, Double> losses,
      EvaluateSettings settings) {
    double[] weights = new double[domains.size()];
    for (Map.Entry<String, Double> weight : m.mixture().entrySet()) {
      int j = domains.indexOf(weight.getKey());
      if (j < 0) {
        if (weight.getValue() != 0) {
          throw MixlawException.of(
              "run " + m.runId() + " trains on domain '" + weight.getKey() + "'",
              "it is not in mixlaw.domains " + domains,
              "add it to mixlaw.domains or leave mixlaw.domains empty to take the domains from the"
                  + " data");
        }

        continue;
      }

      weights[j] = weight.getValue();
    }

    if (m.totalParams() <= 0 || m.activeParams() <= 0) {
      throw MixlawException.of(
          "run " + m.runId() + " has no parameter count",
          "total " + m.totalParams() + ", active " + m.activeParams(),
          "give the scale's parameters in the source option 'scales'");
    }

    double capacity =
        settings
            .capacityMeasure()
            .capacity(m.totalParams(), m.activeParams(), settings.capacityBlend());
    String scale =
        m.scale() == null || m.scale().isBlank() ? Long.toString(m.totalParams()) : m.scale();
    return new BenchmarkRun(m.runId(), scale, capacity, m.tokens(), weights, losses);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by the Java platform", e);
    }
  }
}

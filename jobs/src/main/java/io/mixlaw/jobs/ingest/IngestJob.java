package io.mixlaw.jobs.ingest;

import io.mixlaw.core.MixlawException;
import io.mixlaw.core.ingest.EvalRecord;
import io.mixlaw.core.ingest.LogSource;
import io.mixlaw.core.ingest.RejectedRecord;
import io.mixlaw.core.table.MergeOutcome;
import io.mixlaw.core.table.Tables;
import io.mixlaw.jobs.cli.StageCommand;
import io.mixlaw.jobs.cli.StageContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest stage: reads every configured evaluation log, validates the records, and merges
 * them into {@code eval_records} (every parsed record, with its status), {@code eval_quarantine}
 * (every rejected line or record, with the reason) and {@code run_results} (valid records, one row
 * per run, target, metric and token count).
 *
 * <p>Logs of proxy runs are small (thousands to a few hundred thousand lines), so they are parsed
 * on the driver; the tables are written by Spark through idempotent MERGEs, so reingesting the
 * same files changes no table.
 */
public final class IngestJob {

  private static final Logger LOG = LoggerFactory.getLogger(IngestJob.class);

  private IngestJob() {}

  /**
   * The outcome of an ingest.
   *
   * @param sources sources read
   * @param parsed records parsed from all sources
   * @param valid records that passed validation
   * @param quarantined rejected lines and records
   * @param runResults silver rows produced
   * @param outcomes what each table write did
   */
  public record Summary(
      int sources, int parsed, int valid, int quarantined, int runResults, List<MergeOutcome> outcomes) {

    /** One line per table and the totals. */
    public String describe() {
      StringBuilder out = new StringBuilder();
      out.append(String.format(Locale.ROOT,
          "ingest: %d sources, %d records parsed, %d valid, %d quarantined, %d run results%n",
          sources, parsed, valid, quarantined, runResults));
      for (MergeOutcome o : outcomes) {
        out.append(String.format(Locale.ROOT, "  %-16s %6d new or changed rows, version %d -> %d%n",
            o.table(), o.changedRows(), o.versionBefore(), o.versionAfter()));
      }
      return out.toString();
    }
  }

  /** Runs the stage. */
  public static Summary run(StageContext context) {
    long start = System.nanoTime();
    List<LogSource> sources = IngestSources.fromConfig(context.config());
    int[] done = {0};
    IngestSources.Ingested ingested =
        IngestSources.readAll(
            sources,
            (source, result) -> {
              done[0]++;
              LOG.info("Read source {}/{} {}: {} records, {} unparsable lines",
                  done[0], sources.size(), source.path(), result.records().size(), result.rejected().size());
            });
    List<EvalRecord> parsed = ingested.parsed();
    List<RejectedRecord> rejected = ingested.rejected();
    logReasons(rejected);

    Set<String> validKeys = new HashSet<>();
    for (EvalRecord r : ingested.valid()) {
      validKeys.add(key(r));
    }
    List<Row> bronze = bronzeRows(parsed, validKeys);
    List<Row> quarantine = quarantineRows(rejected);
    List<Row> silver = silverRows(ingested.valid());

    List<MergeOutcome> outcomes = new ArrayList<>();
    // Each table restates what the files read this time say: rows of these files (or of their
    // runs) that the files no longer support are removed, rows of other files are kept.
    java.util.SortedSet<String> files = new java.util.TreeSet<>();
    java.util.SortedSet<String> runs = new java.util.TreeSet<>();
    parsed.forEach(r -> {
      files.add(r.sourceFile());
      runs.add(r.runId());
    });
    rejected.forEach(r -> files.add(r.sourceFile()));
    outcomes.add(context.catalog().replaceInScope(context.stage(), Tables.EVAL_RECORDS,
        context.catalog().frame(Tables.EVAL_RECORDS, bronze), "source_file", files));
    outcomes.add(context.catalog().replaceInScope(context.stage(), Tables.EVAL_QUARANTINE,
        context.catalog().frame(Tables.EVAL_QUARANTINE, quarantine), "source_file", files));
    outcomes.add(context.catalog().replaceInScope(context.stage(), Tables.RUN_RESULTS,
        context.catalog().frame(Tables.RUN_RESULTS, silver), "run_id", runs));

    Summary summary =
        new Summary(sources.size(), parsed.size(), ingested.valid().size(), rejected.size(), silver.size(), outcomes);
    LOG.info("Ingested {} sources in {} s: {} records parsed, {} valid, {} quarantined, {} run results",
        sources.size(), StageCommand.seconds(start), parsed.size(), ingested.valid().size(), rejected.size(),
        silver.size());
    return summary;
  }

  private static void logReasons(List<RejectedRecord> rejected) {
    Map<String, Integer> counts = new TreeMap<>();
    for (RejectedRecord r : rejected) {
      String reason = r.reason();
      int cut = reason.indexOf(';');
      counts.merge(cut > 0 ? reason.substring(0, cut) : reason, 1, Integer::sum);
    }
    counts.entrySet().stream()
        .sorted((a, b) -> b.getValue() - a.getValue())
        .limit(10)
        .forEach(e -> LOG.info("Quarantined {} x: {}", e.getValue(), e.getKey()));
  }

  private static String key(EvalRecord r) {
    return r.sourceFile() + '\u0000' + r.lineNumber() + '\u0000' + r.target() + '\u0000' + r.metric();
  }

  private static List<Row> bronzeRows(List<EvalRecord> records, Set<String> validKeys) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (EvalRecord r : records) {
      String status = validKeys.contains(key(r)) ? "valid" : "quarantined";
      rows.putIfAbsent(key(r), RowFactory.create(
          r.sourceFile(), r.lineNumber(), r.target(), r.metric(), r.format(), r.runId(), r.scale(), r.totalParams(),
          r.activeParams(), r.step(), r.tokens(), r.mixture(), r.value(), status, r.raw()));
    }
    return new ArrayList<>(rows.values());
  }

  private static List<Row> quarantineRows(List<RejectedRecord> rejected) {
    Map<String, Row> rows = new LinkedHashMap<>();
    for (RejectedRecord r : rejected) {
      String k = r.sourceFile() + '\u0000' + r.lineNumber() + '\u0000' + r.reason();
      rows.putIfAbsent(k, RowFactory.create(r.sourceFile(), r.lineNumber(), r.reason(), r.format(), r.raw()));
    }
    return new ArrayList<>(rows.values());
  }

  /** The record's scale label, or one made from its parameter counts when the log gives none. */
  static String scaleLabel(EvalRecord r) {
    if (r.scale() != null && !r.scale().isBlank()) {
      return r.scale();
    }
    return r.activeParams() == r.totalParams()
        ? "N=" + r.totalParams()
        : "N=" + r.totalParams() + ",active=" + r.activeParams();
  }

  private static List<Row> silverRows(List<EvalRecord> valid) {
    Map<String, List<EvalRecord>> groups = new TreeMap<>();
    for (EvalRecord r : valid) {
      String k = r.runId() + '\u0000' + r.target() + '\u0000' + r.metric() + '\u0000' + r.tokens();
      groups.computeIfAbsent(k, x -> new ArrayList<>()).add(r);
    }
    List<Row> rows = new ArrayList<>(groups.size());
    for (List<EvalRecord> group : groups.values()) {
      EvalRecord first = group.get(0);
      String firstSource =
          group.stream().min(java.util.Comparator.comparing(EvalRecord::location)).orElseThrow().sourceFile();
      for (EvalRecord other : group) {
        if (Double.compare(other.value(), first.value()) != 0) {
          throw MixlawException.of(
              "records " + first.location() + " and " + other.location() + " disagree",
              "validation should have quarantined conflicting values",
              "report this as a bug with both lines");
        }
      }
      rows.add(RowFactory.create(
          first.runId(), first.target(), first.metric(), first.tokens(), first.step(), scaleLabel(first),
          first.totalParams(), first.activeParams(), first.mixture(), first.value(), group.size(), firstSource));
    }
    return rows;
  }
}

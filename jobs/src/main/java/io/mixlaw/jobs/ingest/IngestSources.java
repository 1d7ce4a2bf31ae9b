package io.mixlaw.jobs.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.ingest.EvalLogReader;
import io.mixlaw.core.ingest.EvalRecord;
import io.mixlaw.core.ingest.EvalRecordValidator;
import io.mixlaw.core.ingest.LogSource;
import io.mixlaw.core.ingest.ParseResult;
import io.mixlaw.core.ingest.RejectedRecord;
import io.mixlaw.core.ingest.SourceOptions;
import io.mixlaw.core.ingest.ValidationOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.BiConsumer;

/** The evaluation-log sources of {@code mixlaw.ingest.sources}, read and validated. */
final class IngestSources {

  private IngestSources() {}

  /** Reads the source list; relative paths start at {@code mixlaw.home}. */
  static List<LogSource> fromConfig(Config config) {
    List<? extends Config> blocks;
    try {
      blocks = config.getConfigList("ingest.sources");
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "config key ingest.sources is invalid", "make it a list of source blocks, see docs/eval-log-format.md", e);
    }
    if (blocks.isEmpty()) {
      throw MixlawException.of(
          "no evaluation logs to ingest",
          "config key ingest.sources is empty",
          "list the log files or folders in ingest.sources (see docs/eval-log-format.md), or run bin/mixlaw demo");
    }
    Path home = Path.of(config.getString("home"));
    List<LogSource> sources = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < blocks.size(); i++) {
      LogSource source;
      try {
        source = LogSource.fromConfig(blocks.get(i), home);
      } catch (MixlawException e) {
        throw MixlawException.of("ingest.sources[" + i + "]: " + e.problem(), e.reason(), e.fix());
      }
      String identity = source.path().toAbsolutePath().normalize() + "|" + source.secondPath();
      if (!seen.add(identity)) {
        throw MixlawException.of(
            "ingest.sources[" + i + "] repeats " + source.path(),
            "each file may be listed once",
            "remove the duplicate source block");
      }
      sources.add(source);
    }
    return sources;
  }

  /**
   * Everything read from the sources.
   *
   * @param parsed every record parsed, valid or not, in source order
   * @param valid records that passed validation (weights renormalised)
   * @param rejected unparsable lines and quarantined records, with reasons
   */
  record Ingested(List<EvalRecord> parsed, List<EvalRecord> valid, List<RejectedRecord> rejected) {}

  /**
   * Reads and validates every source: each source's records against its own domains and weight
   * tolerance, then all valid records together, so that a run appearing in two sources with two
   * different mixtures is caught too.
   *
   * @param progress called after each source with its parse result
   */
  static Ingested readAll(List<LogSource> sources, BiConsumer<LogSource, ParseResult> progress) {
    List<EvalRecord> parsed = new ArrayList<>();
    List<EvalRecord> valid = new ArrayList<>();
    List<RejectedRecord> rejected = new ArrayList<>();
    for (LogSource source : sources) {
      ParseResult read = EvalLogReader.read(source);
      progress.accept(source, read);
      parsed.addAll(read.records());
      rejected.addAll(read.rejected());
      ParseResult checked = EvalRecordValidator.validate(read.records(), ValidationOptions.of(source.options()));
      valid.addAll(checked.records());
      rejected.addAll(checked.rejected());
    }
    ParseResult across =
        EvalRecordValidator.validate(valid, new ValidationOptions(List.of(), SourceOptions.DEFAULT_WEIGHT_TOLERANCE));
    rejected.addAll(across.rejected());
    return new Ingested(parsed, across.records(), rejected);
  }
}

package io.mixlaw.core.ingest;

import io.mixlaw.core.MixlawException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads evaluation logs into {@link EvalRecord}s.
 *
 * <p>Files are streamed as UTF-8 with 1-based line numbers; blank lines are skipped. A line that
 * cannot be parsed (wrong field count, a number that is not one, an invalid run name, invalid JSON)
 * becomes a {@link RejectedRecord} with the reason, never an exception. Records and rejections keep
 * file order, so reading the same files twice gives the same result. Missing or unreadable files,
 * undecodable text and unusable headers are errors of the whole source and throw {@link
 * MixlawException}.
 */
public final class EvalLogReader {

  private static final Logger LOG = LoggerFactory.getLogger(EvalLogReader.class);

  private static final Comparator<RejectedRecord> FILE_ORDER =
      Comparator.comparing(RejectedRecord::sourceFile)
          .thenComparingLong(RejectedRecord::lineNumber);

  private EvalLogReader() {}

  /**
   * Parses a source without judging the values: every parsable line becomes a record, NaN losses
   * and bad mixtures included. Use {@link #readAndValidate} to also quarantine bad records.
   *
   * @throws MixlawException when a file is missing (naming the path and its config key), cannot be
   *     read or decoded, or has an unusable header
   */
  public static ParseResult read(LogSource source) {
    Objects.requireNonNull(source, "source");
    long started = System.nanoTime();
    // Limitation: a source's records are held in memory, so one source must fit in the heap.
    ParseCollector collector = new ParseCollector();
    switch (source.format()) {
      case MIXLAW_JSONL -> {
        for (Path file : files(source)) {
          MixlawParser.readJsonl(file, LogSource.KEY_PATH, source.options(), collector);
        }
      }
      case MIXLAW_CSV -> {
        for (Path file : files(source)) {
          MixlawParser.readCsv(file, LogSource.KEY_PATH, source.options(), collector);
        }
      }
      case MIXING_LAWS -> {
        for (Path file : files(source)) {
          MixingLawsParser.read(file, LogSource.KEY_PATH, source.options(), collector);
        }
      }
      case REGMIX ->
          RegMixParser.read(source.path(), source.secondPath(), source.options(), collector);
    }
    LOG.debug(
        "Read {} records and rejected {} lines from {} ({}) in {} ms",
        collector.recordCount(),
        collector.rejectedCount(),
        source.path(),
        source.format(),
        (System.nanoTime() - started) / 1_000_000);
    return collector.result();
  }

  /**
   * Parses a source and validates its records with {@link EvalRecordValidator} under the source's
   * domains and weight tolerance. The rejected list holds both unparsable lines and quarantined
   * records, ordered by file and line.
   *
   * @throws MixlawException as {@link #read}
   */
  public static ParseResult readAndValidate(LogSource source) {
    // Limitation: run consistency is checked within this source only, not across sources.
    ParseResult parsed = read(source);
    ParseResult validated =
        EvalRecordValidator.validate(parsed.records(), ValidationOptions.of(source.options()));
    List<RejectedRecord> rejected = new ArrayList<>(parsed.rejected());
    rejected.addAll(validated.rejected());
    rejected.sort(FILE_ORDER);
    return new ParseResult(validated.records(), rejected);
  }

  private static List<Path> files(LogSource source) {
    Path path = source.path();
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> files = LogFiles.list(path, EnumSet.of(source.format()));
    if (files.isEmpty()) {
      LOG.warn(
          "Folder {} (config key '{}') holds no {} file with extension {}; nothing to read",
          path,
          LogSource.KEY_PATH,
          source.format(),
          source.format().extensions());
    }
    return files;
  }
}

package io.mixlaw.core.ingest;

import io.mixlaw.core.MixlawException;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/** The evaluation-log formats mixlaw reads. See {@code docs/eval-log-format.md}. */
public enum LogFormat {

  /** mixlaw's own format: one JSON object per line. */
  MIXLAW_JSONL,

  /** mixlaw's own format as CSV with a header, the mixture in {@code mix.<domain>} columns. */
  MIXLAW_CSV,

  /**
   * Data Mixing Laws (Ye et al., 2024) loss logs: checkpoint path, validation file and loss,
   * tab-separated, one line per measurement.
   */
  MIXING_LAWS,

  /**
   * RegMix (Liu et al., 2024) tables: a mixture CSV and a loss CSV joined on their {@code index}
   * column.
   */
  REGMIX;

  /** Number of characters of the first line quoted in a detection error. */
  private static final int QUOTED_CHARS = 80;

  private static final char BYTE_ORDER_MARK = '\uFEFF';

  /**
   * Tells the format of a log file from its extension and first line: a first line that is a JSON
   * object means {@link #MIXLAW_JSONL}; a CSV header with a {@code run_id} column means {@link
   * #MIXLAW_CSV}; a CSV header starting with {@code index} and holding {@code train_the_pile_} or
   * {@code metric/} columns means {@link #REGMIX} (either file of the pair); three tab-separated
   * fields mean {@link #MIXING_LAWS}. A known extension must agree with the content ({@code
   * .jsonl}, {@code .ndjson}, {@code .json}; {@code .csv}; {@code .txt}, {@code .tsv}, {@code
   * .log}). For a folder, the first file in name order that has one of these extensions is looked
   * at.
   *
   * @throws MixlawException naming the file when it is missing, empty, or matches no format
   */
  public static LogFormat detect(Path file) {
    Objects.requireNonNull(file, "file");
    Path examined = file;
    if (Files.isDirectory(file)) {
      List<Path> files = LogFiles.list(file, EnumSet.allOf(LogFormat.class));
      if (files.isEmpty()) {
        throw MixlawException.of(
            "cannot tell the evaluation-log format of folder " + file,
            "it holds no .jsonl, .ndjson, .json, .csv, .txt, .tsv or .log file",
            "set the source's 'format' key or point 'path' at a log file");
      }
      examined = files.get(0);
    } else if (!Files.isRegularFile(examined)) {
      throw MixlawException.of(
          "cannot tell the evaluation-log format of " + file,
          "the file does not exist",
          "check the source's 'path' key");
    }

    String firstLine = firstLine(examined);
    LogFormat byContent = fromFirstLine(firstLine);
    Set<LogFormat> allowed = byExtension(examined);
    if (byContent == null || !allowed.contains(byContent)) {
      String quoted = firstLine;
      if (quoted.length() > QUOTED_CHARS) {
        quoted = quoted.substring(0, QUOTED_CHARS) + "...";
      }
      String looksLike = "";
      if (byContent != null) {
        looksLike = " (the first line looks like " + byContent + ")";
      }
      List<LogFormat> candidates = byContent == null ? List.of(values()) : List.copyOf(allowed);
      throw MixlawException.of(
          "cannot tell the evaluation-log format of " + examined,
          String.format(
              Locale.ROOT,
              "its extension and first line '%s' match none of %s%s",
              quoted,
              candidates,
              looksLike),
          "set the source's 'format' key to one of "
              + List.of(values())
              + " or fix the file (see docs/eval-log-format.md)");
    }
    return byContent;
  }

  /** File-name extensions of this format, lower case, without the dot. */
  Set<String> extensions() {
    return switch (this) {
      case MIXLAW_JSONL -> Set.of("jsonl", "ndjson", "json");
      case MIXLAW_CSV, REGMIX -> Set.of("csv");
      case MIXING_LAWS -> Set.of("txt", "tsv", "log");
    };
  }

  static String extensionOf(Path file) {
    Path name = file.getFileName();
    String text = name == null ? "" : name.toString();
    int dot = text.lastIndexOf('.');
    return dot < 0 ? "" : text.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static Set<LogFormat> byExtension(Path file) {
    String extension = extensionOf(file);
    Set<LogFormat> allowed = EnumSet.noneOf(LogFormat.class);
    for (LogFormat format : values()) {
      if (format.extensions().contains(extension)) {
        allowed.add(format);
      }
    }
    return allowed.isEmpty() ? EnumSet.allOf(LogFormat.class) : allowed;
  }

  private static LogFormat fromFirstLine(String line) {
    String trimmed = line.strip();
    if (trimmed.startsWith("{")) {
      return MIXLAW_JSONL;
    }
    String[] tabFields = line.split("\t", -1);
    if (tabFields.length == 3 && tabFields[0].contains("/")) {
      return MIXING_LAWS;
    }
    List<String> header = CsvLine.split(line);
    if (header == null) {
      return null;
    }
    boolean regmixColumns = false;
    for (String column : header) {
      String name = column.strip();
      if (name.equals(MixlawRows.RUN_ID)) {
        return MIXLAW_CSV;
      }
      regmixColumns |=
          name.startsWith(RegMixParser.MIXTURE_PREFIX) || name.startsWith(RegMixParser.LOSS_PREFIX);
    }
    if (header.size() > 1 && header.get(0).strip().equals(RegMixParser.INDEX) && regmixColumns) {
      return REGMIX;
    }
    return null;
  }

  private static String firstLine(Path file) {
    try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line = reader.readLine();
      while (line != null && line.strip().isEmpty()) {
        line = reader.readLine();
      }
      if (line == null) {
        throw MixlawException.of(
            "cannot tell the evaluation-log format of " + file,
            "the file is empty",
            "check the source's 'path' key or wait until the log is written");
      }
      return line.isEmpty() || line.charAt(0) != BYTE_ORDER_MARK ? line : line.substring(1);
    } catch (IOException e) {
      throw MixlawException.wrap(
          "cannot read the first line of " + file, "check that the file is readable UTF-8 text", e);
    }
  }
}

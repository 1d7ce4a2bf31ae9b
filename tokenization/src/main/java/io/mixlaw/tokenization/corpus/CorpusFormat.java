package io.mixlaw.tokenization.corpus;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** How a corpus input stores its documents. */
public enum CorpusFormat {
  /**
   * One JSON object per line, optionally compressed with gzip ({@code .gz}) or zstd ({@code .zst}).
   */
  JSON_LINES("jsonl", List.of(".jsonl", ".json", ".ndjson")),
  /** A folder of text files, one document per file (UTF-8, optionally compressed). */
  TEXT_FILES("text", List.of(".txt")),
  /** Parquet files with a string column for the text (read through Spark). */
  PARQUET("parquet", List.of(".parquet"));

  private final String configName;
  private final List<String> extensions;

  CorpusFormat(String configName, List<String> extensions) {
    this.configName = configName;
    this.extensions = extensions;
  }

  /**
   * Returns the name used in configuration files: {@code jsonl}, {@code text} or {@code parquet}.
   */
  public String configName() {
    return configName;
  }

  /** Returns the file name extensions of this format, before any compression suffix. */
  public List<String> extensions() {
    return extensions;
  }

  /**
   * Reads a configuration value: {@code jsonl}, {@code text} or {@code parquet} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values
   */
  public static CorpusFormat fromConfigName(String name) {
    String wanted = name.trim().toLowerCase(Locale.ROOT);
    return Arrays.stream(values())
        .filter(f -> f.configName.equals(wanted))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown corpus format '"
                        + name
                        + "'; use one of "
                        + Arrays.stream(values()).map(CorpusFormat::configName).toList()));
  }
}

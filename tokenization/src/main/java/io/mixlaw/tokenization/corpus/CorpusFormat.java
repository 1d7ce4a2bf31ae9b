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
   * Returns true if a file name belongs to this format: it ends with one of {@link #extensions()},
   * optionally followed by {@code .gz}, {@code .zst} or {@code .zstd} (case-insensitive).
   */
  public boolean matchesFileName(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    for (String compression : List.of(".gz", ".zst", ".zstd")) {
      if (name.endsWith(compression)) {
        name = name.substring(0, name.length() - compression.length());
        break;
      }
    }

    for (String extension : extensions) {
      if (name.endsWith(extension)) {
        return true;
      }
    }

    return false;
  }

  /**
   * Returns true if a file name says the file is compressed: it ends with {@code .gz}, {@code .zst}
   * or {@code .zstd} (case-insensitive). A compressed file cannot be read from a byte offset.
   */
  public static boolean isCompressed(String fileName) {
    String name = fileName.toLowerCase(Locale.ROOT);
    return name.endsWith(".gz") || name.endsWith(".zst") || name.endsWith(".zstd");
  }

  /**
   * Returns true if a path below an input folder is skipped when listing: one of its parts starts
   * with {@code .} or {@code _} (hidden files, {@code _SUCCESS} markers).
   *
   * @param relativePath the path relative to the input folder, with {@code /} separators
   */
  public static boolean isHiddenPath(String relativePath) {
    for (String part : relativePath.split("/", -1)) {
      if (part.startsWith(".") || part.startsWith("_")) {
        return true;
      }
    }

    return false;
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

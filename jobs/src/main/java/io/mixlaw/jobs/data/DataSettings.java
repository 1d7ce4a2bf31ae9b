package io.mixlaw.jobs.data;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.config.ConfigKeys;
import io.mixlaw.tokenization.TokenizerSpec;
import io.mixlaw.tokenization.Tokenizers;
import io.mixlaw.tokenization.corpus.CorpusFormat;
import io.mixlaw.tokenization.corpus.CorpusInput;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.Locale;

/**
 * Reads the {@code tokenizer} and {@code tokenize} settings, with the defaults below for keys the
 * configuration leaves out (see conf/tokenize.conf for every key).
 */
final class DataSettings {

  /**
   * Default of {@code tokenize.partitions}: {@link ReadPlan#DEFAULT_TASKS_PER_SLOT} read tasks per
   * slot of Spark's default parallelism.
   */
  static final int DEFAULT_PARTITIONS = 0;

  private DataSettings() {}

  /**
   * The tokenizer of {@code tokenizer.name} (a tiktoken encoding name, or the path of a local
   * {@code tokenizer.json}, relative to {@code mixlaw.home}) and {@code tokenizer.end-of-document}.
   */
  static TokenizerSpec tokenizer(Config config) {
    ConfigKeys.requireKnown(config, "tokenizer", Set.of("name", "end-of-document"));
    String name = string(config, "tokenizer.name", Tokenizers.DEFAULT_ENCODING);
    String endOfDocument = string(config, "tokenizer.end-of-document", "");
    if (Tokenizers.encodingNames().contains(name.trim())) {
      return new TokenizerSpec(TokenizerSpec.Kind.TIKTOKEN, name.trim(), endOfDocument);
    }

    return new TokenizerSpec(
        TokenizerSpec.Kind.HUGGING_FACE, resolve(config, name.trim()), endOfDocument);
  }

  /** The inputs of {@code tokenize.inputs}, in configuration order. */
  static List<CorpusInput> inputs(Config config) {
    ConfigKeys.requireKnown(config, "tokenize", Set.of("inputs", "partitions", "min-split-bytes"));
    if (!config.hasPath("tokenize.inputs") || config.getList("tokenize.inputs").isEmpty()) {
      throw MixlawException.of(
          "no corpus inputs are configured",
          "tokenize.inputs is missing or empty",
          "list each domain's files, e.g. tokenize.inputs = [{ domain = code, path ="
              + " \"data/code\", format = jsonl }] (see conf/tokenize.conf)");
    }

    List<CorpusInput> inputs = new ArrayList<>();
    List<? extends Config> entries = config.getConfigList("tokenize.inputs");
    for (int i = 0; i < entries.size(); i++) {
      Config entry = entries.get(i);
      String where = "tokenize.inputs[" + i + "]";
      ConfigKeys.requireKnownIn(
          entry, where, Set.of("domain", "path", "format", "text-field", "id-field"));
      String domain = required(entry, "domain", where);
      String path = resolve(config, required(entry, "path", where));
      CorpusFormat format;
      try {
        format =
            entry.hasPath("format")
                ? CorpusFormat.fromConfigName(entry.getString("format"))
                : guessFormat(path);
      } catch (IllegalArgumentException e) {
        throw MixlawException.of(
            where + ".format is invalid", e.getMessage(), "set format = jsonl, text or parquet");
      }

      inputs.add(
          new CorpusInput(
              domain,
              path,
              format,
              string(entry, "text-field", CorpusInput.DEFAULT_TEXT_FIELD),
              string(entry, "id-field", CorpusInput.DEFAULT_ID_FIELD)));
    }

    return inputs;
  }

  /**
   * {@code tokenize.partitions}: the read tasks wanted for the input files, 0 for {@link
   * ReadPlan#DEFAULT_TASKS_PER_SLOT} per slot of Spark's default parallelism.
   */
  static int partitions(Config config) {
    int partitions;
    try {
      partitions =
          config.hasPath("tokenize.partitions")
              ? config.getInt("tokenize.partitions")
              : DEFAULT_PARTITIONS;
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "configuration key tokenize.partitions is invalid", "set it to a whole number", e);
    }

    if (partitions < 0) {
      throw MixlawException.of(
          "tokenize.partitions is " + partitions,
          "it must be 0 (a few tasks per slot of Spark's default parallelism) or a positive number"
              + " of tasks",
          "set tokenize.partitions = 0");
    }

    return partitions;
  }

  /**
   * {@code tokenize.min-split-bytes}: the least bytes of a file part read by a task of its own
   * (default {@link ReadPlan#DEFAULT_MIN_SPLIT_BYTES}); a number or a size such as {@code 4 MiB}.
   */
  static long minSplitBytes(Config config) {
    long bytes;
    try {
      bytes =
          config.hasPath("tokenize.min-split-bytes")
              ? config.getBytes("tokenize.min-split-bytes")
              : ReadPlan.DEFAULT_MIN_SPLIT_BYTES;
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "configuration key tokenize.min-split-bytes is invalid",
          "set it to a number of bytes or a size such as 4 MiB",
          e);
    }

    if (bytes < 1) {
      throw MixlawException.of(
          "tokenize.min-split-bytes is " + bytes,
          "a file part must hold at least one byte",
          "set tokenize.min-split-bytes = 1 MiB");
    }

    return bytes;
  }

  /** Resolves a relative local path against {@code mixlaw.home}; URIs are kept as they are. */
  static String resolve(Config config, String path) {
    if (path.matches("^[A-Za-z][A-Za-z0-9+.-]*:/.*")) {
      return path;
    }

    Path local = Path.of(path);
    if (local.isAbsolute()) {
      return local.normalize().toString();
    }

    return Path.of(string(config, "home", "."))
        .resolve(local)
        .toAbsolutePath()
        .normalize()
        .toString();
  }

  static String string(Config config, String key, String fallback) {
    try {
      return config.hasPath(key) ? config.getString(key) : fallback;
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "configuration key " + key + " is invalid", "set it to a string", e);
    }
  }

  private static String required(Config entry, String key, String where) {
    if (!entry.hasPath(key) || entry.getString(key).isBlank()) {
      throw MixlawException.of(
          where + " has no " + key,
          "every corpus input needs a domain and a path",
          "add " + key + " = ... to " + where);
    }

    return entry.getString(key).trim();
  }

  private static CorpusFormat guessFormat(String path) {
    String name = path.toLowerCase(Locale.ROOT);
    if (CorpusFormat.PARQUET.matchesFileName(name)) {
      return CorpusFormat.PARQUET;
    }

    if (CorpusFormat.TEXT_FILES.matchesFileName(name)) {
      return CorpusFormat.TEXT_FILES;
    }

    return CorpusFormat.JSON_LINES;
  }
}

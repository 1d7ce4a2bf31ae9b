package io.mixlaw.core.ingest;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import io.mixlaw.core.MixlawException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One evaluation log to ingest: its format, where it is, and the options it needs.
 *
 * <p>Options each format needs: {@link LogFormat#MIXING_LAWS} needs {@link SourceOptions#domains()}
 * (in the order of the run-name proportions) and {@link SourceOptions#tokensPerStep()}; {@link
 * LogFormat#REGMIX} needs {@link SourceOptions#scale()} and either {@link SourceOptions#tokens()}
 * or both {@link SourceOptions#step()} and {@link SourceOptions#tokensPerStep()}. Parameter counts
 * come from {@link SourceOptions#scales()}; a record whose scale is missing there is quarantined by
 * validation.
 *
 * @param format the format of the log
 * @param path the log file, or a folder whose files of this format are read in name order (not for
 *     {@link LogFormat#REGMIX}); for {@link LogFormat#REGMIX}, the mixtures CSV
 * @param secondPath for {@link LogFormat#REGMIX} the losses CSV; null for every other format
 * @param options what the log does not say about itself
 */
public record LogSource(LogFormat format, Path path, Path secondPath, SourceOptions options) {

  /** Config key of the format name, for example {@code "mixing-laws"}; detected when absent. */
  public static final String KEY_FORMAT = "format";

  /** Config key of the log file or folder (every format except RegMix). */
  public static final String KEY_PATH = "path";

  /** Config key of the RegMix mixtures CSV. */
  public static final String KEY_MIXTURES = "mixtures";

  /** Config key of the RegMix losses CSV. */
  public static final String KEY_LOSSES = "losses";

  /**
   * Checks that the paths fit the format and that the options hold what the format needs.
   *
   * @throws MixlawException naming the missing option key
   */
  public LogSource {
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(options, "options");
    if (format == LogFormat.REGMIX && secondPath == null) {
      throw new IllegalArgumentException(
          "a RegMix source needs the losses CSV as secondPath besides the mixtures CSV " + path);
    }
    if (format != LogFormat.REGMIX && secondPath != null) {
      throw new IllegalArgumentException(
          format + " reads a single path; secondPath must be null, got " + secondPath);
    }
    requireOptions(format, path, options);
  }

  /** A single-path source ({@link LogFormat#REGMIX} takes two: use {@link #regmix}). */
  public static LogSource of(LogFormat format, Path path, SourceOptions options) {
    return new LogSource(format, path, null, options);
  }

  /** A RegMix source: the mixtures CSV and the losses CSV, joined on {@code index}. */
  public static LogSource regmix(Path mixtures, Path losses, SourceOptions options) {
    return new LogSource(LogFormat.REGMIX, mixtures, losses, options);
  }

  /**
   * Reads a source from its config block: {@value #KEY_FORMAT} (optional; any {@link LogFormat}
   * name, case-insensitive, {@code -} for {@code _}), {@value #KEY_PATH}, or {@value #KEY_MIXTURES}
   * and {@value #KEY_LOSSES} for RegMix, plus the keys of {@link SourceOptions#fromConfig}. Without
   * a format, a block with {@value #KEY_MIXTURES} and {@value #KEY_LOSSES} is RegMix and any other
   * is detected from its {@value #KEY_PATH}.
   *
   * @param config the block of one source
   * @param baseDirectory folder that relative paths are resolved against
   * @throws MixlawException naming the key that is missing or invalid
   */
  public static LogSource fromConfig(Config config, Path baseDirectory) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(baseDirectory, "baseDirectory");
    SourceOptions options = SourceOptions.fromConfig(config);
    boolean pair = config.hasPath(KEY_MIXTURES) || config.hasPath(KEY_LOSSES);
    LogFormat format;
    if (config.hasPath(KEY_FORMAT)) {
      format = parseFormat(config);
    } else if (pair) {
      format = LogFormat.REGMIX;
    } else {
      format = LogFormat.detect(path(config, KEY_PATH, baseDirectory));
    }
    if (format == LogFormat.REGMIX) {
      return regmix(
          path(config, KEY_MIXTURES, baseDirectory),
          path(config, KEY_LOSSES, baseDirectory),
          options);
    }
    return of(format, path(config, KEY_PATH, baseDirectory), options);
  }

  private static LogFormat parseFormat(Config config) {
    String name;
    try {
      name = config.getString(KEY_FORMAT);
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "ingest source key '" + KEY_FORMAT + "' is not a string", "write a format name", e);
    }
    String normalized = name.strip().replace('-', '_').toUpperCase(Locale.ROOT);
    for (LogFormat format : LogFormat.values()) {
      if (format.name().equals(normalized)) {
        return format;
      }
    }
    List<String> names = new ArrayList<>();
    for (LogFormat format : LogFormat.values()) {
      names.add(format.name().toLowerCase(Locale.ROOT).replace('_', '-'));
    }
    throw MixlawException.of(
        "ingest source key '" + KEY_FORMAT + "' is invalid",
        "'" + name + "' is not a known evaluation-log format",
        "use one of " + names + " or leave the key out to detect the format");
  }

  private static Path path(Config config, String key, Path baseDirectory) {
    if (!config.hasPath(key)) {
      String what = key.equals(KEY_PATH) ? "the file or folder" : "the file";
      throw MixlawException.of(
          "ingest source has no '" + key + "' key",
          "the reader needs to know where the log is",
          String.format(
              Locale.ROOT,
              "set '%s' to %s (relative paths start at %s)",
              key,
              what,
              baseDirectory));
    }
    try {
      return baseDirectory.resolve(config.getString(key));
    } catch (ConfigException e) {
      throw MixlawException.wrap(
          "ingest source key '" + key + "' is not a path", "write the path as a string", e);
    } catch (InvalidPathException e) {
      throw MixlawException.wrap(
          "ingest source key '" + key + "' is not a valid path", "fix the path", e);
    }
  }

  private static void requireOptions(LogFormat format, Path path, SourceOptions options) {
    switch (format) {
      case MIXING_LAWS -> {
        if (options.domains().isEmpty()) {
          throw missingOption(
              format,
              path,
              SourceOptions.KEY_DOMAINS,
              "list the training domains in the order of the proportions in the run names");
        }
        if (options.tokensPerStep().isEmpty()) {
          throw missingOption(
              format,
              path,
              SourceOptions.KEY_TOKENS_PER_STEP,
              "give the training tokens per optimizer step (1048576 in Data Mixing Laws)");
        }
      }
      case REGMIX -> {
        if (options.scale().isEmpty()) {
          throw missingOption(
              format,
              path,
              SourceOptions.KEY_SCALE,
              "give the scale label of the runs, for example \"1M\"");
        }
        boolean stepAndRate = options.step().isPresent() && options.tokensPerStep().isPresent();
        if (options.tokens().isEmpty() && !stepAndRate) {
          throw missingOption(
              format,
              path,
              SourceOptions.KEY_TOKENS,
              "give the training tokens of the runs, or both '"
                  + SourceOptions.KEY_STEP
                  + "' and '"
                  + SourceOptions.KEY_TOKENS_PER_STEP
                  + "'");
        }
      }
      case MIXLAW_JSONL, MIXLAW_CSV -> {
        // The records carry their own fields; options only fill gaps.
      }
    }
  }

  private static MixlawException missingOption(
      LogFormat format, Path path, String key, String fix) {
    return MixlawException.of(
        "ingest source " + path + " (" + format + ") has no '" + key + "' option",
        "the " + format + " format does not record it",
        fix);
  }
}

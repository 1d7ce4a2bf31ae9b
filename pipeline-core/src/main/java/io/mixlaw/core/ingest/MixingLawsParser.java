package io.mixlaw.core.ingest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the loss logs of Data Mixing Laws (Ye et al., 2024): per line a checkpoint path, a
 * validation file and a loss, tab-separated.
 *
 * <p>The checkpoint path ends in {@code .../<run name>/<step>}, with the run name {@code
 * <size>_<id>-<p1>-...-<pK>} or {@code <size>_<tag>_<id>-<p1>-...} (tag {@code RP} for the
 * RedPajama runs); the proportions follow the order of the configured training domains. The
 * validation domain is the second-to-last dot-separated token of the validation file name.
 */
final class MixingLawsParser {

  private static final String FIELD_SEPARATOR = "\t";
  private static final int FIELD_COUNT = 3;

  private static final Pattern RUN_NAME =
      Pattern.compile(
          "([0-9]+(?:\\.[0-9]+)?[KMBT])_(?:([A-Za-z][A-Za-z0-9]*)_)?([0-9]{1,18})-(.*)");

  private static final Pattern STEP = Pattern.compile("[0-9]{1,18}");

  private MixingLawsParser() {}

  static void read(Path file, String configKey, SourceOptions options, ParseCollector collector) {
    String sourceFile = file.toString();
    TextLines.forEach(
        file,
        configKey,
        (lineNumber, line) -> {
          if (line.isBlank()) {
            return;
          }
          parse(line, options, sourceFile, lineNumber)
              .addTo(collector, sourceFile, lineNumber, LogFormat.MIXING_LAWS, line);
        });
  }

  private static LineOutcome parse(
      String line, SourceOptions options, String sourceFile, long lineNumber) {
    String[] fields = line.split(FIELD_SEPARATOR, -1);
    if (fields.length != FIELD_COUNT) {
      return LineOutcome.rejectedFormat(
          "expected 3 tab-separated fields (checkpoint path, validation file, loss), found %d;"
              + " fix or remove the line",
          fields.length);
    }

    List<String> checkpoint = pathComponents(fields[0]);
    if (checkpoint.size() < 2) {
      return LineOutcome.rejectedFormat(
          "checkpoint path '%s' does not end in <run name>/<step>; fix the path", fields[0]);
    }
    String runName = checkpoint.get(checkpoint.size() - 2);
    String stepText = checkpoint.get(checkpoint.size() - 1);
    Matcher run = RUN_NAME.matcher(runName);
    if (!run.matches()) {
      return LineOutcome.rejectedFormat(
          "run name '%s' is not <size>_<id>-<p1>-...-<pK> or <size>_<tag>_<id>-<p1>-...; fix the"
              + " checkpoint path",
          runName);
    }
    String size = run.group(1);
    String tag = run.group(2);
    String runNumber = run.group(3);
    String runId = tag == null ? size + "_" + runNumber : size + "_" + tag + "_" + runNumber;
    OptionalLong dropAbove = options.dropRunIdsAbove();
    if (dropAbove.isPresent() && Long.parseLong(runNumber) > dropAbove.getAsLong()) {
      return LineOutcome.rejectedFormat(
          "special run id > %d excluded by ingest option %s (run %s); raise or remove the option"
              + " to ingest it",
          dropAbove.getAsLong(), SourceOptions.KEY_DROP_RUN_IDS_ABOVE, runId);
    }

    String[] proportions = run.group(4).split("-", -1);
    List<String> domains = options.domains();
    if (proportions.length != domains.size()) {
      return LineOutcome.rejectedFormat(
          "run name '%s' has %d proportions but %d training domains are configured %s; fix the"
              + " '%s' option of the source",
          runName, proportions.length, domains.size(), domains, SourceOptions.KEY_DOMAINS);
    }
    SortedMap<String, Double> mixture = new TreeMap<>();
    for (int i = 0; i < proportions.length; i++) {
      OptionalDouble weight = Numbers.parseDouble(proportions[i]);
      if (weight.isEmpty()) {
        return LineOutcome.rejectedFormat(
            "proportion %d '%s' of run name '%s' is not a number; fix the checkpoint path",
            i + 1, proportions[i], runName);
      }
      mixture.put(domains.get(i), weight.getAsDouble());
    }

    if (!STEP.matcher(stepText).matches()) {
      return LineOutcome.rejectedFormat(
          "step '%s' is not a whole number; only numbered checkpoints can be ingested, remove the"
              + " line or rename the checkpoint",
          stepText);
    }
    long step = Long.parseLong(stepText);
    long tokensPerStep = options.tokensPerStep().orElse(0);
    OptionalLong tokens = MixlawRows.multiply(step, tokensPerStep);
    if (tokens.isEmpty()) {
      return LineOutcome.rejectedFormat(
          "step %d times tokens per step %d overflows a 64-bit count; fix the step or the '%s'"
              + " option",
          step, tokensPerStep, SourceOptions.KEY_TOKENS_PER_STEP);
    }

    String target = validationDomain(fields[1]);
    if (target == null) {
      return LineOutcome.rejectedFormat(
          "validation file '%s' has no <domain>.<extension> at the end of its name; fix the path",
          fields[1]);
    }

    OptionalDouble loss = Numbers.parseDouble(fields[2]);
    if (loss.isEmpty()) {
      return LineOutcome.rejectedFormat(
          "loss '%s' is not a number; fix or remove the line", fields[2]);
    }

    Optional<ParameterCounts> params = options.parametersOf(size);
    return LineOutcome.accepted(
        new EvalRecord(
            sourceFile,
            lineNumber,
            LogFormat.MIXING_LAWS.name(),
            runId,
            size,
            params.map(ParameterCounts::total).orElse(0L),
            params.map(ParameterCounts::active).orElse(0L),
            step,
            tokens.getAsLong(),
            mixture,
            target,
            EvalRecord.LOSS,
            loss.getAsDouble(),
            line));
  }

  /** The second-to-last dot-separated token of the file name, or null when there is none. */
  private static String validationDomain(String validationFile) {
    List<String> components = pathComponents(validationFile);
    if (components.isEmpty()) {
      return null;
    }
    String[] nameParts = components.get(components.size() - 1).split("\\.");
    if (nameParts.length < 2 || nameParts[nameParts.length - 2].isBlank()) {
      return null;
    }
    return nameParts[nameParts.length - 2];
  }

  private static List<String> pathComponents(String path) {
    List<String> components = new ArrayList<>();
    for (String component : path.strip().split("/")) {
      if (!component.isEmpty()) {
        components.add(component);
      }
    }
    return components;
  }
}

package io.mixlaw.core.ingest;

import io.mixlaw.core.MixlawException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the tables of RegMix (Liu et al., 2024): a mixture CSV with {@code index} and one {@code
 * train_the_pile_<domain>} column per training domain, and a loss CSV with {@code index} and one
 * {@code metric/the_pile_<domain>_val_loss} column per validation domain, joined on {@code index}.
 * Each loss cell becomes one record.
 */
final class RegMixParser {

  static final String INDEX = "index";
  static final String MIXTURE_PREFIX = "train_the_pile_";
  static final String LOSS_PREFIX = "metric/";

  private static final Pattern LOSS_COLUMN = Pattern.compile("metric/the_pile_(.+)_val_loss");
  private static final Pattern INDEX_VALUE = Pattern.compile("[0-9]{1,18}");

  /** A parsed mixture row. */
  private record MixtureRow(long lineNumber, SortedMap<String, Double> weights) {}

  private final Path mixtures;
  private final Path losses;
  private final String mixtureFile;
  private final String lossFile;
  private final ParseCollector collector;
  private final String scale;
  private final long totalParams;
  private final long activeParams;
  private final Long step;
  private final long tokens;

  private final List<String> mixtureHeader = new ArrayList<>();
  private final List<String> domains = new ArrayList<>();
  private final Map<Long, MixtureRow> rows = new LinkedHashMap<>();
  private final Map<Long, Long> rejectedRows = new HashMap<>();
  private final List<String> lossHeader = new ArrayList<>();
  private final List<String> targets = new ArrayList<>();
  private final Set<Long> used = new HashSet<>();

  private RegMixParser(
      Path mixtures, Path losses, SourceOptions options, ParseCollector collector) {
    this.mixtures = mixtures;
    this.losses = losses;
    this.mixtureFile = mixtures.toString();
    this.lossFile = losses.toString();
    this.collector = collector;
    this.scale = options.scale().orElseThrow();
    Optional<ParameterCounts> params = options.parametersOf(scale);
    this.totalParams = params.map(ParameterCounts::total).orElse(0L);
    this.activeParams = params.map(ParameterCounts::active).orElse(0L);
    this.step = options.step().isPresent() ? options.step().getAsLong() : null;
    this.tokens = tokensOf(options, losses);
  }

  /** Reads the pair; the source options must hold a scale and the tokens (see LogSource). */
  static void read(Path mixtures, Path losses, SourceOptions options, ParseCollector collector) {
    TextLines.requireFile(mixtures, LogSource.KEY_MIXTURES);
    TextLines.requireFile(losses, LogSource.KEY_LOSSES);
    new RegMixParser(mixtures, losses, options, collector).read();
  }

  private void read() {
    TextLines.forEach(mixtures, LogSource.KEY_MIXTURES, this::mixtureLine);
    TextLines.forEach(losses, LogSource.KEY_LOSSES, this::lossLine);

    for (Map.Entry<Long, MixtureRow> row : rows.entrySet()) {
      if (!used.contains(row.getKey())) {
        long lineNumber = row.getValue().lineNumber();
        collector.reject(
            mixtureFile,
            lineNumber,
            LogFormat.REGMIX,
            "mixture line " + lineNumber,
            format(
                "index %d has a mixture but no usable row in the losses file %s; add its losses"
                    + " or remove the row",
                row.getKey(), lossFile));
      }
    }
  }

  private void mixtureLine(long lineNumber, String line) {
    if (line.isBlank()) {
      return;
    }
    if (mixtureHeader.isEmpty()) {
      mixtureHeader.addAll(header(mixtures, line, LogSource.KEY_MIXTURES));
      domains.addAll(mixtureDomains(mixtures, mixtureHeader));
      return;
    }
    List<String> cells = CsvLine.split(line);
    String problem = rowProblem(cells, mixtureHeader.size());
    if (problem != null) {
      collector.reject(mixtureFile, lineNumber, LogFormat.REGMIX, line, problem);
      return;
    }

    long index = Long.parseLong(cells.get(0).strip());
    MixtureRow first = rows.get(index);
    if (first != null) {
      collector.reject(
          mixtureFile,
          lineNumber,
          LogFormat.REGMIX,
          line,
          format(
              "index %d appears again (first at line %d); give every mixture its own index",
              index, first.lineNumber()));
      return;
    }
    SortedMap<String, Double> weights = new TreeMap<>();
    for (int column = 1; column < cells.size(); column++) {
      OptionalDouble weight = Numbers.parseDouble(cells.get(column));
      if (weight.isEmpty()) {
        rejectedRows.putIfAbsent(index, lineNumber);
        collector.reject(
            mixtureFile,
            lineNumber,
            LogFormat.REGMIX,
            line,
            format(
                "weight '%s' in column %s is not a number; fix the cell",
                cells.get(column), mixtureHeader.get(column)));
        return;
      }
      weights.put(domains.get(column - 1), weight.getAsDouble());
    }
    rows.put(index, new MixtureRow(lineNumber, weights));
  }

  private void lossLine(long lineNumber, String line) {
    if (line.isBlank()) {
      return;
    }
    if (lossHeader.isEmpty()) {
      lossHeader.addAll(header(losses, line, LogSource.KEY_LOSSES));
      targets.addAll(lossTargets(losses, lossHeader));
      return;
    }
    List<String> cells = CsvLine.split(line);
    String problem = rowProblem(cells, lossHeader.size());
    if (problem != null) {
      collector.reject(lossFile, lineNumber, LogFormat.REGMIX, line, problem);
      return;
    }

    long index = Long.parseLong(cells.get(0).strip());
    MixtureRow mixture = rows.get(index);
    if (mixture == null) {
      Long rejectedAt = rejectedRows.get(index);
      String where =
          rejectedAt == null
              ? format("the mixtures file %s has no row with this index", mixtureFile)
              : format("its row in %s (line %d) was rejected", mixtureFile, rejectedAt);
      collector.reject(
          lossFile,
          lineNumber,
          LogFormat.REGMIX,
          line,
          format("index %d has no mixture: %s; fix the mixtures file", index, where));
      return;
    }

    used.add(index);
    for (int column = 1; column < cells.size(); column++) {
      String raw =
          format(
              "mixture line %d + loss line %d column %d (%s)",
              mixture.lineNumber(), lineNumber, column + 1, lossHeader.get(column));
      String cell = cells.get(column);
      OptionalDouble value = Numbers.parseDouble(cell);
      if (value.isEmpty()) {
        collector.reject(
            lossFile,
            lineNumber,
            LogFormat.REGMIX,
            raw + ": '" + cell + "'",
            format("loss '%s' is not a number; fix the cell or remove the row", cell));
        continue;
      }
      collector.accept(
          new EvalRecord(
              lossFile,
              lineNumber,
              LogFormat.REGMIX.name(),
              scale + "_" + index,
              scale,
              totalParams,
              activeParams,
              step,
              tokens,
              mixture.weights(),
              targets.get(column - 1),
              EvalRecord.LOSS,
              value.getAsDouble(),
              raw));
    }
  }

  private static String rowProblem(List<String> cells, int columns) {
    if (cells == null) {
      return "a quote is not closed; fix the quoting of the line";
    }
    if (cells.size() != columns) {
      return format(
          "expected %d comma-separated fields as in the header, found %d; fix or remove the line",
          columns, cells.size());
    }
    if (!INDEX_VALUE.matcher(cells.get(0).strip()).matches()) {
      return format("index '%s' is not a whole number; fix the first column", cells.get(0));
    }
    return null;
  }

  private static List<String> header(Path file, String line, String configKey) {
    List<String> names = CsvLine.split(line);
    if (names == null || names.size() < 2 || !names.get(0).strip().equals(INDEX)) {
      throw MixlawException.of(
          format("RegMix file %s (config key '%s') has an unexpected header", file, configKey),
          format("the first column must be '%s' followed by one column per domain", INDEX),
          format("point '%s' at a RegMix %s CSV", configKey, configKey));
    }
    List<String> stripped = new ArrayList<>();
    for (String name : names) {
      stripped.add(name.strip());
    }
    return stripped;
  }

  private static List<String> mixtureDomains(Path file, List<String> header) {
    List<String> names = new ArrayList<>();
    for (String column : header.subList(1, header.size())) {
      if (!column.startsWith(MIXTURE_PREFIX) || column.length() == MIXTURE_PREFIX.length()) {
        throw swapped("mixtures", file, column, MIXTURE_PREFIX + "<domain>");
      }
      names.add(column.substring(MIXTURE_PREFIX.length()));
    }
    return names;
  }

  private static List<String> lossTargets(Path file, List<String> header) {
    List<String> names = new ArrayList<>();
    for (String column : header.subList(1, header.size())) {
      Matcher matcher = LOSS_COLUMN.matcher(column);
      if (!matcher.matches()) {
        throw swapped("losses", file, column, "metric/the_pile_<domain>_val_loss");
      }
      names.add(matcher.group(1));
    }
    return names;
  }

  private static MixlawException swapped(String role, Path file, String column, String pattern) {
    return MixlawException.of(
        format("RegMix %s file %s has an unexpected column '%s'", role, file, column),
        format("%s columns are named %s", role.equals("mixtures") ? "mixture" : "loss", pattern),
        format(
            "check that '%s' and '%s' are not swapped",
            LogSource.KEY_MIXTURES, LogSource.KEY_LOSSES));
  }

  private static long tokensOf(SourceOptions options, Path losses) {
    if (options.tokens().isPresent()) {
      return options.tokens().getAsLong();
    }
    long stepCount = options.step().orElseThrow();
    long perStep = options.tokensPerStep().orElseThrow();
    OptionalLong product = MixlawRows.multiply(stepCount, perStep);
    if (product.isEmpty()) {
      throw MixlawException.of(
          format("ingest options of RegMix losses %s are invalid", losses),
          format("step %d times tokens-per-step %d overflows a 64-bit count", stepCount, perStep),
          format("set '%s' directly", SourceOptions.KEY_TOKENS));
    }
    return product.getAsLong();
  }

  private static String format(String template, Object... args) {
    return String.format(Locale.ROOT, template, args);
  }
}

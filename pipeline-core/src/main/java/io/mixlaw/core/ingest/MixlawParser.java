package io.mixlaw.core.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.mixlaw.core.MixlawException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Reads mixlaw's own evaluation-log format, as JSON lines or as CSV. */
final class MixlawParser {

  /** Scalar fields of a row, in documentation order. */
  static final List<String> FIELDS =
      List.of(
          MixlawRows.RUN_ID,
          MixlawRows.SCALE,
          MixlawRows.TOTAL_PARAMS,
          MixlawRows.ACTIVE_PARAMS,
          MixlawRows.STEP,
          MixlawRows.TOKENS_PER_STEP,
          MixlawRows.TOKENS,
          MixlawRows.TARGET,
          MixlawRows.METRIC,
          MixlawRows.VALUE);

  private static final List<String> TEXT_FIELDS =
      List.of(MixlawRows.RUN_ID, MixlawRows.SCALE, MixlawRows.TARGET, MixlawRows.METRIC);

  private static final List<String> REQUIRED_COLUMNS =
      List.of(MixlawRows.RUN_ID, MixlawRows.TARGET, MixlawRows.VALUE);

  /** Thread-safe once built; accepts NaN and Infinity tokens so bad values reach validation. */
  private static final JsonMapper JSON =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private MixlawParser() {}

  /** Reads one JSON object per non-blank line. */
  static void readJsonl(
      Path file, String configKey, SourceOptions options, ParseCollector collector) {
    String sourceFile = file.toString();
    TextLines.forEach(
        file,
        configKey,
        (lineNumber, line) -> {
          if (line.isBlank()) {
            return;
          }
          MixlawRows.Origin origin =
              new MixlawRows.Origin(sourceFile, lineNumber, LogFormat.MIXLAW_JSONL, line);
          jsonLine(line, options, origin)
              .addTo(collector, sourceFile, lineNumber, LogFormat.MIXLAW_JSONL, line);
        });
  }

  /** Reads a CSV file whose header names the fields and the {@code mix.<domain>} columns. */
  static void readCsv(
      Path file, String configKey, SourceOptions options, ParseCollector collector) {
    String sourceFile = file.toString();
    Map<String, Integer> columns = new LinkedHashMap<>();
    TextLines.forEach(
        file,
        configKey,
        (lineNumber, line) -> {
          if (line.isBlank()) {
            return;
          }
          if (columns.isEmpty()) {
            columns.putAll(header(file, lineNumber, line));
            return;
          }
          MixlawRows.Origin origin =
              new MixlawRows.Origin(sourceFile, lineNumber, LogFormat.MIXLAW_CSV, line);
          csvLine(line, columns, options, origin)
              .addTo(collector, sourceFile, lineNumber, LogFormat.MIXLAW_CSV, line);
        });
  }

  private static LineOutcome jsonLine(
      String line, SourceOptions options, MixlawRows.Origin origin) {
    JsonNode node;
    try {
      node = JSON.readTree(line);
    } catch (JsonProcessingException e) {
      return LineOutcome.rejected(
          "invalid JSON (" + firstLine(e.getOriginalMessage()) + "); fix or remove the line");
    }
    if (node == null || !node.isObject()) {
      return LineOutcome.rejected("the line is not a JSON object; write one object per line");
    }

    Map<String, String> fields = new HashMap<>();
    for (String name : FIELDS) {
      JsonNode field = node.get(name);
      if (field == null || field.isNull()) {
        continue;
      }
      boolean textual = TEXT_FIELDS.contains(name);
      if (textual && !field.isTextual()) {
        return LineOutcome.rejected(name + " must be a string, got " + field + "; quote the value");
      }
      if (!textual && !field.isNumber()) {
        return LineOutcome.rejected(
            name + " must be a number, got " + field + "; write it without quotes");
      }
      fields.put(name, field.asText());
    }

    SortedMap<String, String> mixture = new TreeMap<>();
    JsonNode weights = node.get(MixlawRows.MIXTURE);
    if (weights != null && !weights.isNull()) {
      if (!weights.isObject()) {
        return LineOutcome.rejected(
            "mixture must be an object of domain -> weight, got " + weights + "; fix the line");
      }
      Iterator<Map.Entry<String, JsonNode>> entries = weights.fields();
      while (entries.hasNext()) {
        Map.Entry<String, JsonNode> entry = entries.next();
        if (!entry.getValue().isNumber()) {
          return LineOutcome.rejected(
              "weight of domain '"
                  + entry.getKey()
                  + "' must be a number, got "
                  + entry.getValue()
                  + "; fix the mixture");
        }
        mixture.put(entry.getKey(), entry.getValue().asText());
      }
    }
    return MixlawRows.toRecord(fields, mixture, options, origin);
  }

  private static Map<String, Integer> header(Path file, long lineNumber, String line) {
    List<String> names = CsvLine.split(line);
    if (names == null) {
      throw MixlawException.of(
          "CSV header of evaluation log " + file + " line " + lineNumber + " cannot be parsed",
          "a quote is not closed",
          "fix the header line");
    }
    Map<String, Integer> columns = new LinkedHashMap<>();
    for (int i = 0; i < names.size(); i++) {
      String name = names.get(i).strip();
      if (columns.put(name, i) != null) {
        throw MixlawException.of(
            "CSV header of evaluation log " + file + " is invalid",
            "column '" + name + "' appears twice",
            "name every column once");
      }
    }
    for (String required : REQUIRED_COLUMNS) {
      if (!columns.containsKey(required)) {
        throw MixlawException.of(
            "CSV header of evaluation log " + file + " is invalid",
            "it has no '" + required + "' column (columns: " + columns.keySet() + ")",
            "add the column; see docs/eval-log-format.md for the layout");
      }
    }
    return columns;
  }

  private static LineOutcome csvLine(
      String line, Map<String, Integer> columns, SourceOptions options, MixlawRows.Origin origin) {
    List<String> cells = CsvLine.split(line);
    if (cells == null) {
      return LineOutcome.rejected("a quote is not closed; fix the quoting of the line");
    }
    if (cells.size() != columns.size()) {
      return LineOutcome.rejected(
          "expected "
              + columns.size()
              + " comma-separated fields as in the header, found "
              + cells.size()
              + "; fix or remove the line");
    }
    Map<String, String> fields = new HashMap<>();
    SortedMap<String, String> mixture = new TreeMap<>();
    for (Map.Entry<String, Integer> column : columns.entrySet()) {
      String name = column.getKey();
      String cell = cells.get(column.getValue());
      if (name.startsWith(MixlawRows.MIX_PREFIX)) {
        mixture.put(name.substring(MixlawRows.MIX_PREFIX.length()), cell);
      } else {
        fields.put(name, cell);
      }
    }
    return MixlawRows.toRecord(fields, mixture, options, origin);
  }

  private static String firstLine(String text) {
    if (text == null) {
      return "unreadable";
    }
    int newline = text.indexOf('\n');
    return newline < 0 ? text : text.substring(0, newline);
  }
}

package io.mixlaw.core.ingest;

import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Turns the fields of one row of mixlaw's own format, JSONL or CSV alike, into an {@link
 * EvalRecord}. Fields arrive as text; a missing field is null.
 */
final class MixlawRows {

  static final String RUN_ID = "run_id";
  static final String SCALE = "scale";
  static final String TOTAL_PARAMS = "total_params";
  static final String ACTIVE_PARAMS = "active_params";
  static final String STEP = "step";
  static final String TOKENS_PER_STEP = "tokens_per_step";
  static final String TOKENS = "tokens";
  static final String MIXTURE = "mixture";
  static final String TARGET = "target";
  static final String METRIC = "metric";
  static final String VALUE = "value";

  /** CSV column prefix of a mixture weight: {@code mix.<domain>}. */
  static final String MIX_PREFIX = "mix.";

  /** Where the row came from. */
  record Origin(String sourceFile, long lineNumber, LogFormat format, String raw) {}

  private MixlawRows() {}

  /**
   * Converts one row.
   *
   * @param fields text of the scalar fields by name; absent fields are missing or null
   * @param mixture text of the weights by domain; blank weights are treated as absent
   * @param options source options supplying scale, parameter counts, tokens per step, step and
   *     tokens that the row leaves out
   */
  static LineOutcome toRecord(
      Map<String, String> fields,
      SortedMap<String, String> mixture,
      SourceOptions options,
      Origin origin) {
    String runId = present(fields.get(RUN_ID));
    if (runId == null) {
      return LineOutcome.rejected(
          RUN_ID + " is missing; give every record the id of the run it belongs to");
    }
    String target = present(fields.get(TARGET));
    if (target == null) {
      return LineOutcome.rejected(
          TARGET + " is missing; name the validation set or benchmark that was evaluated");
    }
    String metric = present(fields.get(METRIC));
    if (metric == null) {
      metric = EvalRecord.LOSS;
    }
    String valueText = present(fields.get(VALUE));
    if (valueText == null) {
      return LineOutcome.rejected(VALUE + " is missing; give the measured number");
    }
    OptionalDouble value = Numbers.parseDouble(valueText);
    if (value.isEmpty()) {
      return LineOutcome.rejectedFormat(
          "%s '%s' is not a number; write it as a decimal number", VALUE, valueText);
    }

    String scale = present(fields.get(SCALE));
    if (scale == null) {
      scale = options.scale().orElse(null);
    }
    Counts counts = new Counts(fields);
    Long total = counts.read(TOTAL_PARAMS);
    Long active = counts.read(ACTIVE_PARAMS);
    Long step = counts.read(STEP);
    Long tokensPerStep = counts.read(TOKENS_PER_STEP);
    Long tokens = counts.read(TOKENS);
    if (counts.error != null) {
      return LineOutcome.rejected(counts.error);
    }

    ParameterCounts configured = options.parametersOf(scale).orElse(null);
    long totalParams = 0;
    long activeParams = 0;
    if (total != null) {
      totalParams = total;
      activeParams = total;
    } else if (configured != null) {
      totalParams = configured.total();
      activeParams = configured.active();
    }
    if (active != null) {
      activeParams = active;
    }

    if (step == null && options.step().isPresent()) {
      step = options.step().getAsLong();
    }
    if (tokensPerStep == null && options.tokensPerStep().isPresent()) {
      tokensPerStep = options.tokensPerStep().getAsLong();
    }
    long trainingTokens;
    if (tokens != null) {
      trainingTokens = tokens;
    } else if (step != null && tokensPerStep != null) {
      OptionalLong product = multiply(step, tokensPerStep);
      if (product.isEmpty()) {
        return LineOutcome.rejectedFormat(
            "step %d times tokens per step %d overflows a 64-bit count; fix %s or %s",
            step, tokensPerStep, STEP, TOKENS_PER_STEP);
      }
      trainingTokens = product.getAsLong();
    } else {
      trainingTokens = options.tokens().orElse(0);
    }

    SortedMap<String, Double> weights = new TreeMap<>();
    for (Map.Entry<String, String> weight : mixture.entrySet()) {
      String domain = weight.getKey();
      if (domain.isBlank()) {
        return LineOutcome.rejected("the mixture has a blank domain name; name every domain");
      }
      String text = present(weight.getValue());
      if (text == null) {
        continue;
      }
      OptionalDouble parsed = Numbers.parseDouble(text);
      if (parsed.isEmpty()) {
        return LineOutcome.rejectedFormat(
            "weight of domain '%s' is '%s', not a number; fix the mixture", domain, text);
      }
      weights.put(domain, parsed.getAsDouble());
    }

    return LineOutcome.accepted(
        new EvalRecord(
            origin.sourceFile(),
            origin.lineNumber(),
            origin.format().name(),
            runId,
            scale,
            totalParams,
            activeParams,
            step,
            trainingTokens,
            weights,
            target,
            metric,
            value.getAsDouble(),
            origin.raw()));
  }

  /** The product of two non-negative counts, or empty when it overflows a long. */
  static OptionalLong multiply(long a, long b) {
    if (a != 0 && b > Long.MAX_VALUE / a) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(a * b);
  }

  private static String present(String text) {
    if (text == null) {
      return null;
    }
    String trimmed = text.strip();
    return trimmed.isEmpty() ? null : trimmed;
  }

  /** Reads whole, non-negative counts, remembering the first problem. */
  private static final class Counts {

    private final Map<String, String> fields;
    private String error;

    Counts(Map<String, String> fields) {
      this.fields = fields;
    }

    Long read(String name) {
      String text = present(fields.get(name));
      if (text == null || error != null) {
        return null;
      }
      OptionalLong parsed = Numbers.parseWhole(text);
      if (parsed.isEmpty()) {
        error = name + " '" + text + "' is not a whole number; write it as an integer";
        return null;
      }
      if (parsed.getAsLong() < 0) {
        error = name + " is " + parsed.getAsLong() + "; counts cannot be negative, fix the value";
        return null;
      }
      return parsed.getAsLong();
    }
  }
}

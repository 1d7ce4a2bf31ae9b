package io.mixlaw.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class RecordsTest {

  private static EvalRecord record(long lineNumber, long totalParams, Long step, double value) {
    TreeMap<String, Double> mixture = new TreeMap<>(Map.of("web", Double.NaN));
    return new EvalRecord(
        "f.jsonl",
        lineNumber,
        "MIXLAW_JSONL",
        "r",
        null,
        totalParams,
        0,
        step,
        0,
        mixture,
        "t",
        "loss",
        value,
        "raw");
  }

  @Test
  void evalRecordHoldsBadValuesForTheValidatorToJudge() {
    EvalRecord record = record(1, 0, null, Double.NaN);

    assertThat(record.value()).isNaN();
    assertThat(record.mixture().get("web")).isNaN();
    assertThat(record.scale()).isNull();
    assertThat(record.step()).isNull();
    assertThat(record.location()).isEqualTo("f.jsonl line 1");
  }

  @Test
  void evalRecordCopiesItsMixtureAndKeepsItUnmodifiable() {
    TreeMap<String, Double> mixture = new TreeMap<>(Map.of("web", 1.0));
    EvalRecord record =
        new EvalRecord(
            "f", 1, "MIXLAW_JSONL", "r", "70M", 1, 1, 1L, 1, mixture, "t", "loss", 2.0, "raw");

    mixture.put("code", 0.0);

    assertThat(record.mixture()).containsOnlyKeys("web");
    assertThatThrownBy(() -> record.mixture().put("code", 0.5))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void evalRecordRejectsNegativeCountsAndLineNumbersBelowOne() {
    assertThatThrownBy(() -> record(0, 1, 1L, 2.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("lineNumber must be at least 1, got 0");
    assertThatThrownBy(() -> record(1, -1, 1L, 2.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("totalParams must not be negative, got -1");
    assertThatThrownBy(() -> record(1, 1, -5L, 2.0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("step must not be negative, got -5");
  }

  @Test
  void parseResultCopiesItsLists() {
    List<RejectedRecord> rejected = new ArrayList<>();
    ParseResult result = new ParseResult(List.of(), rejected);

    rejected.add(new RejectedRecord("f", 1, "REGMIX", "raw", "reason"));

    assertThat(result.rejected()).isEmpty();
    assertThatThrownBy(() -> result.records().add(record(1, 1, 1L, 2.0)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void parameterCountsNeedActiveBetweenOneAndTotal() {
    assertThat(ParameterCounts.dense(7)).isEqualTo(new ParameterCounts(7, 7));
    assertThatThrownBy(() -> new ParameterCounts(10, 11))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("parameter counts need 0 < active <= total, got total=10, active=11");
  }

  @Test
  void validationOptionsRejectDuplicateDomainsAndBadTolerances() {
    assertThatThrownBy(() -> new ValidationOptions(List.of("a", "a"), 0.1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("domain 'a' is listed twice in [a, a]");
    assertThatThrownBy(() -> new ValidationOptions(List.of(), Double.NaN))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("weightTolerance must be finite and at least 0, got NaN");
  }
}

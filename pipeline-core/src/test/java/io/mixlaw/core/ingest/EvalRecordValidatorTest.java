package io.mixlaw.core.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EvalRecordValidatorTest {

  private static final String KEPT_OUT = "; the record is kept out of the fit — ";

  private static LogSource badRecords() {
    return LogSource.of(
        LogFormat.MIXLAW_JSONL,
        Fixtures.file("bad-records.jsonl"),
        Fixtures.mixlaw().tokensPerStep(Fixtures.TOKENS_PER_STEP).build());
  }

  private static String at(long line) {
    return Fixtures.file("bad-records.jsonl") + " line " + line;
  }

  @Test
  void givesEveryBadLineOfTheBadRecordsFileItsReason() {
    ParseResult result = EvalLogReader.readAndValidate(badRecords());

    assertThat(result.records()).extracting(EvalRecord::lineNumber).containsExactly(1L, 2L);
    assertThat(result.rejected())
        .extracting(RejectedRecord::lineNumber, RejectedRecord::reason)
        .containsExactly(
            tuple(3L, conflict(2.9, 3, 2.8, 4)),
            tuple(4L, conflict(2.9, 3, 2.8, 4)),
            tuple(5L, "loss is NaN" + KEPT_OUT + "fix or remove the line"),
            tuple(6L, "loss is Infinity" + KEPT_OUT + "fix or remove the line"),
            tuple(7L, "loss is -0.5, not above 0" + KEPT_OUT + "fix or remove the line"),
            tuple(8L, "acc is NaN" + KEPT_OUT + "fix or remove the line"),
            tuple(
                9L,
                "weight of domain 'code' is -0.25, not a finite number >= 0"
                    + KEPT_OUT
                    + "fix the mixture"),
            tuple(
                10L,
                "weight of domain 'web' is NaN, not a finite number >= 0"
                    + KEPT_OUT
                    + "fix the mixture"),
            tuple(
                11L,
                "mixture weights sum to 0.9, not 1 within 0.000001"
                    + KEPT_OUT
                    + "fix the mixture or raise 'weight-tolerance'"),
            tuple(12L, "unknown domain 'xyz'; add it to the domains list or fix the record"),
            tuple(
                13L,
                "the mixture is empty" + KEPT_OUT + "give the weight of every training domain"),
            tuple(
                14L,
                "total parameter count is missing (scale '9B' has no entry in the 'scales'"
                    + " option)"
                    + KEPT_OUT
                    + "give total_params in the record or add the scale"
                    + " to 'scales'; also active parameter count is missing (scale '9B' has no"
                    + " entry in the 'scales' option)"
                    + KEPT_OUT
                    + "give active_params or"
                    + " total_params in the record or add the scale to 'scales'"),
            tuple(
                15L,
                "active parameters 200 exceed total parameters 100"
                    + KEPT_OUT
                    + "fix the parameter counts"),
            tuple(
                16L,
                "training tokens are missing (0)"
                    + KEPT_OUT
                    + "give tokens, or step and"
                    + " tokens_per_step, in the record or the source's 'tokens-per-step'"
                    + " option"),
            tuple(17L, mixtureClash()),
            tuple(18L, mixtureClash()),
            tuple(19L, paramsClash()),
            tuple(20L, paramsClash()),
            tuple(
                21L,
                "invalid JSON (Unexpected end-of-input within/between Object entries);"
                    + " fix or remove the line"),
            tuple(22L, "the line is not a JSON object; write one object per line"),
            tuple(23L, "run_id is missing; give every record the id of the run it belongs to"),
            tuple(24L, "value must be a number, got \"abc\"; write it without quotes"),
            tuple(25L, "total_params is -5; counts cannot be negative, fix the value"),
            tuple(26L, "step '1000.5' is not a whole number; write it as an integer"));
  }

  private static String conflict(double first, long firstLine, double second, long secondLine) {
    return "run 'good' has conflicting values for target 'web_val' metric loss at step 2000"
        + " (tokens 2097152000): "
        + first
        + " at "
        + at(firstLine)
        + " and "
        + second
        + " at "
        + at(secondLine)
        + "; all of them are kept out of the fit — remove the wrong line";
  }

  private static String mixtureClash() {
    return "run 'mixture-clash' has two different mixtures: {code=0.5, web=0.5} first seen at "
        + at(17)
        + " and {code=0.75, web=0.25} at "
        + at(18)
        + "; every record of the run is"
        + " kept out of the fit — give each mixture its own run id or fix the mixture";
  }

  private static String paramsClash() {
    return "run 'params-clash' has two different parameter counts: total 100, active 100 first"
        + " seen at "
        + at(19)
        + " and total 200, active 200 at "
        + at(20)
        + "; every record"
        + " of the run is kept out of the fit — give each scale its own run id or fix the"
        + " counts";
  }

  @Test
  void neitherDropsNorDuplicatesRecords() {
    ParseResult parsed = EvalLogReader.read(badRecords());
    ValidationOptions options = ValidationOptions.of(badRecords().options());

    ParseResult validated = EvalRecordValidator.validate(parsed.records(), options);

    assertThat(parsed.records()).hasSize(20);
    assertThat(parsed.rejected()).hasSize(6);
    assertThat(validated.records().size() + validated.rejected().size())
        .isEqualTo(parsed.records().size());
    assertThat(validated.records()).hasSize(2);
    assertThat(validated.rejected()).hasSize(18);
    assertThat(EvalLogReader.readAndValidate(badRecords()).rejected()).hasSize(24);
  }

  @Test
  void renormalisesWeightsWithinToleranceAndLeavesTheInputUntouched() {
    EvalRecord record = record("r", Map.of("web", 0.499, "code", 0.4995), 100L, 2.0);

    ParseResult result =
        EvalRecordValidator.validate(
            List.of(record), new ValidationOptions(List.of("web", "code", "math"), 0.005));

    assertThat(result.rejected()).isEmpty();
    Map<String, Double> mixture = result.records().get(0).mixture();
    assertThat(mixture).containsOnlyKeys("code", "math", "web");
    assertThat(mixture.get("web")).isEqualTo(0.499 / (0.4995 + 0.0 + 0.499));
    assertThat(mixture.get("code")).isEqualTo(0.4995 / (0.4995 + 0.0 + 0.499));
    assertThat(mixture.get("math")).isZero();
    assertThat(record.mixture()).containsOnlyKeys("code", "web");
  }

  @Test
  void comparesMixturesOfARunAfterAddingZeroWeightsForLeftOutDomains() {
    EvalRecord sparse = record("r", Map.of("web", 1.0), 100L, 2.0);
    EvalRecord full = record("r", Map.of("web", 1.0, "code", 0.0), 200L, 1.9);

    ParseResult withDomains =
        EvalRecordValidator.validate(
            List.of(sparse, full), new ValidationOptions(List.of("web", "code"), 1e-6));
    ParseResult anyDomain =
        EvalRecordValidator.validate(List.of(sparse, full), ValidationOptions.defaults());

    assertThat(withDomains.records()).hasSize(2);
    assertThat(anyDomain.records()).isEmpty();
    assertThat(anyDomain.rejected().get(0).reason())
        .startsWith("run 'r' has two different mixtures: {web=1} first seen at");
  }

  @Test
  void keepsExactDuplicatesAndDistinguishesStepsAndMetrics() {
    EvalRecord loss = record("r", Map.of("web", 1.0), 100L, 2.0);
    EvalRecord duplicate = record("r", Map.of("web", 1.0), 100L, 2.0);
    EvalRecord later = record("r", Map.of("web", 1.0), 200L, 1.5);
    EvalRecord accuracy =
        new EvalRecord(
            "f",
            4,
            "MIXLAW_JSONL",
            "r",
            "70M",
            10,
            10,
            100L,
            1000,
            new TreeMap<>(Map.of("web", 1.0)),
            "val",
            "acc",
            0.25,
            "raw");

    ParseResult result =
        EvalRecordValidator.validate(
            List.of(loss, duplicate, later, accuracy), ValidationOptions.defaults());

    assertThat(result.rejected()).isEmpty();
    assertThat(result.records()).containsExactly(loss, duplicate, later, accuracy);
  }

  private static EvalRecord record(
      String runId, Map<String, Double> mixture, long step, double value) {
    return new EvalRecord(
        "f",
        1,
        "MIXLAW_JSONL",
        runId,
        "70M",
        10,
        10,
        step,
        step * 10,
        new TreeMap<>(mixture),
        "val",
        "loss",
        value,
        "raw");
  }
}

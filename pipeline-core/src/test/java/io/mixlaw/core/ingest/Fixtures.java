package io.mixlaw.core.ingest;

import java.nio.file.Path;
import java.util.List;

/** Paths and source options of the test fixtures; tests run in the module folder. */
final class Fixtures {

  static final Path DIR = Path.of("src/test/resources/ingest");
  static final Path EXAMPLES = Path.of("../examples");

  /** Tokens per optimizer step of Data Mixing Laws and RegMix: 4096 x 256. */
  static final long TOKENS_PER_STEP = 1_048_576L;

  /** 5Mix training domains in the order of the run-name proportions. */
  static final List<String> FIVE_MIX_DOMAINS =
      List.of("academic", "prose", "dialogue", "symbolic", "internet");

  static final List<String> RED_PAJAMA_DOMAINS =
      List.of("rp0", "rp1", "rp2", "rp3", "rp4", "rp5", "rp6");

  /** Non-embedding parameters of the Data Mixing Laws sizes (upstream pipeline/utils.py). */
  static final long PARAMS_70M = 18_915_328L;

  static final long PARAMS_160M = 85_056_000L;
  static final long PARAMS_305M = 201_541_632L;
  static final long PARAMS_410M = 302_311_424L;

  /** Non-embedding parameters of RegMix's 1M model. */
  static final long PARAMS_1M = 1_312_000L;

  private Fixtures() {}

  static Path file(String name) {
    return DIR.resolve(name);
  }

  static SourceOptions.Builder mixingLaws(List<String> domains) {
    return SourceOptions.builder()
        .domains(domains)
        .parameters("70M", PARAMS_70M, PARAMS_70M)
        .parameters("160M", PARAMS_160M, PARAMS_160M)
        .parameters("305M", PARAMS_305M, PARAMS_305M)
        .parameters("410M", PARAMS_410M, PARAMS_410M)
        .tokensPerStep(TOKENS_PER_STEP);
  }

  static SourceOptions.Builder regmix() {
    return SourceOptions.builder()
        .scale("1M")
        .parameters("1M", PARAMS_1M, PARAMS_1M)
        .step(1000)
        .tokensPerStep(TOKENS_PER_STEP)
        .weightTolerance(SourceOptions.ROUNDED_WEIGHT_TOLERANCE);
  }

  static LogSource regmixSource(SourceOptions options) {
    return LogSource.regmix(
        file("regmix-train-mixture-1m.csv"), file("regmix-train-pile-loss-1m.csv"), options);
  }

  /** Options of the mixlaw-format fixtures: two domains, one configured scale. */
  static SourceOptions.Builder mixlaw() {
    return SourceOptions.builder()
        .domains(List.of("web", "code"))
        .parameters("70M", PARAMS_70M, PARAMS_70M);
  }
}

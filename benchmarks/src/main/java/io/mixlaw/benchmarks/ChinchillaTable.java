package io.mixlaw.benchmarks;

import io.mixlaw.law.baseline.ChinchillaReproduction;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints the reproduced Chinchilla fit beside Epoch AI's published numbers: {@code java -cp
 * benchmarks/target/benchmarks.jar io.mixlaw.benchmarks.ChinchillaTable [CSV [RESAMPLES [SEED]]]}
 * from the repository root (defaults: the bundled points, 4000 resamples, seed 42).
 */
public final class ChinchillaTable {

  private ChinchillaTable() {}

  /**
   * Runs the reproduction and prints its comparison table.
   *
   * @param args optional CSV path, number of resamples and seed
   * @throws IOException if the CSV cannot be read
   */
  public static void main(String[] args) throws IOException {
    Path csv = Path.of(args.length > 0 ? args[0] : ChinchillaReproduction.DEFAULT_CSV);
    if (!Files.isRegularFile(csv)) {
      throw new IllegalArgumentException(
          csv + " does not exist; run from the repository root or pass the CSV path");
    }

    int resamples = args.length > 1 ? Integer.parseInt(args[1]) : ChinchillaReproduction.DEFAULT_RESAMPLES;
    long seed = args.length > 2 ? Long.parseLong(args[2]) : ChinchillaReproduction.DEFAULT_SEED;
    long start = System.nanoTime();
    ChinchillaReproduction.Result result = ChinchillaReproduction.reproduce(csv, resamples, seed);
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(result.comparisonTable());
    out.printf(java.util.Locale.ROOT, "%.1f s%n", (System.nanoTime() - start) / 1e9);
  }
}

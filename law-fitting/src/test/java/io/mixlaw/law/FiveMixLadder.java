package io.mixlaw.law;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The Data Mixing Laws 5-domain ladder at step 20000 (70M to 410M, 26 runs per size, 22 validation
 * targets), read from the test resource {@code camel/5mix-step20000.tsv}; see the README beside it.
 */
final class FiveMixLadder {

  static final String RESOURCE = "/camel/5mix-step20000.tsv";

  /** Tokens seen by every run: 20000 steps of 4096 x 256 tokens. */
  static final double TOKENS = 20000.0 * 4096 * 256;

  static final int RUNS = 104;
  static final int TARGETS = 22;

  private FiveMixLadder() {}

  /** The observations of every target, targets in name order, runs in file (run id) order. */
  static SortedMap<String, List<Observation>> byTarget() {
    SortedMap<String, List<Observation>> byTarget = new TreeMap<>();
    try (InputStream in = FiveMixLadder.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("test resource " + RESOURCE + " is missing");
      }
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      String header = reader.readLine();
      if (!header.startsWith("run_id\tscale\tcapacity\t")) {
        throw new IllegalStateException("unexpected header of " + RESOURCE + ": " + header);
      }
      String line;
      while ((line = reader.readLine()) != null) {
        String[] f = line.split("\t", -1);
        double[] weights = new double[5];
        for (int j = 0; j < 5; j++) {
          weights[j] = Double.parseDouble(f[3 + j]);
        }
        byTarget
            .computeIfAbsent(f[8], t -> new ArrayList<>())
            .add(
                new Observation(
                    f[0],
                    f[1],
                    Double.parseDouble(f[2]),
                    TOKENS,
                    weights,
                    Double.parseDouble(f[9])));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (var entry : byTarget.entrySet()) {
      entry.setValue(Collections.unmodifiableList(entry.getValue()));
    }
    return Collections.unmodifiableSortedMap(byTarget);
  }
}

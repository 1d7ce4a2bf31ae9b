package io.mixlaw.jobs.optimize;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;
import io.mixlaw.core.CapacityMeasure;
import io.mixlaw.core.MixlawException;
import io.mixlaw.core.ModelScale;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * The settings of the optimize stage, read from {@code mixlaw.optimize}.
 *
 * @param fitId fit to optimize; empty to use the fit of the current fit settings
 * @param target the target model
 * @param validationWeights weight of each validation target in the objective; empty for equal
 * @param lower per-domain lower bounds
 * @param upper per-domain upper bounds
 * @param availableTokens tokens available per domain
 * @param maxEpochs epochs allowed per domain
 * @param defaultMaxEpochs epochs allowed for a domain with available tokens but no own limit
 * @param confidence level of the percentile intervals, in (0, 1)
 * @param output JSON summary file
 */
public record OptimizeSettings(
    String fitId,
    ModelScale target,
    Map<String, Double> validationWeights,
    Map<String, Double> lower,
    Map<String, Double> upper,
    Map<String, Double> availableTokens,
    Map<String, Double> maxEpochs,
    double defaultMaxEpochs,
    double confidence,
    Path output) {

  /** Default level of the intervals. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  /** Copies the maps and checks the confidence level. */
  public OptimizeSettings {
    validationWeights = Map.copyOf(validationWeights);
    lower = Map.copyOf(lower);
    upper = Map.copyOf(upper);
    availableTokens = Map.copyOf(availableTokens);
    maxEpochs = Map.copyOf(maxEpochs);
    if (!(confidence > 0 && confidence < 1)) {
      throw MixlawException.of(
          "config key optimize.confidence is " + confidence, "it must be in (0, 1)", "set it to e.g. 0.95");
    }
  }

  /** Reads the settings from the {@code mixlaw} config subtree. */
  public static OptimizeSettings fromConfig(Config config) {
    Config optimize = config.getConfig("optimize");
    Config target = optimize.getConfig("target");
    ModelScale scale;
    try {
      scale =
          new ModelScale(
              target.getString("label"),
              target.getDouble("total-params"),
              target.getDouble("active-params"),
              target.getDouble("tokens"));
    } catch (IllegalArgumentException e) {
      throw MixlawException.of(
          "config keys optimize.target.* describe an invalid target model", e.getMessage(),
          "set total-params, active-params (<= total) and tokens to positive numbers");
    }
    Map<String, Double> weights = numbers(optimize.getConfig("validation-weights"));
    String weightsFile = optimize.getString("validation-weights-file");
    if (!weightsFile.isBlank()) {
      if (!weights.isEmpty()) {
        throw MixlawException.of(
            "both optimize.validation-weights and optimize.validation-weights-file are set",
            "only one source of validation weights is allowed",
            "remove one of them");
      }
      weights = readWeights(Path.of(weightsFile));
    }
    Config constraints = optimize.getConfig("constraints");
    return new OptimizeSettings(
        optimize.getString("fit-id"),
        scale,
        weights,
        numbers(constraints.getConfig("min")),
        numbers(constraints.getConfig("max")),
        numbers(constraints.getConfig("available-tokens")),
        numbers(constraints.getConfig("max-epochs")),
        constraints.getDouble("default-max-epochs"),
        optimize.getDouble("confidence"),
        Path.of(optimize.getString("output")));
  }

  /** Capacity of the target under a measure. */
  public double targetCapacity(CapacityMeasure measure, double blend) {
    return measure.capacity(target.totalParams(), target.activeParams(), blend);
  }

  private static Map<String, Double> numbers(Config section) {
    Map<String, Double> values = new TreeMap<>();
    for (var entry : section.root().entrySet()) {
      values.put(entry.getKey(), section.getDouble("\"" + entry.getKey() + "\""));
    }
    return values;
  }

  private static Map<String, Double> readWeights(Path file) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(Files.readString(file, java.nio.charset.StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw MixlawException.wrap(
          "validation weights file " + file + " (optimize.validation-weights-file) cannot be read",
          "give a JSON object of target name to weight",
          e);
    }
    if (root == null || !root.isObject()) {
      throw MixlawException.of(
          "validation weights file " + file + " is not a JSON object",
          "expected {\"target\": weight, ...}",
          "fix the file or set optimize.validation-weights inline");
    }
    Map<String, Double> weights = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> entry = it.next();
      if (!entry.getValue().isNumber() || !(entry.getValue().asDouble() >= 0)) {
        throw MixlawException.of(
            "validation weights file " + file + " gives target '" + entry.getKey() + "' the weight " + entry.getValue(),
            "weights must be numbers >= 0",
            "fix that entry");
      }
      weights.put(entry.getKey(), entry.getValue().asDouble());
    }
    return weights;
  }
}

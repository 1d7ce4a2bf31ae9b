package io.mixlaw.core;

import java.util.Locale;

/**
 * How one capacity number N is derived from a model's total and active parameter counts.
 *
 * <p>Dense models have total = active, so every measure gives the same N for them. For
 * mixture-of-experts models the geometric blend N = total^(1-k) * active^k interpolates between
 * counting every expert ({@code k = 0}) and counting only the parameters used per token ({@code
 * k = 1}).
 */
public enum CapacityMeasure {
  /** Parameters used per token. */
  ACTIVE,
  /** All parameters. */
  TOTAL,
  /** total^(1-k) * active^k. */
  GEOMETRIC;

  /** Blend exponent used by {@link #GEOMETRIC} unless configured. */
  public static final double DEFAULT_BLEND = 0.5;

  /**
   * Returns the capacity of a model.
   *
   * @param totalParams total parameter count, > 0
   * @param activeParams active parameter count, in (0, totalParams]
   * @param blend exponent k in [0, 1], used only by {@link #GEOMETRIC}
   */
  public double capacity(double totalParams, double activeParams, double blend) {
    if (!(totalParams > 0) || !(activeParams > 0) || activeParams > totalParams) {
      throw new IllegalArgumentException(
          "parameter counts must satisfy 0 < active <= total, got total=" + totalParams
              + ", active=" + activeParams);
    }
    if (!(blend >= 0 && blend <= 1)) {
      throw new IllegalArgumentException("capacity blend must be in [0, 1], got " + blend);
    }
    return switch (this) {
      case ACTIVE -> activeParams;
      case TOTAL -> totalParams;
      case GEOMETRIC -> Math.exp((1 - blend) * Math.log(totalParams) + blend * Math.log(activeParams));
    };
  }

  /**
   * Checks a configured blend exponent k.
   *
   * @param blend the value read from config
   * @param configKey the key it was read from, named in the error
   * @return the blend
   * @throws MixlawException if it is not in [0, 1]
   */
  public static double blend(double blend, String configKey) {
    if (!(blend >= 0 && blend <= 1)) {
      throw MixlawException.of(
          "config key " + configKey + " is " + blend,
          "the geometric blend total^(1-k) * active^k needs k in [0, 1]",
          "set " + configKey + " to a value from 0 (total) to 1 (active); 0.5 is the default");
    }
    return blend;
  }

  /** Parses a config value such as {@code "geometric"}, naming the accepted values on error. */
  public static CapacityMeasure parse(String text, String configKey) {
    try {
      return valueOf(text.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw MixlawException.of(
          "config key " + configKey + " has an unknown capacity measure '" + text + "'",
          "accepted values are active, total and geometric",
          "set " + configKey + " to one of them");
    }
  }
}

package io.mixlaw.law.optimize;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Per-domain bounds on a training mixture: {@code lower_j <= r_j <= upper_j}, with {@code sum_j r_j
 * = 1} implied.
 *
 * <p>Bounds are proportions in [0, 1]. A record may hold bounds that no mixture satisfies; {@link
 * #checkFeasible()} finds and names the conflict.
 *
 * @param domains names of the training domains, in the order of the mixture weights, unique
 * @param lower lowest allowed weight of each domain, in [0, 1]
 * @param upper highest allowed weight of each domain, in [0, 1]
 */
public record MixtureConstraints(List<String> domains, double[] lower, double[] upper) {

  /**
   * Slack allowed when comparing the sum of the bounds with 1, so that bounds written as decimals
   * (0.2 + 0.3 + 0.5) are not rejected for rounding.
   */
  public static final double FEASIBILITY_TOLERANCE = 1e-12;

  /** Validates every bound, checks the names are unique and copies the arrays. */
  public MixtureConstraints {
    Objects.requireNonNull(domains, "domains");
    Objects.requireNonNull(lower, "lower");
    Objects.requireNonNull(upper, "upper");
    domains = List.copyOf(domains);
    if (domains.isEmpty()) {
      throw new IllegalArgumentException("mixture constraints need at least one domain");
    }
    Set<String> seen = new HashSet<>();
    for (String domain : domains) {
      if (!seen.add(domain)) {
        throw new IllegalArgumentException("domain " + domain + " is listed twice");
      }
    }
    if (lower.length != domains.size() || upper.length != domains.size()) {
      throw new IllegalArgumentException(
          "need one lower and one upper bound per domain ("
              + domains.size()
              + "), got "
              + lower.length
              + " and "
              + upper.length);
    }
    lower = lower.clone();
    upper = upper.clone();
    for (int j = 0; j < lower.length; j++) {
      checkBound("lower", domains.get(j), lower[j]);
      checkBound("upper", domains.get(j), upper[j]);
    }
  }

  private static void checkBound(String kind, String domain, double value) {
    if (!(value >= 0 && value <= 1)) {
      throw new IllegalArgumentException(
          kind + " bound of domain " + domain + " must be in [0, 1], got " + value);
    }
  }

  /** Bounds {@code 0 <= r_j <= 1} for every domain: the whole simplex. */
  public static MixtureConstraints unconstrained(List<String> domains) {
    Objects.requireNonNull(domains, "domains");
    double[] upper = new double[domains.size()];
    Arrays.fill(upper, 1.0);
    return new MixtureConstraints(domains, new double[domains.size()], upper);
  }

  /** Returns a copy of the lower bounds. */
  @Override
  public double[] lower() {
    return lower.clone();
  }

  /** Returns a copy of the upper bounds. */
  @Override
  public double[] upper() {
    return upper.clone();
  }

  /** Number of domains. */
  public int size() {
    return domains.size();
  }

  /**
   * Position of a domain in the mixture.
   *
   * @throws IllegalArgumentException if the domain is unknown
   */
  public int indexOf(String domain) {
    int index = domains.indexOf(domain);
    if (index < 0) {
      throw new IllegalArgumentException(
          "unknown domain " + domain + "; known domains: " + String.join(", ", domains));
    }
    return index;
  }

  /**
   * Returns a copy with the lower bound of one domain replaced.
   *
   * @param domain a domain of these constraints
   * @param value the smallest allowed weight, in [0, 1]
   */
  public MixtureConstraints withLower(String domain, double value) {
    double[] newLower = lower.clone();
    newLower[indexOf(domain)] = value;
    return new MixtureConstraints(domains, newLower, upper);
  }

  /**
   * Returns a copy with the upper bound of one domain replaced.
   *
   * @param domain a domain of these constraints
   * @param value the largest allowed weight, in [0, 1]
   */
  public MixtureConstraints withUpper(String domain, double value) {
    double[] newUpper = upper.clone();
    newUpper[indexOf(domain)] = value;
    return new MixtureConstraints(domains, lower, newUpper);
  }

  /**
   * Returns a copy whose upper bound for the domain also respects token availability: {@code r_j *
   * targetTokens <= maxEpochs * availableTokens}, i.e. {@code upper_j = min(upper_j, maxEpochs *
   * availableTokens / targetTokens)}.
   *
   * @param domain a domain of these constraints
   * @param availableTokens tokens the domain's corpus holds, finite and &gt;= 0
   * @param maxEpochs how many times the corpus may be repeated, finite and &gt; 0
   * @param targetTokens tokens the target model trains on, finite and &gt; 0
   */
  public MixtureConstraints withTokenLimit(
      String domain, double availableTokens, double maxEpochs, double targetTokens) {
    if (!(availableTokens >= 0) || Double.isInfinite(availableTokens)) {
      throw new IllegalArgumentException(
          "available tokens of domain "
              + domain
              + " must be finite and >= 0, got "
              + availableTokens);
    }
    if (!(maxEpochs > 0) || Double.isInfinite(maxEpochs)) {
      throw new IllegalArgumentException(
          "max epochs of domain " + domain + " must be finite and > 0, got " + maxEpochs);
    }
    if (!(targetTokens > 0) || Double.isInfinite(targetTokens)) {
      throw new IllegalArgumentException(
          "target tokens must be finite and > 0, got " + targetTokens);
    }
    int j = indexOf(domain);
    double limit = maxEpochs * availableTokens / targetTokens;
    return withUpper(domain, Math.min(upper[j], limit));
  }

  /**
   * Checks that some mixture satisfies the bounds.
   *
   * @throws InfeasibleMixtureException naming the conflicting domains and values: a domain whose
   *     lower bound exceeds its upper bound, lower bounds that sum above 1, or upper bounds that
   *     sum below 1
   */
  public void checkFeasible() {
    List<String> crossed = new ArrayList<>();
    for (int j = 0; j < lower.length; j++) {
      if (lower[j] > upper[j]) {
        crossed.add(
            String.format(
                Locale.ROOT,
                "%s has lower bound %.3f > upper bound %.3f",
                domains.get(j),
                lower[j],
                upper[j]));
      }
    }
    if (!crossed.isEmpty()) {
      throw new InfeasibleMixtureException(
          "mixture constraints are infeasible: "
              + String.join(", ", crossed)
              + "; lower the minimum or raise the maximum (or the"
              + " epoch limit) in optimize.constraints");
    }

    double lowerSum = 0;
    double upperSum = 0;
    List<String> lowered = new ArrayList<>();
    List<String> capped = new ArrayList<>();
    for (int j = 0; j < lower.length; j++) {
      lowerSum += lower[j];
      upperSum += upper[j];
      if (lower[j] > 0) {
        lowered.add(String.format(Locale.ROOT, "%s >= %.3f", domains.get(j), lower[j]));
      }
      if (upper[j] < 1) {
        capped.add(String.format(Locale.ROOT, "%s <= %.3f", domains.get(j), upper[j]));
      }
    }
    if (lowerSum > 1 + FEASIBILITY_TOLERANCE) {
      throw new InfeasibleMixtureException(
          String.format(
              Locale.ROOT,
              "mixture constraints are infeasible: lower bounds sum to %.3f > 1 (%s); lower them in"
                  + " optimize.constraints",
              lowerSum,
              String.join(", ", lowered)));
    }
    if (upperSum < 1 - FEASIBILITY_TOLERANCE) {
      throw new InfeasibleMixtureException(
          String.format(
              Locale.ROOT,
              "mixture constraints are infeasible: upper bounds sum to %.3f < 1 (%s); raise them"
                  + " (or the epoch limits) in optimize.constraints",
              upperSum,
              String.join(", ", capped)));
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof MixtureConstraints c
        && domains.equals(c.domains)
        && Arrays.equals(lower, c.lower)
        && Arrays.equals(upper, c.upper);
  }

  @Override
  public int hashCode() {
    return Objects.hash(domains, Arrays.hashCode(lower), Arrays.hashCode(upper));
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder("MixtureConstraints[");
    for (int j = 0; j < lower.length; j++) {
      if (j > 0) {
        text.append(", ");
      }
      text.append(String.format(Locale.ROOT, "%s in [%s, %s]", domains.get(j), lower[j], upper[j]));
    }
    return text.append(']').toString();
  }
}

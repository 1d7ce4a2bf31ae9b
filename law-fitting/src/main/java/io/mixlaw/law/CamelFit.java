package io.mixlaw.law;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A fitted CAMEL law for one validation target.
 *
 * <p>The law predicts, with {@code l = ln(N / N0)} and {@code t = ln(D / D0)},
 *
 * <pre>
 *   L(N, D, r) = E + A exp(-alpha l) [+ B exp(-beta t)]
 *              + exp( sum_j r_j (theta_j - gamma_j l [- delta_j t]) [+ phi_j ln(r_j + epsilon)] )
 * </pre>
 *
 * where the bracketed token term is present only when the law was fitted with it ({@link
 * #hasTokenTerm()}), and the saturation term only when it was fitted with that ({@link
 * #hasSaturationTerm()}). The {@code camel-core} form has {@code A = alpha = 0}. Parameters the data
 * could not identify (see {@link FitDiagnostics#message()}) are reported as 0.
 *
 * @param form which CAMEL form was fitted
 * @param referenceCapacity the capacity N0 at which {@code l = 0}, finite and &gt; 0
 * @param e irreducible loss E (nats), &gt;= 0
 * @param a amplitude A of the mixture-independent capacity term (nats), &gt;= 0; 0 for {@code
 *     camel-core}
 * @param alpha exponent alpha of the capacity term, &gt;= 0; 0 for {@code camel-core}
 * @param theta theta_j: log of the mixture-dependent excess at N0 when training on domain j alone,
 *     one per training domain (at least one)
 * @param gamma gamma_j: rate at which domain j's excess shrinks with {@code l}, same length as
 *     theta
 * @param referenceTokens the token count D0 at which {@code t = 0}, finite and &gt; 0
 * @param b amplitude B of the token term (nats), &gt;= 0; 0 without the token term
 * @param beta exponent beta of the token term, &gt;= 0; 0 without the token term
 * @param delta delta_j: rate at which domain j's excess shrinks with {@code t}; empty without the
 *     token term, else the same length as theta
 * @param saturationOffset epsilon of the saturation term, finite and &gt; 0 with it; 0 without
 * @param phi phi_j &lt;= 0: how sharply the first share of domain j lowers the loss (diminishing
 *     returns); empty without the saturation term, else the same length as theta
 * @param diagnostics quality and convergence of the fit
 */
public record CamelFit(
    CamelLaw.Form form,
    double referenceCapacity,
    double e,
    double a,
    double alpha,
    double[] theta,
    double[] gamma,
    double referenceTokens,
    double b,
    double beta,
    double[] delta,
    double saturationOffset,
    double[] phi,
    FitDiagnostics diagnostics)
    implements FittedLaw {

  /** A fit without the saturation term. */
  public CamelFit(
      CamelLaw.Form form,
      double referenceCapacity,
      double e,
      double a,
      double alpha,
      double[] theta,
      double[] gamma,
      double referenceTokens,
      double b,
      double beta,
      double[] delta,
      FitDiagnostics diagnostics) {
    this(
        form, referenceCapacity, e, a, alpha, theta, gamma, referenceTokens, b, beta, delta, 0.0,
        new double[0], diagnostics);
  }

  /** Validates every component and takes private copies of the arrays. */
  public CamelFit {
    Objects.requireNonNull(form, "form");
    Objects.requireNonNull(theta, "theta");
    Objects.requireNonNull(gamma, "gamma");
    Objects.requireNonNull(delta, "delta");
    Objects.requireNonNull(phi, "phi");
    Objects.requireNonNull(diagnostics, "diagnostics");
    requirePositive("referenceCapacity", referenceCapacity);
    requirePositive("referenceTokens", referenceTokens);
    requireNonNegative("e", e);
    requireNonNegative("a", a);
    requireNonNegative("alpha", alpha);
    requireNonNegative("b", b);
    requireNonNegative("beta", beta);
    if (theta.length == 0) {
      throw new IllegalArgumentException("theta must have one value per training domain, got none");
    }
    if (gamma.length != theta.length) {
      throw new IllegalArgumentException(
          "gamma must have " + theta.length + " values like theta, got " + gamma.length);
    }
    if (delta.length != 0 && delta.length != theta.length) {
      throw new IllegalArgumentException(
          "delta must be empty or have "
              + theta.length
              + " values like theta, got "
              + delta.length);
    }
    if (form == CamelLaw.Form.CORE && (a != 0 || alpha != 0)) {
      throw new IllegalArgumentException(
          "camel-core has no capacity term: a and alpha must be 0, got a="
              + a
              + ", alpha="
              + alpha);
    }
    if (delta.length == 0 && (b != 0 || beta != 0)) {
      throw new IllegalArgumentException(
          "without the token term b and beta must be 0, got b=" + b + ", beta=" + beta);
    }
    if (phi.length != 0 && phi.length != theta.length) {
      throw new IllegalArgumentException(
          "phi must be empty or have " + theta.length + " values like theta, got " + phi.length);
    }
    if (phi.length == 0 ? saturationOffset != 0 : !(saturationOffset > 0)
        || Double.isInfinite(saturationOffset)) {
      throw new IllegalArgumentException(
          "the saturation offset must be finite and > 0 with the saturation term and 0 without"
              + " it, got "
              + saturationOffset);
    }
    theta = finiteCopy("theta", theta);
    gamma = finiteCopy("gamma", gamma);
    delta = finiteCopy("delta", delta);
    phi = finiteCopy("phi", phi);
    for (int j = 0; j < phi.length; j++) {
      if (phi[j] > 0) {
        throw new IllegalArgumentException("phi[" + j + "] must be <= 0, got " + phi[j]);
      }
    }
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and >= 0, got " + value);
    }
  }

  private static double[] finiteCopy(String name, double[] values) {
    double[] copy = values.clone();
    for (int j = 0; j < copy.length; j++) {
      if (!Double.isFinite(copy[j])) {
        throw new IllegalArgumentException(name + "[" + j + "] must be finite, got " + copy[j]);
      }
    }
    return copy;
  }

  /** Returns a copy of theta. */
  @Override
  public double[] theta() {
    return theta.clone();
  }

  /** Returns a copy of gamma. */
  @Override
  public double[] gamma() {
    return gamma.clone();
  }

  /** Returns a copy of delta (empty without the token term). */
  @Override
  public double[] delta() {
    return delta.clone();
  }

  /** Returns a copy of phi (empty without the saturation term). */
  @Override
  public double[] phi() {
    return phi.clone();
  }

  /** Whether the law carries the saturation term (phi). */
  public boolean hasSaturationTerm() {
    return phi.length != 0;
  }

  /** Number of training domains M. */
  public int domainCount() {
    return theta.length;
  }

  /** Whether the law carries the training-token term (B, beta, delta). */
  public boolean hasTokenTerm() {
    return delta.length != 0;
  }

  @Override
  public String lawName() {
    return form.lawName();
  }

  /**
   * Names of the parameters in a stable order: {@code E}, then {@code A, alpha} for the full form,
   * then {@code theta[0..M-1]}, {@code gamma[0..M-1]}, with the token term {@code B, beta,
   * delta[0..M-1]}, and with the saturation term {@code phi[0..M-1]} and its fixed offset {@code
   * epsilon}.
   */
  @Override
  public List<String> parameterNames() {
    int m = theta.length;
    List<String> names = new ArrayList<>();
    names.add("E");
    if (form == CamelLaw.Form.FULL) {
      names.add("A");
      names.add("alpha");
    }
    for (int j = 0; j < m; j++) {
      names.add("theta[" + j + "]");
    }
    for (int j = 0; j < m; j++) {
      names.add("gamma[" + j + "]");
    }
    if (hasTokenTerm()) {
      names.add("B");
      names.add("beta");
      for (int j = 0; j < m; j++) {
        names.add("delta[" + j + "]");
      }
    }
    if (hasSaturationTerm()) {
      for (int j = 0; j < m; j++) {
        names.add("phi[" + j + "]");
      }
      names.add("epsilon");
    }
    return Collections.unmodifiableList(names);
  }

  /** Parameter values in the order of {@link #parameterNames()}. */
  @Override
  public double[] parameters() {
    int m = theta.length;
    int size =
        1
            + (form == CamelLaw.Form.FULL ? 2 : 0)
            + 2 * m
            + (hasTokenTerm() ? 2 + m : 0)
            + (hasSaturationTerm() ? m + 1 : 0);
    double[] values = new double[size];
    int k = 0;
    values[k++] = e;
    if (form == CamelLaw.Form.FULL) {
      values[k++] = a;
      values[k++] = alpha;
    }
    System.arraycopy(theta, 0, values, k, m);
    k += m;
    System.arraycopy(gamma, 0, values, k, m);
    k += m;
    if (hasTokenTerm()) {
      values[k++] = b;
      values[k++] = beta;
      System.arraycopy(delta, 0, values, k, m);
      k += m;
    }
    if (hasSaturationTerm()) {
      System.arraycopy(phi, 0, values, k, m);
      values[k + m] = saturationOffset;
    }
    return values;
  }

  /**
   * The mixture-independent part of the loss: {@code E + A exp(-alpha l) [+ B exp(-beta t)]}.
   *
   * @param capacity model capacity N, finite and &gt; 0
   * @param tokens training tokens D, finite and &gt; 0; ignored without the token term
   * @return the constant c such that {@code L = c + exp(b . r + sum_j phi_j ln(r_j + epsilon))}
   *     with b from {@link #mixtureSlope(double, double)}
   */
  public double constantPart(double capacity, double tokens) {
    double l = logCapacity(capacity);
    double value = e;
    if (a != 0) {
      value += a * Math.exp(-alpha * l);
    }
    if (hasTokenTerm() && b != 0) {
      value += b * Math.exp(-beta * logTokens(tokens));
    }
    return value;
  }

  /**
   * The slope of the mixture exponent: {@code b_j = theta_j - gamma_j l [- delta_j t]}, so that the
   * loss is {@code constantPart + exp(sum_j b_j r_j [+ phi_j ln(r_j + epsilon)])}.
   *
   * @param capacity model capacity N, finite and &gt; 0
   * @param tokens training tokens D, finite and &gt; 0; ignored without the token term
   * @return a new array of M slopes
   */
  public double[] mixtureSlope(double capacity, double tokens) {
    double l = logCapacity(capacity);
    double t = hasTokenTerm() ? logTokens(tokens) : 0.0;
    double[] slope = new double[theta.length];
    for (int j = 0; j < slope.length; j++) {
      slope[j] = theta[j] - gamma[j] * l;
      if (hasTokenTerm()) {
        slope[j] -= delta[j] * t;
      }
    }
    return slope;
  }

  /**
   * Predicts the validation loss.
   *
   * @param capacity model capacity N, finite and &gt; 0
   * @param tokens training tokens D, finite and &gt; 0; ignored without the token term
   * @param weights mixture proportions, one per training domain in the fitted order
   * @return predicted loss in nats per token
   */
  @Override
  public double predict(double capacity, double tokens, double[] weights) {
    Objects.requireNonNull(weights, "weights");
    if (weights.length != theta.length) {
      throw new IllegalArgumentException(
          "weights must have one value per training domain ("
              + theta.length
              + "), got "
              + weights.length);
    }
    double l = logCapacity(capacity);
    double t = hasTokenTerm() ? logTokens(tokens) : 0.0;
    double exponent = 0;
    for (int j = 0; j < theta.length; j++) {
      double slope = theta[j] - gamma[j] * l;
      if (hasTokenTerm()) {
        slope -= delta[j] * t;
      }
      exponent += weights[j] * slope;
      if (hasSaturationTerm()) {
        exponent += phi[j] * Math.log(weights[j] + saturationOffset);
      }
    }
    return constantPart(capacity, tokens) + Math.exp(exponent);
  }

  private double logCapacity(double capacity) {
    if (!(capacity > 0) || Double.isInfinite(capacity)) {
      throw new IllegalArgumentException("capacity must be finite and > 0, got " + capacity);
    }
    return Math.log(capacity / referenceCapacity);
  }

  private double logTokens(double tokens) {
    if (!(tokens > 0) || Double.isInfinite(tokens)) {
      throw new IllegalArgumentException("tokens must be finite and > 0, got " + tokens);
    }
    return Math.log(tokens / referenceTokens);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof CamelFit f
        && form == f.form
        && Double.compare(referenceCapacity, f.referenceCapacity) == 0
        && Double.compare(e, f.e) == 0
        && Double.compare(a, f.a) == 0
        && Double.compare(alpha, f.alpha) == 0
        && Arrays.equals(theta, f.theta)
        && Arrays.equals(gamma, f.gamma)
        && Double.compare(referenceTokens, f.referenceTokens) == 0
        && Double.compare(b, f.b) == 0
        && Double.compare(beta, f.beta) == 0
        && Arrays.equals(delta, f.delta)
        && Double.compare(saturationOffset, f.saturationOffset) == 0
        && Arrays.equals(phi, f.phi)
        && diagnostics.equals(f.diagnostics);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        form,
        referenceCapacity,
        e,
        a,
        alpha,
        Arrays.hashCode(theta),
        Arrays.hashCode(gamma),
        referenceTokens,
        b,
        beta,
        Arrays.hashCode(delta),
        saturationOffset,
        Arrays.hashCode(phi),
        diagnostics);
  }

  @Override
  public String toString() {
    StringBuilder text = new StringBuilder(lawName()).append('[');
    List<String> names = parameterNames();
    double[] values = parameters();
    for (int k = 0; k < values.length; k++) {
      if (k > 0) {
        text.append(", ");
      }
      text.append(names.get(k)).append('=').append(String.format(Locale.ROOT, "%.6g", values[k]));
    }
    return text.append(", ").append(diagnostics).append(']').toString();
  }
}

package io.mixlaw.law.optimize;

import io.mixlaw.law.CamelFit;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The weighted predicted loss of several validation targets at a fixed capacity, as a function of
 * the training mixture r:
 *
 * <pre>
 *   f(r) = sum_v w_v (c_v + exp(b_v . r))
 * </pre>
 *
 * <p>Each term is a constant plus the exponential of an affine function of r, hence convex; with
 * non-negative weights w_v the sum is convex on the whole space, and so on the simplex. Its
 * gradient is {@code sum_v w_v e_v b_v} and its Hessian {@code sum_v w_v e_v b_v b_v^T}, with
 * {@code e_v = exp(b_v . r)}.
 *
 * <p><b>Overflow.</b> A degenerate fitted law (huge mixture coefficients that cancel on the proxy
 * capacities) can make {@code b_v . r} exceed ln({@link Double#MAX_VALUE}), about 709.8, at some
 * mixtures. There {@link #value} and {@link #targetLosses} return {@code +Infinity}, never NaN,
 * and {@link #gradient} and {@link #hessian} throw {@link ObjectiveOverflowException}; a target
 * of weight 0 never contributes, even where its term overflows.
 */
public final class ExponentialMixtureObjective {

  private final double[] targetWeights;
  private final double[] constants;
  private final double[][] slopes;
  private final int dimension;

  private ExponentialMixtureObjective(
      double[] targetWeights, double[] constants, double[][] slopes) {
    this.targetWeights = targetWeights;
    this.constants = constants;
    this.slopes = slopes;
    this.dimension = slopes[0].length;
  }

  /**
   * The objective of fitted CAMEL laws at one capacity and token count.
   *
   * @param fits one fitted law per validation target, all over the same training domains
   * @param targetWeights weight w_v of each target, finite and &gt;= 0, at least one &gt; 0
   * @param capacity capacity N of the target model, finite and &gt; 0
   * @param tokens training tokens D of the target model, finite and &gt; 0 (used by laws with the
   *     token term)
   * @return the objective, with {@code c_v} from {@link CamelFit#constantPart} and {@code b_v} from
   *     {@link CamelFit#mixtureSlope}
   */
  public static ExponentialMixtureObjective of(
      List<CamelFit> fits, double[] targetWeights, double capacity, double tokens) {
    Objects.requireNonNull(fits, "fits");
    double[] constants = new double[fits.size()];
    double[][] slopes = new double[fits.size()][];
    for (int v = 0; v < fits.size(); v++) {
      CamelFit fit = Objects.requireNonNull(fits.get(v), "fit " + v);
      constants[v] = fit.constantPart(capacity, tokens);
      slopes[v] = fit.mixtureSlope(capacity, tokens);
    }
    return of(targetWeights, constants, slopes);
  }

  /**
   * The objective from its terms.
   *
   * @param targetWeights weight w_v of each term, finite and &gt;= 0, at least one &gt; 0
   * @param constants constant c_v of each term, finite
   * @param slopes slope vector b_v of each term, all of the same length M &gt;= 1, finite
   * @return the objective; the arrays are copied
   */
  public static ExponentialMixtureObjective of(
      double[] targetWeights, double[] constants, double[][] slopes) {
    Objects.requireNonNull(targetWeights, "targetWeights");
    Objects.requireNonNull(constants, "constants");
    Objects.requireNonNull(slopes, "slopes");
    int targets = targetWeights.length;
    if (targets == 0 || constants.length != targets || slopes.length != targets) {
      throw new IllegalArgumentException(
          "need the same number (>= 1) of target weights,"
              + " constants and slopes, got "
              + targets
              + ", "
              + constants.length
              + " and "
              + slopes.length);
    }
    double total = 0;
    double[][] slopeCopy = new double[targets][];
    for (int v = 0; v < targets; v++) {
      if (!(targetWeights[v] >= 0) || Double.isInfinite(targetWeights[v])) {
        throw new IllegalArgumentException(
            "target weight "
                + v
                + " must be finite and >= 0 for the objective to be convex, got "
                + targetWeights[v]);
      }
      total += targetWeights[v];
      if (!Double.isFinite(constants[v])) {
        throw new IllegalArgumentException(
            "constant " + v + " must be finite, got " + constants[v]);
      }
      slopeCopy[v] = Objects.requireNonNull(slopes[v], "slope " + v).clone();
      if (slopeCopy[v].length == 0 || slopeCopy[v].length != slopeCopy[0].length) {
        throw new IllegalArgumentException(
            "slope "
                + v
                + " has "
                + slopeCopy[v].length
                + " domains, expected "
                + slopeCopy[0].length
                + " (>= 1)");
      }
      for (int j = 0; j < slopeCopy[v].length; j++) {
        if (!Double.isFinite(slopeCopy[v][j])) {
          throw new IllegalArgumentException(
              "slope " + v + "[" + j + "] must be finite, got " + slopeCopy[v][j]);
        }
      }
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("at least one target weight must be > 0");
    }
    return new ExponentialMixtureObjective(targetWeights.clone(), constants.clone(), slopeCopy);
  }

  /** Number of training domains M. */
  public int dimension() {
    return dimension;
  }

  /** Number of validation targets. */
  public int targetCount() {
    return targetWeights.length;
  }

  /**
   * The objective value.
   *
   * @param mixture M weights (any real values; the objective is defined everywhere)
   * @return the value, {@code +Infinity} where an exponential term overflows
   */
  public double value(double[] mixture) {
    checkDimension(mixture);
    return valueUnchecked(mixture);
  }

  /**
   * The predicted loss of every target, {@code c_v + exp(b_v . r)}, without the weights.
   *
   * @param mixture M weights
   * @return a new array with one loss per target, {@code +Infinity} where the term overflows
   */
  public double[] targetLosses(double[] mixture) {
    checkDimension(mixture);
    double[] losses = new double[targetWeights.length];
    for (int v = 0; v < losses.length; v++) {
      losses[v] = constants[v] + Math.exp(dot(slopes[v], mixture));
    }
    return losses;
  }

  /**
   * The gradient {@code sum_v w_v exp(b_v . r) b_v}.
   *
   * @param mixture M weights
   * @return a new array of M partial derivatives
   * @throws ObjectiveOverflowException if a partial derivative overflows at the mixture
   */
  public double[] gradient(double[] mixture) {
    checkDimension(mixture);
    double[] gradient = new double[dimension];
    gradient(mixture, gradient);
    for (double g : gradient) {
      if (!Double.isFinite(g)) {
        throw overflow(mixture, "gradient");
      }
    }
    return gradient;
  }

  /**
   * The Hessian {@code sum_v w_v exp(b_v . r) b_v b_v^T}, positive semi-definite.
   *
   * @param mixture M weights
   * @return a new M x M symmetric matrix
   * @throws ObjectiveOverflowException if an entry overflows at the mixture
   */
  public double[][] hessian(double[] mixture) {
    checkDimension(mixture);
    double[][] hessian = new double[dimension][dimension];
    hessian(mixture, hessian);
    for (double[] row : hessian) {
      for (double h : row) {
        if (!Double.isFinite(h)) {
          throw overflow(mixture, "Hessian");
        }
      }
    }
    return hessian;
  }

  /** The exception for an overflow of the named quantity at a mixture. */
  ObjectiveOverflowException overflow(double[] mixture, String what) {
    int worst = -1;
    double largest = Double.NEGATIVE_INFINITY;
    for (int v = 0; v < targetWeights.length; v++) {
      double exponent = dot(slopes[v], mixture);
      if (targetWeights[v] > 0 && exponent > largest) {
        largest = exponent;
        worst = v;
      }
    }
    return new ObjectiveOverflowException(
        String.format(
            Locale.ROOT,
            "the %s of the mixture objective overflows at mixture %s: exponent b . r = %.6g of"
                + " target %d exceeds the double range (exp overflows above %.1f); the fitted law"
                + " is degenerate at this capacity, refit it with a ridge penalty (config key"
                + " fit.ridge, for example 1e-6)",
            what,
            Arrays.toString(mixture),
            largest,
            worst,
            Math.log(Double.MAX_VALUE)));
  }

  /**
   * The target-weighted mean slope {@code sum_v w_v b_v / sum_v w_v}: the slope of the mixture
   * exponent of the weighted targets, on average.
   */
  double[] meanSlope() {
    double[] mean = new double[dimension];
    double total = 0;
    for (int v = 0; v < targetWeights.length; v++) {
      total += targetWeights[v];
    }
    for (int v = 0; v < targetWeights.length; v++) {
      double share = targetWeights[v] / total;
      for (int j = 0; j < dimension; j++) {
        mean[j] += share * slopes[v][j];
      }
    }
    return mean;
  }

  /** Writes the gradient into {@code out} and returns the value; no checks, no allocation. */
  double valueAndGradient(double[] mixture, double[] out) {
    Arrays.fill(out, 0.0);
    double sum = 0;
    for (int v = 0; v < targetWeights.length; v++) {
      if (targetWeights[v] == 0) {
        continue;
      }
      double e = Math.exp(dot(slopes[v], mixture));
      sum += targetWeights[v] * (constants[v] + e);
      double scale = targetWeights[v] * e;
      double[] b = slopes[v];
      for (int j = 0; j < dimension; j++) {
        out[j] += scale * b[j];
      }
    }
    return sum;
  }

  /** Writes the gradient into {@code out}; no checks, no allocation. */
  void gradient(double[] mixture, double[] out) {
    valueAndGradient(mixture, out);
  }

  /** Writes the Hessian into {@code out}; no checks, no allocation. */
  void hessian(double[] mixture, double[][] out) {
    for (double[] row : out) {
      Arrays.fill(row, 0.0);
    }
    for (int v = 0; v < targetWeights.length; v++) {
      if (targetWeights[v] == 0) {
        continue;
      }
      double scale = targetWeights[v] * Math.exp(dot(slopes[v], mixture));
      double[] b = slopes[v];
      for (int i = 0; i < dimension; i++) {
        double bi = scale * b[i];
        for (int j = 0; j < dimension; j++) {
          out[i][j] += bi * b[j];
        }
      }
    }
  }

  /** The objective value without checks. */
  double valueUnchecked(double[] mixture) {
    double sum = 0;
    for (int v = 0; v < targetWeights.length; v++) {
      if (targetWeights[v] != 0) {
        sum += targetWeights[v] * (constants[v] + Math.exp(dot(slopes[v], mixture)));
      }
    }
    return sum;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int j = 0; j < a.length; j++) {
      sum += a[j] * b[j];
    }
    return sum;
  }

  private void checkDimension(double[] mixture) {
    Objects.requireNonNull(mixture, "mixture");
    if (mixture.length != dimension) {
      throw new IllegalArgumentException(
          "mixture must have " + dimension + " weights, got " + mixture.length);
    }
  }
}

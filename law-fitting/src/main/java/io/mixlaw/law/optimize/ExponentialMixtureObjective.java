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
 *   f(r) = sum_v w_v (c_v + exp(z_v(r))),   z_v(r) = b_v . r + sum_j phi_vj ln(r_j + epsilon_v)
 * </pre>
 *
 * <p>The saturation coefficients phi_vj are 0 for laws without the saturation term and {@code <=
 * 0} otherwise, so every z_v is convex (affine plus non-negative multiples of {@code -ln}), every
 * term is a constant plus the exponential of a convex function, and with non-negative weights
 * w_v the sum is convex wherever {@code r_j > -epsilon_v}, which contains the simplex. With
 * {@code e_v = exp(z_v)} and {@code g_v = grad z_v = b_v + phi_v / (r + epsilon_v)}, the gradient
 * is {@code sum_v w_v e_v g_v} and the Hessian {@code sum_v w_v e_v (g_v g_v^T + diag(-phi_v / (r
 * + epsilon_v)^2))}.
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
  private final double[][] saturations;
  private final double[] offsets;
  private final int dimension;

  private ExponentialMixtureObjective(
      double[] targetWeights,
      double[] constants,
      double[][] slopes,
      double[][] saturations,
      double[] offsets) {
    this.targetWeights = targetWeights;
    this.constants = constants;
    this.slopes = slopes;
    this.saturations = saturations;
    this.offsets = offsets;
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
   * @return the objective, with {@code c_v} from {@link CamelFit#constantPart}, {@code b_v} from
   *     {@link CamelFit#mixtureSlope} and the saturation term from {@link CamelFit#phi} and {@link
   *     CamelFit#saturationOffset}
   */
  public static ExponentialMixtureObjective of(
      List<CamelFit> fits, double[] targetWeights, double capacity, double tokens) {
    Objects.requireNonNull(fits, "fits");
    double[] constants = new double[fits.size()];
    double[][] slopes = new double[fits.size()][];
    double[][] saturations = new double[fits.size()][];
    double[] offsets = new double[fits.size()];
    for (int v = 0; v < fits.size(); v++) {
      CamelFit fit = Objects.requireNonNull(fits.get(v), "fit " + v);
      constants[v] = fit.constantPart(capacity, tokens);
      slopes[v] = fit.mixtureSlope(capacity, tokens);
      saturations[v] = fit.hasSaturationTerm() ? fit.phi() : new double[slopes[v].length];
      offsets[v] = fit.hasSaturationTerm() ? fit.saturationOffset() : 1.0;
    }
    return of(targetWeights, constants, slopes, saturations, offsets);
  }

  /**
   * The objective of terms without saturation ({@code phi = 0}).
   *
   * @param targetWeights weight w_v of each term, finite and &gt;= 0, at least one &gt; 0
   * @param constants constant c_v of each term, finite
   * @param slopes slope vector b_v of each term, all of the same length M &gt;= 1, finite
   * @return the objective; the arrays are copied
   */
  public static ExponentialMixtureObjective of(
      double[] targetWeights, double[] constants, double[][] slopes) {
    Objects.requireNonNull(slopes, "slopes");
    double[][] saturations = new double[slopes.length][];
    double[] offsets = new double[slopes.length];
    for (int v = 0; v < slopes.length; v++) {
      saturations[v] = new double[Objects.requireNonNull(slopes[v], "slope " + v).length];
      offsets[v] = 1.0;
    }
    return of(targetWeights, constants, slopes, saturations, offsets);
  }

  /**
   * The objective from its terms.
   *
   * @param targetWeights weight w_v of each term, finite and &gt;= 0, at least one &gt; 0
   * @param constants constant c_v of each term, finite
   * @param slopes slope vector b_v of each term, all of the same length M &gt;= 1, finite
   * @param saturations saturation coefficients phi_v of each term, length M, finite and &lt;= 0
   * @param offsets offset epsilon_v of each term's saturation, finite and &gt; 0
   * @return the objective; the arrays are copied
   */
  public static ExponentialMixtureObjective of(
      double[] targetWeights,
      double[] constants,
      double[][] slopes,
      double[][] saturations,
      double[] offsets) {
    Objects.requireNonNull(targetWeights, "targetWeights");
    Objects.requireNonNull(saturations, "saturations");
    Objects.requireNonNull(offsets, "offsets");
    Objects.requireNonNull(constants, "constants");
    Objects.requireNonNull(slopes, "slopes");
    int targets = targetWeights.length;
    if (targets == 0
        || constants.length != targets
        || slopes.length != targets
        || saturations.length != targets
        || offsets.length != targets) {
      throw new IllegalArgumentException(
          "need the same number (>= 1) of target weights,"
              + " constants, slopes, saturations and offsets, got "
              + targets
              + ", "
              + constants.length
              + ", "
              + slopes.length
              + ", "
              + saturations.length
              + " and "
              + offsets.length);
    }
    double total = 0;
    double[][] slopeCopy = new double[targets][];
    double[][] saturationCopy = new double[targets][];
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
      saturationCopy[v] = Objects.requireNonNull(saturations[v], "saturation " + v).clone();
      if (saturationCopy[v].length != slopeCopy[v].length) {
        throw new IllegalArgumentException(
            "saturation " + v + " has " + saturationCopy[v].length + " domains, expected "
                + slopeCopy[v].length);
      }
      for (int j = 0; j < saturationCopy[v].length; j++) {
        if (!(saturationCopy[v][j] <= 0) || Double.isInfinite(saturationCopy[v][j])) {
          throw new IllegalArgumentException(
              "saturation " + v + "[" + j + "] must be finite and <= 0 for the objective to be"
                  + " convex, got " + saturationCopy[v][j]);
        }
      }
      if (!(offsets[v] > 0) || Double.isInfinite(offsets[v])) {
        throw new IllegalArgumentException(
            "offset " + v + " must be finite and > 0, got " + offsets[v]);
      }
    }
    if (!(total > 0)) {
      throw new IllegalArgumentException("at least one target weight must be > 0");
    }
    return new ExponentialMixtureObjective(
        targetWeights.clone(), constants.clone(), slopeCopy, saturationCopy, offsets.clone());
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
   * @param mixture M weights (any real values; {@code +Infinity} where a saturated domain's weight
   *     is at or below {@code -epsilon})
   * @return the value, {@code +Infinity} where an exponential term overflows
   */
  public double value(double[] mixture) {
    checkDimension(mixture);
    return valueUnchecked(mixture);
  }

  /**
   * The predicted loss of every target, {@code c_v + exp(z_v(r))}, without the weights.
   *
   * @param mixture M weights
   * @return a new array with one loss per target, {@code +Infinity} where the term overflows
   */
  public double[] targetLosses(double[] mixture) {
    checkDimension(mixture);
    double[] losses = new double[targetWeights.length];
    for (int v = 0; v < losses.length; v++) {
      losses[v] = constants[v] + Math.exp(exponent(v, mixture));
    }
    return losses;
  }

  /**
   * The gradient {@code sum_v w_v exp(z_v) grad z_v}.
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
   * The Hessian {@code sum_v w_v exp(z_v) (grad z_v grad z_v^T + hess z_v)}, positive
   * semi-definite.
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
      double exponent = exponent(v, mixture);
      if (targetWeights[v] > 0 && exponent > largest) {
        largest = exponent;
        worst = v;
      }
    }
    return new ObjectiveOverflowException(
        String.format(
            Locale.ROOT,
            "the %s of the mixture objective overflows at mixture %s: exponent z = %.6g of"
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
      double e = Math.exp(exponent(v, mixture));
      sum += targetWeights[v] * (constants[v] + e);
      double scale = targetWeights[v] * e;
      double[] b = slopes[v];
      double[] phi = saturations[v];
      for (int j = 0; j < dimension; j++) {
        out[j] += scale * (b[j] + phi[j] / (mixture[j] + offsets[v]));
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
      double scale = targetWeights[v] * Math.exp(exponent(v, mixture));
      double[] b = slopes[v];
      double[] phi = saturations[v];
      double offset = offsets[v];
      for (int i = 0; i < dimension; i++) {
        double shifted = mixture[i] + offset;
        double gi = scale * (b[i] + phi[i] / shifted);
        for (int j = 0; j < dimension; j++) {
          out[i][j] += gi * (b[j] + phi[j] / (mixture[j] + offset));
        }
        out[i][i] -= scale * phi[i] / (shifted * shifted);
      }
    }
  }

  /** The objective value without checks. */
  double valueUnchecked(double[] mixture) {
    double sum = 0;
    for (int v = 0; v < targetWeights.length; v++) {
      if (targetWeights[v] != 0) {
        sum += targetWeights[v] * (constants[v] + Math.exp(exponent(v, mixture)));
      }
    }
    return sum;
  }

  /**
   * The exponent {@code z_v(r)}; {@code +Infinity} where a saturated weight is at or below {@code
   * -epsilon_v}, the limit of {@code phi ln(r + epsilon)} there.
   */
  private double exponent(int v, double[] mixture) {
    double z = dot(slopes[v], mixture);
    double[] phi = saturations[v];
    for (int j = 0; j < phi.length; j++) {
      if (phi[j] != 0) {
        double shifted = mixture[j] + offsets[v];
        z += shifted > 0 ? phi[j] * Math.log(shifted) : Double.POSITIVE_INFINITY;
      }
    }
    return z;
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

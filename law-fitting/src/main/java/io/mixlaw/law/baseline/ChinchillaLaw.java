package io.mixlaw.law.baseline;

import io.mixlaw.law.FittedLaw;
import io.mixlaw.law.MixtureLaw;
import io.mixlaw.law.Observation;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The parametric loss of Hoffmann et al. (2022), "Training Compute-Optimal Large Language Models"
 * (arXiv:2203.15556, Approach 3):
 *
 * <pre>
 *   L(N, D) = E + A / N^alpha + B / D^beta
 * </pre>
 *
 * with N the capacity (parameters) and D the training tokens; the mixture weights are ignored.
 *
 * <p>Fitted as in the paper and in Epoch AI's replication (Besiroglu et al. 2024,
 * arXiv:2404.10102): with a = ln A, b = ln B, e = ln E, the log-prediction is ln Lhat = LSE(a -
 * alpha ln N, b - beta ln D, e); the objective is the sum of Huber losses (delta 1e-3) of ln Lhat -
 * ln L. Every point of a grid of starts (Hoffmann et al.'s grid by default: alpha, beta in {0, 0.5,
 * ..., 2}, e in {-1, -0.5, ..., 1}, a, b in {0, 5, ..., 25}) is scored, Levenberg-Marquardt is run
 * from the best {@link #DEFAULT_REFINED_STARTS} of them, and the best converged run is kept.
 *
 * <p>Parameters are reported as E, A, alpha, B, beta. Immutable and thread-safe.
 */
public final class ChinchillaLaw implements MixtureLaw {

  /** Name of the law in tables and configs. */
  public static final String NAME = "chinchilla";

  /** Names of the fitted parameters, in the order of {@link FittedLaw#parameters()}. */
  public static final List<String> PARAMETER_NAMES = List.of("E", "A", "alpha", "B", "beta");

  /** Huber threshold on log-residuals (Hoffmann et al. 2022). */
  public static final double DEFAULT_HUBER_DELTA = HuberLeastSquares.DEFAULT_HUBER_DELTA;

  /** Starting values of ln E (Hoffmann et al. 2022, Approach 3). */
  public static final List<Double> DEFAULT_LOG_E_STARTS = List.of(-1.0, -0.5, 0.0, 0.5, 1.0);

  /** Starting values of ln A and of ln B (Hoffmann et al. 2022, Approach 3). */
  public static final List<Double> DEFAULT_LOG_AMPLITUDE_STARTS =
      List.of(0.0, 5.0, 10.0, 15.0, 20.0, 25.0);

  /** Starting values of alpha and of beta (Hoffmann et al. 2022, Approach 3). */
  public static final List<Double> DEFAULT_EXPONENT_STARTS = List.of(0.0, 0.5, 1.0, 1.5, 2.0);

  /** Number of best-scoring grid points refined by Levenberg-Marquardt. */
  public static final int DEFAULT_REFINED_STARTS = 16;

  private static final int PARAMETER_COUNT = 5;

  private final double huberDelta;
  private final List<double[]> starts;
  private final int refinedStarts;

  /** Creates the law with Hoffmann et al.'s grid of starts and Huber delta 1e-3. */
  public ChinchillaLaw() {
    this(
        DEFAULT_HUBER_DELTA,
        grid(
            DEFAULT_LOG_E_STARTS,
            DEFAULT_LOG_AMPLITUDE_STARTS,
            DEFAULT_EXPONENT_STARTS,
            DEFAULT_LOG_AMPLITUDE_STARTS,
            DEFAULT_EXPONENT_STARTS),
        DEFAULT_REFINED_STARTS);
  }

  private ChinchillaLaw(double huberDelta, List<double[]> starts, int refinedStarts) {
    this.huberDelta = huberDelta;
    this.starts = starts;
    this.refinedStarts = refinedStarts;
  }

  /** Returns a copy with another Huber threshold on log-residuals (finite, > 0). */
  public ChinchillaLaw withHuberDelta(double delta) {
    Arguments.checkHuberDelta(delta);
    return new ChinchillaLaw(delta, starts, refinedStarts);
  }

  /**
   * Returns a copy whose starts are the Cartesian product of the given values, all in the fitter's
   * parameterization: logarithms of E, A and B, and the exponents as they are.
   */
  public ChinchillaLaw withStartGrid(
      List<Double> logE,
      List<Double> logA,
      List<Double> alpha,
      List<Double> logB,
      List<Double> beta) {
    return new ChinchillaLaw(huberDelta, grid(logE, logA, alpha, logB, beta), refinedStarts);
  }

  /**
   * Returns a copy that starts from one point only, given in natural units, for example a previous
   * fit when refitting a bootstrap resample.
   *
   * @param e irreducible loss E (> 0)
   * @param a capacity amplitude A (> 0)
   * @param alpha capacity exponent
   * @param b data amplitude B (> 0)
   * @param beta data exponent
   */
  public ChinchillaLaw withStart(double e, double a, double alpha, double b, double beta) {
    if (!(e > 0 && a > 0 && b > 0)) {
      throw new IllegalArgumentException(
          "E, A and B must be > 0, got E=" + e + ", A=" + a + ", B=" + b);
    }

    double[] start = {Math.log(e), Math.log(a), alpha, Math.log(b), beta};
    return new ChinchillaLaw(huberDelta, List.of(start), 1);
  }

  /** Returns a copy that refines the {@code count} best-scoring starts (>= 1). */
  public ChinchillaLaw withRefinedStarts(int count) {
    Arguments.checkPositiveCount("refined starts", count);
    return new ChinchillaLaw(huberDelta, starts, count);
  }

  /** Huber threshold on log-residuals. */
  public double huberDelta() {
    return huberDelta;
  }

  /** Number of starting points scored before refinement. */
  public int startCount() {
    return starts.size();
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The law's closed form.
   *
   * @param capacity N, parameters (> 0)
   * @param tokens D, training tokens (> 0)
   * @param e irreducible loss E
   * @param a capacity amplitude A
   * @param alpha capacity exponent
   * @param b data amplitude B
   * @param beta data exponent
   * @return E + A / N^alpha + B / D^beta
   */
  public static double loss(
      double capacity, double tokens, double e, double a, double alpha, double b, double beta) {
    return e + a * Math.pow(capacity, -alpha) + b * Math.pow(tokens, -beta);
  }

  /**
   * Fits the law; at least 5 observations. Mixture weights are ignored.
   *
   * @return the fit, parameters E, A, alpha, B, beta in natural units
   */
  @Override
  public FittedLaw fit(List<Observation> observations) {
    Arguments.checkObservations(observations, PARAMETER_COUNT, NAME);
    Model model = new Model(observations);
    HuberLeastSquares fitter = new HuberLeastSquares(huberDelta);
    HuberLeastSquares.Solution solution =
        fitter.minimize(model, Arguments.logLosses(observations), starts, refinedStarts);
    double[] theta = solution.theta();
    double e = Math.exp(theta[0]);
    double a = Math.exp(theta[1]);
    double alpha = theta[2];
    double b = Math.exp(theta[3]);
    double beta = theta[4];
    double[] predicted = new double[observations.size()];
    for (int i = 0; i < predicted.length; i++) {
      Observation o = observations.get(i);
      predicted[i] = loss(o.capacity(), o.tokens(), e, a, alpha, b, beta);
    }

    return new BaselineFit(
        NAME,
        PARAMETER_NAMES,
        new double[] {e, a, alpha, b, beta},
        -1,
        (capacity, tokens, weights) -> loss(capacity, tokens, e, a, alpha, b, beta),
        FitStatistics.diagnostics(Arguments.losses(observations), predicted, solution));
  }

  private static List<double[]> grid(
      List<Double> logE,
      List<Double> logA,
      List<Double> alpha,
      List<Double> logB,
      List<Double> beta) {
    List<List<Double>> axes = List.of(logE, logA, alpha, logB, beta);
    for (List<Double> axis : axes) {
      Objects.requireNonNull(axis, "start values");
      if (axis.isEmpty()) {
        throw new IllegalArgumentException("every axis of the start grid needs at least one value");
      }
    }

    List<double[]> points = new ArrayList<>();
    for (double v0 : logE) {
      for (double v1 : logA) {
        for (double v2 : alpha) {
          for (double v3 : logB) {
            for (double v4 : beta) {
              points.add(new double[] {v0, v1, v2, v3, v4});
            }
          }
        }
      }
    }

    return List.copyOf(points);
  }

  /** ln Lhat = LSE(a - alpha ln N, b - beta ln D, e) with theta = (e, a, alpha, b, beta). */
  private static final class Model implements LogLossModel {
    private final double[] logN;
    private final double[] logD;

    Model(List<Observation> observations) {
      logN = observations.stream().mapToDouble(o -> Math.log(o.capacity())).toArray();
      logD = observations.stream().mapToDouble(o -> Math.log(o.tokens())).toArray();
    }

    @Override
    public int parameterCount() {
      return PARAMETER_COUNT;
    }

    @Override
    public int observationCount() {
      return logN.length;
    }

    @Override
    public double logLoss(double[] theta, int i, double[] gradient) {
      double capacityTerm = theta[1] - theta[2] * logN[i];
      double dataTerm = theta[3] - theta[4] * logD[i];
      double floor = theta[0];
      double max = Math.max(floor, Math.max(capacityTerm, dataTerm));
      double wE = Math.exp(floor - max);
      double wA = Math.exp(capacityTerm - max);
      double wB = Math.exp(dataTerm - max);
      double sum = wE + wA + wB;
      gradient[0] = wE / sum;
      gradient[1] = wA / sum;
      gradient[2] = -logN[i] * wA / sum;
      gradient[3] = wB / sum;
      gradient[4] = -logD[i] * wB / sum;
      return max + Math.log(sum);
    }
  }
}

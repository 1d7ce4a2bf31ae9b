package io.mixlaw.law.baseline;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.hipparchus.exception.LocalizedCoreFormats;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.LocalizedOptimFormats;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.FastMath;
import org.hipparchus.util.Pair;

/**
 * Minimizes the Huber loss of log-residuals, sum_i huber_delta(ln Lhat_i - ln L_i), the objective
 * of Hoffmann et al. (2022), with Hipparchus' Levenberg-Marquardt optimizer.
 *
 * <p>The Huber loss is turned into a sum of squares by the residual transform psi(r) = r for |r| <=
 * delta and sign(r) sqrt(2 delta |r| - delta^2) beyond, so that psi(r)^2 / 2 = huber_delta(r) and
 * the gradient of the sum of squares is the gradient of the Huber objective; the Gauss-Newton
 * matrix of the transformed problem is the iteratively reweighted least-squares weighting of the
 * Huber loss.
 */
final class HuberLeastSquares {

  /** Huber threshold on log-residuals used by Hoffmann et al. (2022) and Epoch's replication. */
  static final double DEFAULT_HUBER_DELTA = 1e-3;

  /** Levenberg-Marquardt iterations allowed from one start. */
  static final int DEFAULT_MAX_ITERATIONS = 2_000;

  /**
   * Relative tolerance of Hipparchus' three LM tests (cost reduction, parameter step, gradient
   * orthogonality); Hipparchus' own default.
   */
  static final double DEFAULT_TOLERANCE = 1e-10;

  /** Residual used in place of a non-finite one, large enough that LM rejects the step. */
  private static final double NON_FINITE_RESIDUAL = 1e6;

  /**
   * One local or multi-start minimization.
   *
   * @param theta the parameters reached
   * @param cost sum of Huber losses at theta
   * @param converged whether Levenberg-Marquardt met its tolerances
   * @param iterations LM iterations of this run
   * @param evaluations model evaluations of this run
   * @param message why the run stopped when it did not converge; empty otherwise
   */
  record Solution(
      double[] theta,
      double cost,
      boolean converged,
      int iterations,
      int evaluations,
      String message) {

    Solution {
      theta = theta.clone();
      message = message == null ? "" : message;
    }

    @Override
    public double[] theta() {
      return theta.clone();
    }
  }

  private final double delta;
  private final int maxIterations;
  private final double tolerance;

  HuberLeastSquares(double delta, int maxIterations, double tolerance) {
    if (!(delta > 0) || Double.isInfinite(delta)) {
      throw new IllegalArgumentException("Huber delta must be finite and > 0, got " + delta);
    }

    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be >= 1, got " + maxIterations);
    }

    if (!(tolerance > 0) || tolerance >= 1) {
      throw new IllegalArgumentException("tolerance must be in (0, 1), got " + tolerance);
    }

    this.delta = delta;
    this.maxIterations = maxIterations;
    this.tolerance = tolerance;
  }

  HuberLeastSquares(double delta) {
    this(delta, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE);
  }

  /** Huber loss of one log-residual. */
  static double huber(double residual, double delta) {
    double magnitude = Math.abs(residual);
    return magnitude <= delta ? 0.5 * residual * residual : delta * (magnitude - 0.5 * delta);
  }

  /**
   * Returns the objective sum_i huber(ln Lhat_i - ln L_i) at theta, or positive infinity where a
   * prediction is not finite.
   */
  double cost(LogLossModel model, double[] logObserved, double[] theta) {
    double[] gradient = new double[model.parameterCount()];
    double sum = 0;
    for (int i = 0; i < model.observationCount(); i++) {
      double residual = model.logLoss(theta, i, gradient) - logObserved[i];
      if (!Double.isFinite(residual)) {
        return Double.POSITIVE_INFINITY;
      }

      sum += huber(residual, delta);
    }

    return sum;
  }

  /**
   * Scores every start by its objective, runs Levenberg-Marquardt from the {@code refined} best of
   * them, and keeps the converged run with the lowest objective (the lowest of all runs, marked not
   * converged, when none converged).
   *
   * @throws IllegalArgumentException if no start has a finite objective
   */
  Solution minimize(LogLossModel model, double[] logObserved, List<double[]> starts, int refined) {
    if (refined < 1) {
      throw new IllegalArgumentException("refined starts must be >= 1, got " + refined);
    }

    List<Scored> scored = new ArrayList<>();
    for (double[] start : starts) {
      double value = cost(model, logObserved, start);
      if (Double.isFinite(value)) {
        scored.add(new Scored(start, value));
      }
    }

    if (scored.isEmpty()) {
      throw new IllegalArgumentException(
          "none of the " + starts.size() + " starting points gives finite predicted losses");
    }

    scored.sort(Comparator.comparingDouble(Scored::cost));
    Solution best = null;
    for (int s = 0; s < Math.min(refined, scored.size()); s++) {
      Solution run = minimize(model, logObserved, scored.get(s).start());
      if (best == null || isBetter(run, best)) {
        best = run;
      }
    }

    return best;
  }

  private static boolean isBetter(Solution candidate, Solution incumbent) {
    if (candidate.converged() != incumbent.converged()) {
      return candidate.converged();
    }

    return candidate.cost() < incumbent.cost();
  }

  /** Runs Levenberg-Marquardt from one start. */
  Solution minimize(LogLossModel model, double[] logObserved, double[] start) {
    if (logObserved.length != model.observationCount()) {
      throw new IllegalArgumentException(
          "expected " + model.observationCount() + " observed losses, got " + logObserved.length);
    }

    Tracker tracker = new Tracker(model, logObserved, delta);
    LeastSquaresProblem problem =
        new LeastSquaresBuilder()
            .model(tracker::evaluate)
            .target(new double[model.observationCount()])
            .start(start)
            .maxIterations(maxIterations)
            .maxEvaluations(Integer.MAX_VALUE)
            .lazyEvaluation(false)
            .checker(tracker::countIteration)
            .build();
    LevenbergMarquardtOptimizer optimizer =
        new LevenbergMarquardtOptimizer()
            .withCostRelativeTolerance(tolerance)
            .withParameterRelativeTolerance(tolerance)
            .withOrthoTolerance(tolerance);
    try {
      LeastSquaresOptimizer.Optimum optimum = optimizer.optimize(problem);
      double[] theta = optimum.getPoint().toArray();
      return new Solution(
          theta,
          cost(model, logObserved, theta),
          true,
          optimum.getIterations(),
          tracker.evaluations,
          "");
    } catch (MathIllegalStateException e) {
      // LM refuses tolerances below machine precision once it can no longer reduce the cost: the
      // best point it evaluated is then a minimum to working precision.
      boolean atPrecision =
          e.getSpecifier() == LocalizedOptimFormats.TOO_SMALL_COST_RELATIVE_TOLERANCE
              || e.getSpecifier() == LocalizedOptimFormats.TOO_SMALL_PARAMETERS_RELATIVE_TOLERANCE
              || e.getSpecifier() == LocalizedOptimFormats.TOO_SMALL_ORTHOGONALITY_TOLERANCE;
      boolean exhausted = e.getSpecifier() == LocalizedCoreFormats.MAX_COUNT_EXCEEDED;
      if (!atPrecision && !exhausted) {
        throw e;
      }

      String message =
          atPrecision
              ? ""
              : String.format(
                  Locale.ROOT,
                  "Levenberg-Marquardt stopped after %d iterations (%d evaluations) without meeting"
                      + " relative tolerance %.1e; best objective %.6g",
                  maxIterations,
                  tracker.evaluations,
                  tolerance,
                  tracker.bestCost);
      return new Solution(
          tracker.bestTheta,
          tracker.bestCost,
          atPrecision,
          tracker.iterations,
          tracker.evaluations,
          message);
    }
  }

  private record Scored(double[] start, double cost) {}

  /** The LM model function; remembers the best point evaluated, since LM may stop by exception. */
  private static final class Tracker {
    private final LogLossModel model;
    private final double[] logObserved;
    private final double delta;
    private int evaluations;
    private int iterations;
    private double bestCost = Double.POSITIVE_INFINITY;
    private double[] bestTheta;

    Tracker(LogLossModel model, double[] logObserved, double delta) {
      this.model = model;
      this.logObserved = logObserved;
      this.delta = delta;
    }

    /** Counts LM iterations; convergence is left to LM's own tolerance tests. */
    boolean countIteration(
        int iteration,
        LeastSquaresProblem.Evaluation previous,
        LeastSquaresProblem.Evaluation current) {
      iterations = iteration;
      return false;
    }

    Pair<RealVector, RealMatrix> evaluate(RealVector point) {
      evaluations++;
      double[] theta = point.toArray();
      int n = model.observationCount();
      int p = model.parameterCount();
      double[] values = new double[n];
      double[][] jacobian = new double[n][];
      double cost = 0;
      for (int i = 0; i < n; i++) {
        double[] gradient = new double[p];
        double residual = model.logLoss(theta, i, gradient) - logObserved[i];
        if (!Double.isFinite(residual) || !allFinite(gradient)) {
          values[i] = NON_FINITE_RESIDUAL;
          jacobian[i] = new double[p];
          cost = Double.POSITIVE_INFINITY;
          continue;
        }

        double magnitude = Math.abs(residual);
        double slope;
        if (magnitude <= delta) {
          values[i] = residual;
          slope = 1;
        } else {
          double transformed = FastMath.sqrt(2 * delta * magnitude - delta * delta);
          values[i] = Math.copySign(transformed, residual);
          slope = delta / transformed;
        }

        for (int j = 0; j < p; j++) {
          gradient[j] *= slope;
        }

        jacobian[i] = gradient;
        cost += 0.5 * values[i] * values[i];
      }

      if (cost < bestCost || bestTheta == null) {
        bestCost = cost;
        bestTheta = theta;
      }

      return new Pair<>(
          new ArrayRealVector(values, false), new Array2DRowRealMatrix(jacobian, false));
    }

    private static boolean allFinite(double[] values) {
      return Arrays.stream(values).allMatch(Double::isFinite);
    }
  }
}

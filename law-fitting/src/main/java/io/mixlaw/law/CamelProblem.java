package io.mixlaw.law;

import java.util.Arrays;
import java.util.List;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem.Evaluation;
import org.hipparchus.optim.nonlinear.vector.leastsquares.MultivariateJacobianFunction;
import org.hipparchus.optim.nonlinear.vector.leastsquares.ParameterValidator;
import org.hipparchus.util.Pair;

/**
 * The robust least-squares problem behind one CAMEL fit: the data of one validation target, the
 * layout of the free parameters, the residual model handed to Levenberg-Marquardt and the box
 * constraints applied to every trial point.
 *
 * <p>The Huber loss rho of the log residual {@code ln(pred) - ln(obs)} is turned into a sum of
 * squares by the transform {@code s = sign(r) sqrt(2 rho(r))}: half the sum of {@code s^2} equals
 * the Huber objective exactly, so the minimum Levenberg-Marquardt finds is the Huber minimum. An
 * optional ridge adds one residual {@code sqrt(lambda) p} per mixture coefficient.
 *
 * <p>The free parameter vector is packed as {@code E, [A, alpha], [B, beta], theta[M], [gamma[M]],
 * [delta[M]]}, bracketed groups present only when the data can identify them. Instances hold
 * mutable scratch space and the best point seen, so each fit uses its own instance.
 */
final class CamelProblem implements MultivariateJacobianFunction, ParameterValidator {

  /** Smallest capacity exponent alpha (and token exponent beta) allowed. */
  static final double MIN_EXPONENT = 1e-3;

  /** Largest capacity exponent alpha (and token exponent beta) allowed. */
  static final double MAX_EXPONENT = 5.0;

  /** Relative gap kept between E and the smallest observed loss. */
  static final double E_MARGIN = 1e-6;

  /** Iterations a later start runs before it is compared with the incumbent fit. */
  static final int COMPARE_AFTER = 5;

  /** A later start whose objective then exceeds the incumbent's by this factor is abandoned. */
  static final double ABANDON_RATIO = 1.01;

  /** Relative objective gap within which a later start may have reached the incumbent's minimum. */
  static final double SAME_MINIMUM_COST = 1e-3;

  /** Largest relative parameter distance at which a later start counts as the same minimum. */
  static final double SAME_MINIMUM_DISTANCE = 1e-2;

  /**
   * Cap on the argument of the mixture exponential. Only absurd trial points reach it; capping
   * keeps their cost finite so the optimizer rejects them instead of propagating infinities.
   */
  private static final double MAX_ARGUMENT = 600.0;

  final int n;
  final int m;
  final double[] l;
  final double[] t;
  final double[] r;
  final double[] loss;
  final double[] logLoss;
  final double minLoss;

  final boolean capacityTerm;
  final boolean gammaTerm;
  final boolean tokenTerm;
  final boolean nonNegativeGamma;
  final double huberDelta;
  final double ridge;

  final int iA;
  final int iAlpha;
  final int iB;
  final int iBeta;
  final int iTheta;
  final int iGamma;
  final int iDelta;
  final int size;
  final int coefficientCount;
  final int rows;

  private final double eMax;
  private final double sqrtRidge;
  private double bestCost = Double.POSITIVE_INFINITY;
  private final double[] bestPoint;
  private int evaluations;
  private int iterations;
  private double[] incumbent;
  private double incumbentCost;
  private boolean abandoned;

  CamelProblem(
      List<Observation> observations,
      double referenceCapacity,
      double referenceTokens,
      boolean capacityTerm,
      boolean gammaTerm,
      boolean tokenTerm,
      boolean nonNegativeGamma,
      double huberDelta,
      double ridge) {
    this.n = observations.size();
    this.m = observations.get(0).domainCount();
    this.l = new double[n];
    this.t = new double[n];
    this.r = new double[n * m];
    this.loss = new double[n];
    this.logLoss = new double[n];
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      Observation o = observations.get(i);
      l[i] = Math.log(o.capacity() / referenceCapacity);
      t[i] = Math.log(o.tokens() / referenceTokens);
      for (int j = 0; j < m; j++) {
        r[i * m + j] = o.weight(j);
      }
      loss[i] = o.loss();
      logLoss[i] = Math.log(o.loss());
      min = Math.min(min, o.loss());
    }
    this.minLoss = min;
    this.eMax = min * (1 - E_MARGIN);

    this.capacityTerm = capacityTerm;
    this.gammaTerm = gammaTerm;
    this.tokenTerm = tokenTerm;
    this.nonNegativeGamma = nonNegativeGamma;
    this.huberDelta = huberDelta;
    this.ridge = ridge;
    this.sqrtRidge = Math.sqrt(ridge);

    int next = 1;
    iA = capacityTerm ? next++ : -1;
    iAlpha = capacityTerm ? next++ : -1;
    iB = tokenTerm ? next++ : -1;
    iBeta = tokenTerm ? next++ : -1;
    iTheta = next;
    next += m;
    iGamma = gammaTerm ? next : -1;
    next += gammaTerm ? m : 0;
    iDelta = tokenTerm ? next : -1;
    next += tokenTerm ? m : 0;
    size = next;
    coefficientCount = size - iTheta;
    rows = ridge > 0 ? n + coefficientCount : n;
    bestPoint = new double[size];
  }

  /** Largest E allowed: just below the smallest observed loss. */
  double maxE() {
    return eMax;
  }

  /** Clamps a packed parameter vector into the feasible box, in place. */
  void clamp(double[] p) {
    p[0] = Math.min(Math.max(p[0], 0.0), eMax);
    if (capacityTerm) {
      p[iA] = Math.max(p[iA], 0.0);
      p[iAlpha] = Math.min(Math.max(p[iAlpha], MIN_EXPONENT), MAX_EXPONENT);
    }
    if (tokenTerm) {
      p[iB] = Math.max(p[iB], 0.0);
      p[iBeta] = Math.min(Math.max(p[iBeta], MIN_EXPONENT), MAX_EXPONENT);
    }
    if (gammaTerm && nonNegativeGamma) {
      for (int j = 0; j < m; j++) {
        p[iGamma + j] = Math.max(p[iGamma + j], 0.0);
      }
    }
  }

  @Override
  public RealVector validate(RealVector params) {
    double[] p = params.toArray();
    clamp(p);
    return new ArrayRealVector(p, false);
  }

  /** Loss predicted for observation {@code i} by the packed parameters {@code p}. */
  double predict(double[] p, int i) {
    double pred = p[0] + Math.exp(argument(p, i));
    if (capacityTerm) {
      pred += p[iA] * Math.exp(-p[iAlpha] * l[i]);
    }
    if (tokenTerm) {
      pred += p[iB] * Math.exp(-p[iBeta] * t[i]);
    }
    return pred;
  }

  private double argument(double[] p, int i) {
    double li = l[i];
    double ti = t[i];
    int row = i * m;
    double sum = 0;
    for (int j = 0; j < m; j++) {
      double b = p[iTheta + j];
      if (gammaTerm) {
        b -= p[iGamma + j] * li;
      }
      if (tokenTerm) {
        b -= p[iDelta + j] * ti;
      }
      sum += r[row + j] * b;
    }
    return Math.min(sum, MAX_ARGUMENT);
  }

  /** Huber loss of one log residual. */
  double huber(double residual) {
    double a = Math.abs(residual);
    return a <= huberDelta ? 0.5 * residual * residual : huberDelta * (a - 0.5 * huberDelta);
  }

  /** The fitting objective: summed Huber loss of the log residuals plus the ridge term. */
  double objective(double[] p) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += huber(Math.log(predict(p, i)) - logLoss[i]);
    }
    return sum + ridgeTerm(p);
  }

  private double ridgeTerm(double[] p) {
    if (ridge == 0) {
      return 0;
    }
    double sum = 0;
    for (int k = iTheta; k < size; k++) {
      sum += p[k] * p[k];
    }
    return 0.5 * ridge * sum;
  }

  @Override
  public Pair<RealVector, RealMatrix> value(RealVector point) {
    double[] p = point.toArray();
    double[] s = new double[rows];
    double[][] jac = new double[rows][size];
    double cost = 0;
    for (int i = 0; i < n; i++) {
      double arg = argument(p, i);
      double x = Math.exp(arg);
      double cap = 0;
      double capExp = 0;
      if (capacityTerm) {
        capExp = Math.exp(-p[iAlpha] * l[i]);
        cap = p[iA] * capExp;
      }
      double tok = 0;
      double tokExp = 0;
      if (tokenTerm) {
        tokExp = Math.exp(-p[iBeta] * t[i]);
        tok = p[iB] * tokExp;
      }
      double pred = p[0] + cap + tok + x;
      double res = Math.log(pred) - logLoss[i];
      double abs = Math.abs(res);
      double slope;
      if (abs <= huberDelta) {
        s[i] = res;
        slope = 1.0;
        cost += 0.5 * res * res;
      } else {
        double root = Math.sqrt(huberDelta * (2 * abs - huberDelta));
        s[i] = res > 0 ? root : -root;
        slope = huberDelta / root;
        cost += huberDelta * (abs - 0.5 * huberDelta);
      }

      double c = slope / pred;
      double[] row = jac[i];
      row[0] = c;
      if (capacityTerm) {
        row[iA] = c * capExp;
        row[iAlpha] = -c * cap * l[i];
      }
      if (tokenTerm) {
        row[iB] = c * tokExp;
        row[iBeta] = -c * tok * t[i];
      }
      double cx = c * x;
      int base = i * m;
      for (int j = 0; j < m; j++) {
        double d = cx * r[base + j];
        row[iTheta + j] = d;
        if (gammaTerm) {
          row[iGamma + j] = -d * l[i];
        }
        if (tokenTerm) {
          row[iDelta + j] = -d * t[i];
        }
      }
    }
    if (ridge > 0) {
      for (int k = 0; k < coefficientCount; k++) {
        s[n + k] = sqrtRidge * p[iTheta + k];
        jac[n + k][iTheta + k] = sqrtRidge;
      }
      cost += ridgeTerm(p);
    }
    evaluations++;
    if (cost < bestCost) {
      bestCost = cost;
      System.arraycopy(p, 0, bestPoint, 0, size);
    }
    return new Pair<>(new ArrayRealVector(s, false), new Array2DRowRealMatrix(jac, false));
  }

  /** Lowest objective evaluated so far by {@link #value}; infinite before the first call. */
  double bestCost() {
    return bestCost;
  }

  /** Copy of the point with the lowest objective evaluated so far. */
  double[] bestPoint() {
    return Arrays.copyOf(bestPoint, size);
  }

  /** Evaluations of {@link #value} since the last {@link #reset()}. */
  int evaluations() {
    return evaluations;
  }

  /** Last successful iteration reported through {@link #monitor}. */
  int iterations() {
    return iterations;
  }

  /**
   * Convergence-checker hook called by Levenberg-Marquardt after every successful iteration. It
   * records the iteration count and, when an incumbent is set, stops a run early that is either
   * clearly worse than the incumbent or has reached its minimum; otherwise the optimizer's own
   * criteria decide.
   */
  boolean monitor(int iteration, Evaluation previous, Evaluation current) {
    iterations = iteration;
    if (incumbent == null || iteration < COMPARE_AFTER) {
      return false;
    }
    double cost = 0.5 * current.getCost() * current.getCost();
    if (cost > ABANDON_RATIO * incumbentCost) {
      abandoned = true;
      return true;
    }
    if (cost <= (1 + SAME_MINIMUM_COST) * incumbentCost) {
      RealVector point = current.getPoint();
      double distance = 0;
      for (int k = 0; k < size; k++) {
        double reference = incumbent[k];
        distance =
            Math.max(distance, Math.abs(point.getEntry(k) - reference) / (1 + Math.abs(reference)));
      }
      if (distance <= SAME_MINIMUM_DISTANCE) {
        abandoned = true;
        return true;
      }
    }
    return false;
  }

  /** Whether the last run was stopped early by {@link #monitor}. */
  boolean abandoned() {
    return abandoned;
  }

  /**
   * Sets the converged fit later runs are compared with, or none.
   *
   * @param point packed parameters of the best converged run so far, or null
   * @param cost its objective
   */
  void setIncumbent(double[] point, double cost) {
    incumbent = point == null ? null : point.clone();
    incumbentCost = cost;
  }

  /** Forgets the best point and the counters, before a new optimizer run. */
  void reset() {
    bestCost = Double.POSITIVE_INFINITY;
    abandoned = false;
    evaluations = 0;
    iterations = 0;
  }
}

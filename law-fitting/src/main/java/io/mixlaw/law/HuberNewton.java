package io.mixlaw.law;

import java.util.Arrays;

/**
 * Minimizes a robust nonlinear least-squares objective over a box:
 *
 * <pre>
 *   F(p) = sum_i c_i rho(u_i(p)) + sum_k w_k p_k^2 / 2,   lower_k &lt;= p_k &lt;= upper_k,
 * </pre>
 *
 * with rho the Huber function of threshold delta, u the residuals of a {@link Model}, c their
 * multiplicities and w the per-parameter ridge weights.
 *
 * <p><b>Model.</b> Every iteration minimizes, over the step d,
 *
 * <pre>
 *   m(d) = sum_i c_i rho(u_i + J_i d) + d^T S+ d / 2 + sum_k w_k (p_k + d_k)^2 / 2
 *          + mu/2 sum_k D_k d_k^2
 * </pre>
 *
 * with J the Jacobian of u and D the running maximum of the weighted squared column norms of J
 * (Marquardt's scaling, as in Moré 1978). Without the S+ term this is the Levenberg-Marquardt-type
 * method for nonlinear Huber estimation of Ekblom and Madsen (1989), "Algorithms for non-linear
 * Huber estimation", BIT 29: the model keeps the kinks of the loss, which Levenberg-Marquardt on a
 * least-squares transform of the Huber loss smooths away, and {@link HuberRegression} minimizes it
 * exactly. The step is then corrected by geodesic acceleration ({@link #accelerate}), which
 * follows the curved, nearly flat valleys that sloppy parameters (E, A and alpha of a scaling law)
 * form. A step is accepted when F decreases by a positive fraction of the decrease m predicts; mu
 * then shrinks by the rule of Nielsen (1999), "Damping parameter in Marquardt's method"
 * (IMM-REP-1999-05), and doubles, then quadruples, and so on, after a rejection.
 *
 * <p><b>Second order.</b> Most residuals of a Huber fit lie beyond delta, where rho' is {@code
 * +-delta}; their curvature {@code S = sum_i c_i rho'(u_i) d^2u_i/dp^2}, which the model above
 * omits, then decides the flat directions, and the plain method creeps along them at a linear
 * rate. As in the hybrid Gauss-Newton methods of Fletcher and Xu (1987), "Hybrid methods for
 * nonlinear least squares", IMA J. Numer. Anal. 7, a run that has not converged after {@link
 * #SECOND_ORDER_AFTER} steps adds S to the model, through its positive semi-definite part S+
 * ({@link PositivePart}) so that m stays convex.
 *
 * <p><b>Bounds.</b> A parameter on a bound that the gradient pushes outward is held there for the
 * iteration; a free parameter whose step would cross a bound is put on it and the model minimized
 * again over the others (an active-set projection in the manner of Bertsekas 1982).
 *
 * <p><b>Stopping.</b> Converged when an accepted step changes every parameter by at most {@code
 * tolerance * (1 + |p_k|)}, when both the actual and the predicted decrease of F are at most {@code
 * tolerance * F}, or when the model predicts no decrease above rounding for a step of that size. A
 * run may also be stopped early against an incumbent solution from another start (see {@link
 * #minimize}).
 *
 * <p>Instances hold scratch space for one run at a time.
 */
final class HuberNewton {

  /** The residuals, their derivatives, the box and the ridge weights of one problem. */
  interface Model {

    /** Number of parameters. */
    int size();

    /** Number of residuals. */
    int rows();

    /** Writes the residuals at p into u; false if any of them is not finite. */
    boolean residuals(double[] p, double[] u);

    /**
     * Writes the residuals at p into u and their Jacobian into {@code jac[i][k] = du_i/dp_k}; false
     * if any residual or derivative is not finite.
     */
    boolean jacobian(double[] p, double[] u, double[][] jac);

    /**
     * Adds {@code sum_i w_i d^2u_i/dp^2} at p to the row-major {@code size x size} matrix out.
     *
     * @param p the parameters
     * @param jac the Jacobian at p, as written by {@link #jacobian}
     * @param w one weight per residual
     * @param out receives the weighted sum of the residual Hessians, both triangles
     */
    void addCurvature(double[] p, double[][] jac, double[] w, double[] out);

    /**
     * Writes the second directional derivatives {@code v^T (d^2u_i/dp^2) v} at p into out.
     *
     * @param p the parameters
     * @param jac the Jacobian at p, as written by {@link #jacobian}
     * @param v the direction
     * @param out receives one value per residual
     */
    void directionalCurvature(double[] p, double[][] jac, double[] v, double[] out);

    /** Lower bound of parameter k, possibly {@code -Infinity}. */
    double lower(int k);

    /** Upper bound of parameter k, possibly {@code +Infinity}. */
    double upper(int k);

    /** Ridge weight of parameter k, &gt;= 0. */
    double penalty(int k);

    /** Weight of residual i in the objective, &gt; 0: how many observations it stands for. */
    double multiplicity(int i);
  }

  /** How a run ended. */
  enum Status {
    /** A stopping test of the class documentation was met. */
    CONVERGED,
    /** The iteration limit was reached first. */
    MAX_ITERATIONS,
    /** No step decreased the objective, even at the largest damping. */
    STALLED,
    /** Stopped early: trailing the incumbent or reaching the incumbent's minimum. */
    ABANDONED
  }

  /**
   * The outcome of one run.
   *
   * @param point the last accepted parameters
   * @param cost the objective F at point
   * @param status how the run ended
   * @param iterations accepted steps
   * @param evaluations residual evaluations, Jacobians included
   * @param damping the damping mu when the run ended
   */
  record Result(
      double[] point,
      double cost,
      Status status,
      int iterations,
      int evaluations,
      double damping) {}

  /** Damping mu of the first iteration, relative to the column scaling D. */
  static final double INITIAL_DAMPING = 1e-3;

  /** Damping beyond which no step is tried any more. */
  static final double MAX_DAMPING = 1e30;

  /** Smallest ratio of actual to predicted decrease for a step to be accepted. */
  static final double ACCEPT_RATIO = 1e-4;

  /** Predicted decrease, relative to F, below which the objective cannot rank points. */
  static final double ROUNDING = 1e-15;

  /** Accepted steps after which a run is compared with the incumbent. */
  static final int COMPARE_AFTER = 5;

  /** A run whose objective then exceeds the incumbent's by this factor is abandoned. */
  static final double ABANDON_RATIO = 1.01;

  /** Relative objective gap within which a run may have reached the incumbent's minimum. */
  static final double SAME_MINIMUM_COST = 1e-3;

  /** Largest relative parameter distance at which a run counts as at the incumbent's minimum. */
  static final double SAME_MINIMUM_DISTANCE = 1e-2;

  /** Accepted steps after which the model includes the positive part of the curvature S. */
  static final int SECOND_ORDER_AFTER = 20;

  /** Largest ratio of acceleration to velocity, in the D norm, for which a correction is kept. */
  static final double MAX_ACCELERATION = 0.75;

  /** Floor of the column scaling, so that a parameter without influence is still damped. */
  private static final double MIN_SCALE = 1e-12;

  private final Model model;
  private final double delta;
  private final double tolerance;
  private final int maxIterations;
  private final int n;
  private final int k;
  private final double[] lower;
  private final double[] upper;
  private final double[] penalty;
  private final double[] rowWeight;

  private final HuberRegression regression;
  private final PositivePart positivePart;
  private final double[] u;
  private final double[] trialU;
  private final double[][] jac;
  private final double[][] compact;
  private final double[] offsets;
  private final double[] weights;
  private final double[] curvature;
  private final double[] correction;
  private int freeCount;
  private final double[] gradient;
  private final double[] scaling;
  private final double[] step;
  private final double[] trial;
  private final double[] quadratic;
  private final double[] linear;
  private final double[] freeStep;
  private final int[] free;
  private final int[] held;

  /**
   * Creates an optimizer for one model.
   *
   * @param model the residuals, box and ridge weights
   * @param delta Huber threshold, &gt; 0
   * @param tolerance relative stopping tolerance, in (0, 1)
   * @param maxIterations limit on accepted steps, &gt;= 1
   */
  HuberNewton(Model model, double delta, double tolerance, int maxIterations) {
    this.model = model;
    this.delta = delta;
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
    this.n = model.rows();
    this.k = model.size();
    lower = new double[k];
    upper = new double[k];
    penalty = new double[k];
    for (int j = 0; j < k; j++) {
      lower[j] = model.lower(j);
      upper[j] = model.upper(j);
      penalty[j] = model.penalty(j);
    }
    rowWeight = new double[n];
    for (int i = 0; i < n; i++) {
      rowWeight[i] = model.multiplicity(i);
    }
    regression = new HuberRegression(n, k);
    positivePart = new PositivePart(k);
    u = new double[n];
    trialU = new double[n];
    jac = new double[n][k];
    compact = new double[n][k];
    offsets = new double[n];
    weights = new double[n];
    curvature = new double[k * k];
    correction = new double[n];
    gradient = new double[k];
    scaling = new double[k];
    step = new double[k];
    trial = new double[k];
    quadratic = new double[k * k];
    linear = new double[k];
    freeStep = new double[k];
    free = new int[k];
    held = new int[k];
  }

  /** Moves p into the box, in place. */
  private void clamp(double[] p) {
    for (int j = 0; j < k; j++) {
      p[j] = Math.min(Math.max(p[j], lower[j]), upper[j]);
    }
  }

  /**
   * Runs the method from a start.
   *
   * @param start parameters, moved into the box first; F must be finite there
   * @param incumbent parameters of a converged run from another start, or null; with one, this
   *     run is abandoned after {@link #COMPARE_AFTER} steps if its objective exceeds {@code
   *     incumbentCost} by more than {@link #ABANDON_RATIO}, or is within {@link #SAME_MINIMUM_COST}
   *     of it at parameters within {@link #SAME_MINIMUM_DISTANCE}
   * @param incumbentCost objective of the incumbent
   * @return the outcome
   * @throws IllegalArgumentException if F is not finite at the start
   */
  Result minimize(double[] start, double[] incumbent, double incumbentCost) {
    double[] p = start.clone();
    clamp(p);
    int evaluations = 1;
    if (!model.jacobian(p, u, jac)) {
      throw new IllegalArgumentException(
          "the objective is not finite at the start " + Arrays.toString(p));
    }
    double cost = cost(u, p);
    Arrays.fill(scaling, MIN_SCALE);
    double mu = INITIAL_DAMPING;
    double growth = 2;
    int iteration = 0;
    boolean fresh = true;
    while (iteration < maxIterations) {
      if (!fresh) {
        evaluations++;
        if (!model.jacobian(p, u, jac)) {
          // The residuals were finite when the point was accepted; only derivatives can fail.
          return new Result(p, cost, Status.STALLED, iteration, evaluations, mu);
        }
      }
      fresh = false;
      prepare(p);
      secondOrder(p, iteration);

      double predicted;
      double trialCost = Double.NaN;
      while (true) {
        predicted = trialStep(p, cost, mu);
        if (!Double.isNaN(predicted)
            && !(predicted > ROUNDING * cost)
            && largestRelativeStep(p) <= tolerance) {
          return new Result(p, cost, Status.CONVERGED, iteration, evaluations, mu);
        }
        if (predicted > 0) {
          accelerate(p);
          evaluations++;
          trialCost = model.residuals(trial, trialU) ? cost(trialU, trial) : Double.NaN;
          if (cost - trialCost > ACCEPT_RATIO * predicted) {
            break;
          }
        }
        mu *= growth;
        growth *= 2;
        if (mu > MAX_DAMPING) {
          return new Result(p, cost, Status.STALLED, iteration, evaluations, mu);
        }
      }

      iteration++;
      double actual = cost - trialCost;
      double ratio = actual / predicted;
      boolean converged =
          largestRelativeStep(p) <= tolerance
              || (actual <= tolerance * cost && predicted <= tolerance * cost);
      System.arraycopy(trial, 0, p, 0, k);
      cost = trialCost;
      if (converged) {
        return new Result(p, cost, Status.CONVERGED, iteration, evaluations, mu);
      }
      double shrink = 2 * ratio - 1;
      mu *= Math.max(1.0 / 3, 1 - shrink * shrink * shrink);
      growth = 2;
      if (incumbent != null
          && iteration >= COMPARE_AFTER
          && nearOrBehind(p, cost, incumbent, incumbentCost)) {
        return new Result(p, cost, Status.ABANDONED, iteration, evaluations, mu);
      }
    }
    return new Result(p, cost, Status.MAX_ITERATIONS, iteration, evaluations, mu);
  }

  private boolean nearOrBehind(double[] p, double cost, double[] incumbent, double incumbentCost) {
    if (cost > ABANDON_RATIO * incumbentCost) {
      return true;
    }
    if (cost > (1 + SAME_MINIMUM_COST) * incumbentCost) {
      return false;
    }
    for (int j = 0; j < k; j++) {
      if (Math.abs(p[j] - incumbent[j]) > SAME_MINIMUM_DISTANCE * (1 + Math.abs(incumbent[j]))) {
        return false;
      }
    }
    return true;
  }

  private double cost(double[] residuals, double[] p) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += rowWeight[i] * HuberRegression.rho(residuals[i], delta);
    }
    for (int j = 0; j < k; j++) {
      if (penalty[j] != 0) {
        sum += 0.5 * penalty[j] * p[j] * p[j];
      }
    }
    return sum;
  }

  /** The gradient of F and the column scaling at p. */
  private void prepare(double[] p) {
    for (int j = 0; j < k; j++) {
      gradient[j] = penalty[j] * p[j];
      double norm = 0;
      for (int i = 0; i < n; i++) {
        double v = jac[i][j];
        norm += rowWeight[i] * v * v;
      }
      scaling[j] = Math.max(scaling[j], norm);
    }
    for (int i = 0; i < n; i++) {
      double weight = rowWeight[i] * HuberRegression.psi(u[i], delta);
      weights[i] = weight;
      double[] row = jac[i];
      for (int j = 0; j < k; j++) {
        gradient[j] += weight * row[j];
      }
    }
  }

  /** Fills {@link #curvature} with S+ at p, or zeros while the run is young. */
  private void secondOrder(double[] p, int iteration) {
    Arrays.fill(curvature, 0.0);
    // Limitation: the switch is by step count, not by the measured rate of progress.
    if (iteration >= SECOND_ORDER_AFTER) {
      model.addCurvature(p, jac, weights, curvature);
      positivePart.apply(curvature);
    }
  }

  /** Largest change {@code |trial_k - p_k| / (1 + |p_k|)} of the trial point. */
  private double largestRelativeStep(double[] p) {
    double largest = 0;
    for (int j = 0; j < k; j++) {
      largest = Math.max(largest, Math.abs(trial[j] - p[j]) / (1 + Math.abs(p[j])));
    }
    return largest;
  }

  /**
   * Minimizes the damped model at p into {@link #step} and {@link #trial}; returns the decrease of
   * F the undamped model predicts, {@code F(p) - m(step)} without the mu term, or NaN when rounding
   * made a Newton system of the model lose definiteness.
   */
  private double trialStep(double[] p, double cost, double mu) {
    // held[j]: 0 free, -1 held on its lower bound, +1 held on its upper bound.
    for (int j = 0; j < k; j++) {
      held[j] = 0;
      step[j] = 0;
      if (p[j] <= lower[j] && gradient[j] > 0) {
        held[j] = -1;
      } else if (p[j] >= upper[j] && gradient[j] < 0) {
        held[j] = 1;
      }
    }
    for (int pass = 0; pass <= k; pass++) {
      int count = 0;
      for (int j = 0; j < k; j++) {
        if (held[j] == 0) {
          free[count++] = j;
        } else {
          step[j] = (held[j] < 0 ? lower[j] : upper[j]) - p[j];
        }
      }
      for (int i = 0; i < n; i++) {
        double[] row = jac[i];
        double offset = u[i];
        for (int j = 0; j < k; j++) {
          if (held[j] != 0) {
            offset += row[j] * step[j];
          }
        }
        offsets[i] = offset;
        double[] target = compact[i];
        for (int f = 0; f < count; f++) {
          target[f] = row[free[f]];
        }
      }
      for (int f = 0; f < count; f++) {
        int j = free[f];
        double coupling = 0;
        for (int h = 0; h < k; h++) {
          if (held[h] != 0) {
            coupling += curvature[j * k + h] * step[h];
          }
        }
        linear[f] = penalty[j] * p[j] + coupling;
        for (int g = 0; g < count; g++) {
          quadratic[f * count + g] = curvature[j * k + free[g]];
        }
        quadratic[f * count + f] += mu * scaling[j] + penalty[j];
      }
      Arrays.fill(freeStep, 0, count, 0.0);
      if (regression.solve(
              offsets, compact, rowWeight, n, count, quadratic, linear, delta, freeStep)
          < 0) {
        return Double.NaN;
      }
      freeCount = count;
      boolean crossed = false;
      for (int f = 0; f < count; f++) {
        int j = free[f];
        double x = p[j] + freeStep[f];
        if (x < lower[j]) {
          held[j] = -1;
          crossed = true;
        } else if (x > upper[j]) {
          held[j] = 1;
          crossed = true;
        } else {
          step[j] = freeStep[f];
        }
      }
      if (!crossed) {
        break;
      }
    }
    for (int j = 0; j < k; j++) {
      if (held[j] < 0) {
        trial[j] = lower[j];
      } else if (held[j] > 0) {
        trial[j] = upper[j];
      } else {
        trial[j] = Math.min(Math.max(p[j] + step[j], lower[j]), upper[j]);
      }
      step[j] = trial[j] - p[j];
    }
    return cost - modelValue();
  }

  /** The undamped model m at {@link #step}, with {@link #trial} = p + step. */
  private double modelValue() {
    double value = 0;
    for (int i = 0; i < n; i++) {
      double[] row = jac[i];
      double r = u[i];
      for (int j = 0; j < k; j++) {
        r += row[j] * step[j];
      }
      value += rowWeight[i] * HuberRegression.rho(r, delta);
    }
    double second = 0;
    for (int j = 0; j < k; j++) {
      double sum = 0;
      for (int h = 0; h < k; h++) {
        sum += curvature[j * k + h] * step[h];
      }
      second += step[j] * sum;
      if (penalty[j] != 0) {
        value += 0.5 * penalty[j] * trial[j] * trial[j];
      }
    }
    return value + 0.5 * second;
  }

  /**
   * Geodesic acceleration (Transtrum and Sethna 2012, "Improvements to the Levenberg-Marquardt
   * algorithm for nonlinear least-squares minimization", arXiv:1201.5885): the residuals along the
   * step v curve by {@code r_vv = v^T (d^2u/dp^2) v}; shifting every offset of the model by {@code
   * r_vv / 2} moves its minimizer by {@code a / 2}, and the step {@code v + a / 2} follows a curved
   * valley instead of leaving it along the tangent. The correction is kept only while {@code |a|}
   * is at most {@link #MAX_ACCELERATION} times {@code |v|} (in the D norm), where the expansion can
   * be trusted.
   */
  private void accelerate(double[] p) {
    model.directionalCurvature(p, jac, step, correction);
    for (int i = 0; i < n; i++) {
      correction[i] *= 0.5;
    }
    if (!regression.shiftResponse(
        compact, rowWeight, n, freeCount, quadratic, delta, correction, freeStep)) {
      return;
    }
    double velocity = 0;
    double acceleration = 0;
    for (int f = 0; f < freeCount; f++) {
      int j = free[f];
      double a = 2 * freeStep[f];
      velocity += scaling[j] * step[j] * step[j];
      acceleration += scaling[j] * a * a;
    }
    if (!(acceleration <= MAX_ACCELERATION * MAX_ACCELERATION * velocity)) {
      return;
    }
    for (int f = 0; f < freeCount; f++) {
      int j = free[f];
      trial[j] = Math.min(Math.max(p[j] + step[j] + freeStep[f], lower[j]), upper[j]);
    }
  }
}

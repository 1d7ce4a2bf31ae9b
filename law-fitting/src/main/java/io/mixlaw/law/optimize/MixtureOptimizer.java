package io.mixlaw.law.optimize;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Exact minimization of an {@link ExponentialMixtureObjective} over the bounded simplex {@code {r :
 * lower_j <= r_j <= upper_j, sum_j r_j = 1}}.
 *
 * <p><b>Algorithm.</b> A projected Newton method in the spirit of Bertsekas (1982), "Projected
 * Newton methods for optimization problems with simple constraints" (SIAM J. Control Optim. 20):
 * each iteration estimates the multiplier mu of the sum constraint, sends the weights that lie
 * within a shrinking band of a bound and that the gradient pushes outward onto that bound, solves
 * the Newton system for the other weights with the sum constraint kept by a Lagrange multiplier,
 * and searches along the projection arc {@code P(r + t d)} with an Armijo test. When the Newton
 * direction yields no decrease, a projected-gradient step with Armijo backtracking is taken
 * instead, which keeps the method globally convergent on the convex objective. The projection onto
 * the bounded simplex is exact: {@code P(y)_j = clamp(y_j - nu, lower_j, upper_j)} with the shift
 * nu found by sorting the 2M breakpoints of the piecewise-linear sum (Helgason, Kennington and Lall
 * 1980) and solving the linear piece that crosses 1.
 *
 * <p><b>Stopping.</b> The iteration stops when the {@link KktReport} stationarity is at most {@code
 * tolerance * max(1, max_j |g_j|)} and the point is feasible to {@link #PRIMAL_TOLERANCE}, when no
 * step decreases the objective any more, or at the iteration limit; the returned report says which
 * conditions hold.
 *
 * <p><b>Overflow.</b> When the objective overflows at the projection of the uniform mixture (a
 * degenerate fitted law, see {@link ExponentialMixtureObjective}), the iteration starts instead
 * from the minimizer of the target-weighted mean exponent over the constraints, where a single
 * degenerate target is smallest; as every accepted step lowers the objective, it stays finite from
 * there. Only when it overflows at both starts does {@link #minimize} throw {@link
 * ObjectiveOverflowException}.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class MixtureOptimizer {

  /** Relative tolerance on the stationarity part of the KKT conditions. */
  public static final double DEFAULT_TOLERANCE = 1e-9;

  /** Largest violation of a bound or of the sum constraint accepted as feasible. */
  public static final double PRIMAL_TOLERANCE = 1e-12;

  /** Iteration limit. */
  public static final int DEFAULT_MAX_ITERATIONS = 500;

  /** Distance to a bound within which a weight counts as on the bound. */
  static final double ACTIVE_TOLERANCE = 1e-12;

  /** Widest band next to a bound in which a weight pushed outward is moved onto the bound. */
  private static final double ACTIVE_BAND = 1e-3;

  /** Sufficient-decrease constant of the Armijo test. */
  private static final double ARMIJO = 1e-4;

  /** Relative change of the objective below which its values no longer rank points reliably. */
  private static final double PRECISION_LIMIT = 1e-13;

  /** Relative slack of the Armijo test: objective differences below rounding are not decisive. */
  private static final double ROUNDING_SLACK = 4e-16;

  /** Backtracking halvings tried before the gradient direction is abandoned. */
  private static final int MAX_HALVINGS = 60;

  /** Backtracking halvings tried before a Newton direction gives way to a gradient step. */
  private static final int MAX_NEWTON_HALVINGS = 30;

  /** Least diagonal shift of the face Hessian, relative to its largest diagonal entry. */
  private static final double NEWTON_REGULARIZATION = 1e-12;

  private final double tolerance;
  private final int maxIterations;

  private MixtureOptimizer(double tolerance, int maxIterations) {
    this.tolerance = tolerance;
    this.maxIterations = maxIterations;
  }

  /** An optimizer with {@link #DEFAULT_TOLERANCE} and {@link #DEFAULT_MAX_ITERATIONS}. */
  public static MixtureOptimizer defaults() {
    return new MixtureOptimizer(DEFAULT_TOLERANCE, DEFAULT_MAX_ITERATIONS);
  }

  /**
   * Returns a copy with another stationarity tolerance.
   *
   * @param relative tolerance relative to {@code max(1, max_j |g_j|)}, in (0, 1)
   */
  public MixtureOptimizer withTolerance(double relative) {
    if (!(relative > 0 && relative < 1)) {
      throw new IllegalArgumentException("tolerance must be in (0, 1), got " + relative);
    }
    return new MixtureOptimizer(relative, maxIterations);
  }

  /**
   * Returns a copy with another iteration limit.
   *
   * @param iterations limit, &gt;= 1
   */
  public MixtureOptimizer withMaxIterations(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("max iterations must be >= 1, got " + iterations);
    }
    return new MixtureOptimizer(tolerance, iterations);
  }

  /** The relative stationarity tolerance. */
  public double tolerance() {
    return tolerance;
  }

  /** The iteration limit. */
  public int maxIterations() {
    return maxIterations;
  }

  /**
   * Minimizes the objective over the mixtures the constraints allow.
   *
   * @param objective convex objective over M domains
   * @param constraints bounds for the same M domains, in the same order
   * @return the minimizer, its objective value, the KKT report at it and the iterations used
   * @throws InfeasibleMixtureException if no mixture satisfies the constraints
   * @throws IllegalArgumentException if the objective and the constraints disagree on M
   * @throws ObjectiveOverflowException if the objective overflows both at the projection of the
   *     uniform mixture and at the minimizer of its target-weighted mean exponent, the two starts
   *     tried; this happens only for degenerate fitted laws
   */
  public OptimalMixture minimize(
      ExponentialMixtureObjective objective, MixtureConstraints constraints) {
    Objects.requireNonNull(objective, "objective");
    Objects.requireNonNull(constraints, "constraints");
    checkDimensions(objective, constraints);
    constraints.checkFeasible();
    int m = objective.dimension();
    double[] lower = constraints.lower();
    double[] upper = constraints.upper();

    double[] start = new double[m];
    Arrays.fill(start, 1.0 / m);
    double[] r = new double[m];
    project(start, lower, upper, 1.0, r, m);

    Workspace w = new Workspace(m);
    double value = objective.valueAndGradient(r, w.gradient);
    if (!finite(value, w.gradient)) {
      // A degenerate law can overflow at the centre of the simplex yet not at its optimum.
      // Limitation: a law that overflows at both starts is rejected even if finite elsewhere.
      linearMinimum(objective.meanSlope(), lower, upper, start);
      project(start, lower, upper, 1.0, r, m);
      value = objective.valueAndGradient(r, w.gradient);
      if (!finite(value, w.gradient)) {
        throw objective.overflow(r, "value");
      }
    }
    // Every accepted step lowers the value, so value and gradient stay finite from here on.
    KktReport kkt = kkt(r, w.gradient, lower, upper);
    int iterations = 0;
    while (!kkt.satisfied() && iterations < maxIterations) {
      iterations++;
      objective.hessian(r, w.hessian);
      boolean moved =
          newtonStep(objective, r, value, lower, upper, w)
              || gradientStep(objective, r, value, lower, upper, w);
      if (!moved) {
        break;
      }
      value = objective.valueAndGradient(r, w.gradient);
      kkt = kkt(r, w.gradient, lower, upper);
    }
    return new OptimalMixture(r, value, kkt, iterations);
  }

  private static boolean finite(double value, double[] gradient) {
    if (!Double.isFinite(value)) {
      return false;
    }
    for (double g : gradient) {
      if (!Double.isFinite(g)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Writes into r the minimizer of the linear function {@code c . r} over the bounded simplex:
   * every weight at its lower bound, then the remaining mass to the domains of smallest {@code
   * c_j}, each up to its upper bound (ties by domain order).
   */
  static void linearMinimum(double[] c, double[] lower, double[] upper, double[] r) {
    int m = c.length;
    Integer[] order = new Integer[m];
    double remaining = 1;
    for (int j = 0; j < m; j++) {
      order[j] = j;
      r[j] = lower[j];
      remaining -= lower[j];
    }
    Arrays.sort(order, (a, b) -> Double.compare(c[a], c[b]));
    for (int j : order) {
      double add = Math.max(0, Math.min(upper[j] - lower[j], remaining));
      r[j] += add;
      remaining -= add;
    }
  }

  /**
   * Evaluates the KKT conditions at a mixture.
   *
   * @param objective the objective
   * @param constraints bounds for the objective's domains
   * @param mixture the point to check
   * @return the report, judged with this optimizer's tolerances
   * @throws ObjectiveOverflowException if the gradient overflows at the mixture
   */
  public KktReport kkt(
      ExponentialMixtureObjective objective, MixtureConstraints constraints, double[] mixture) {
    Objects.requireNonNull(mixture, "mixture");
    checkDimensions(objective, constraints);
    if (mixture.length != objective.dimension()) {
      throw new IllegalArgumentException(
          "mixture must have " + objective.dimension() + " weights, got " + mixture.length);
    }
    return kkt(mixture, objective.gradient(mixture), constraints.lower(), constraints.upper());
  }

  private static void checkDimensions(
      ExponentialMixtureObjective objective, MixtureConstraints constraints) {
    if (objective.dimension() != constraints.size()) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "objective has %d domains but the constraints have %d (%s)",
              objective.dimension(),
              constraints.size(),
              String.join(", ", constraints.domains())));
    }
  }

  private KktReport kkt(double[] r, double[] g, double[] lower, double[] upper) {
    double sum = 0;
    double primal = 0;
    double scale = 1;
    for (int j = 0; j < r.length; j++) {
      sum += r[j];
      primal = Math.max(primal, Math.max(lower[j] - r[j], r[j] - upper[j]));
      scale = Math.max(scale, Math.abs(g[j]));
    }
    primal = Math.max(primal, Math.abs(sum - 1));
    Stationarity s = stationarity(r, g, lower, upper);
    boolean satisfied = s.violation() <= tolerance * scale && primal <= PRIMAL_TOLERANCE;
    return new KktReport(s.violation(), primal, s.multiplier(), satisfied);
  }

  /** The multiplier that minimizes the largest gradient-condition violation, and that violation. */
  private record Stationarity(double multiplier, double violation) {}

  private static Stationarity stationarity(double[] r, double[] g, double[] lower, double[] upper) {
    double mustBeAbove = Double.NEGATIVE_INFINITY;
    double mustBeBelow = Double.POSITIVE_INFINITY;
    for (int j = 0; j < r.length; j++) {
      boolean atLower = r[j] <= lower[j] + ACTIVE_TOLERANCE;
      boolean atUpper = r[j] >= upper[j] - ACTIVE_TOLERANCE;
      if (atLower && atUpper) {
        continue;
      }
      if (!atUpper) {
        // r_j can grow, so optimality needs g_j >= mu.
        mustBeBelow = Math.min(mustBeBelow, g[j]);
      }
      if (!atLower) {
        // r_j can shrink, so optimality needs g_j <= mu.
        mustBeAbove = Math.max(mustBeAbove, g[j]);
      }
    }
    if (mustBeAbove == Double.NEGATIVE_INFINITY && mustBeBelow == Double.POSITIVE_INFINITY) {
      return new Stationarity(0, 0);
    }
    if (mustBeAbove == Double.NEGATIVE_INFINITY) {
      return new Stationarity(mustBeBelow, 0);
    }
    if (mustBeBelow == Double.POSITIVE_INFINITY) {
      return new Stationarity(mustBeAbove, 0);
    }
    return new Stationarity(
        0.5 * (mustBeAbove + mustBeBelow), Math.max(0, 0.5 * (mustBeAbove - mustBeBelow)));
  }

  /** Scratch arrays of one minimization. */
  private static final class Workspace {
    final double[] gradient;
    final double[] trialGradient;
    final double[][] hessian;
    final double[] direction;
    final double[] trial;
    final double[] shifted;
    final double[] faceLower;
    final double[] faceUpper;
    final double[] facePoint;
    final double[] faceOut;
    final int[] free;
    final double[][] system;
    final double[] rhs;

    Workspace(int m) {
      gradient = new double[m];
      trialGradient = new double[m];
      hessian = new double[m][m];
      direction = new double[m];
      trial = new double[m];
      shifted = new double[m];
      faceLower = new double[m];
      faceUpper = new double[m];
      facePoint = new double[m];
      faceOut = new double[m];
      free = new int[m];
      system = new double[m + 1][m + 1];
      rhs = new double[m + 1];
    }
  }

  /**
   * One projected Newton step. The gradient-projection point {@code z = P(r - s g)}, {@code s =
   * 1/trace(H)}, names the weights the gradient pushes against their bounds; those within a band of
   * that bound (Bertsekas' epsilon-active set, the band shrinking with {@code |r - z|}) are put on
   * it and held there. The others take the Newton step of the face with the sum constraint,
   * searched along their own projection arc so that held weights never leave their bounds.
   */
  private static boolean newtonStep(
      ExponentialMixtureObjective objective,
      double[] r,
      double value,
      double[] lower,
      double[] upper,
      Workspace w) {
    int m = r.length;
    double[] g = w.gradient;
    double step = 1.0 / Math.max(trace(w.hessian), Double.MIN_NORMAL);
    for (int j = 0; j < m; j++) {
      w.shifted[j] = r[j] - step * g[j];
    }
    project(w.shifted, lower, upper, 1.0, w.trial, m);
    double band = 0;
    for (int j = 0; j < m; j++) {
      band = Math.max(band, Math.abs(r[j] - w.trial[j]));
    }
    band = Math.max(Math.min(band, ACTIVE_BAND), ACTIVE_TOLERANCE);

    // d holds the move of the held weights onto their bounds; free ones are solved below.
    double[] d = w.direction;
    int k = 0;
    double faceTotal = 1;
    for (int j = 0; j < m; j++) {
      d[j] = 0;
      if (w.trial[j] == lower[j] && r[j] - lower[j] <= band) {
        d[j] = lower[j] - r[j];
      } else if (w.trial[j] == upper[j] && upper[j] - r[j] <= band) {
        d[j] = upper[j] - r[j];
      } else {
        w.free[k++] = j;
        continue;
      }
      faceTotal -= r[j] + d[j];
    }
    // With fewer targets than domains H is singular and f is linear along its null space; a
    // shift that shrinks with the projected-gradient step keeps those steps of the order of the
    // simplex while the final Newton steps stay fast.
    double maxDiagonal = 0;
    for (int j = 0; j < m; j++) {
      maxDiagonal = Math.max(maxDiagonal, w.hessian[j][j]);
    }
    double tau =
        NEWTON_REGULARIZATION * Math.max(maxDiagonal, Double.MIN_NORMAL)
            + (band > ACTIVE_TOLERANCE ? band / step : 0);

    // A free weight on a bound that the Newton direction pushes outward is held there too and
    // the face solved again, so that the direction is feasible for short steps.
    boolean settled = false;
    while (!settled) {
      if (k == 0 || !solveFace(r, g, tau, k, faceTotal, w)) {
        return false;
      }
      settled = true;
      int kept = 0;
      for (int a = 0; a < k; a++) {
        int fa = w.free[a];
        double move = w.rhs[a];
        if ((r[fa] >= upper[fa] - ACTIVE_TOLERANCE && move > 0)
            || (r[fa] <= lower[fa] + ACTIVE_TOLERANCE && move < 0)) {
          d[fa] = (move > 0 ? upper[fa] : lower[fa]) - r[fa];
          faceTotal -= r[fa] + d[fa];
          settled = false;
        } else {
          w.free[kept++] = fa;
        }
      }
      k = kept;
    }

    double faceLowerSum = 0;
    double faceUpperSum = 0;
    for (int a = 0; a < k; a++) {
      int fa = w.free[a];
      w.faceLower[a] = lower[fa];
      w.faceUpper[a] = upper[fa];
      faceLowerSum += lower[fa];
      faceUpperSum += upper[fa];
    }
    if (faceLowerSum > faceTotal + ACTIVE_TOLERANCE
        || faceUpperSum < faceTotal - ACTIVE_TOLERANCE) {
      return false;
    }

    double t = 1;
    for (int h = 0; h < MAX_NEWTON_HALVINGS; h++, t *= 0.5) {
      for (int a = 0; a < k; a++) {
        w.facePoint[a] = r[w.free[a]] + t * w.rhs[a];
      }
      project(w.facePoint, w.faceLower, w.faceUpper, faceTotal, w.faceOut, k);
      double largestMove = 0;
      for (int j = 0; j < m; j++) {
        w.trial[j] = r[j] + d[j];
      }
      for (int a = 0; a < k; a++) {
        w.trial[w.free[a]] = w.faceOut[a];
      }
      for (int j = 0; j < m; j++) {
        largestMove = Math.max(largestMove, Math.abs(w.trial[j] - r[j]));
      }
      if (h == 0 && belowRounding(r, value, w)) {
        // The objective cannot rank points this close; the full Newton step is kept when it
        // brings the gradient conditions closer to hold.
        objective.valueAndGradient(w.trial, w.trialGradient);
        if (stationarity(w.trial, w.trialGradient, lower, upper).violation()
            < stationarity(r, g, lower, upper).violation()) {
          System.arraycopy(w.trial, 0, r, 0, m);
          return true;
        }
        return false;
      }
      if (largestMove < ACTIVE_TOLERANCE) {
        // A move this small is rounding, not progress: let the gradient step change the face.
        return false;
      }
      int verdict = armijo(objective, r, value, w);
      if (verdict != 0) {
        return verdict > 0;
      }
    }
    return false;
  }

  /**
   * Solves the Newton system of the face {@code w.free[0..k)} with the held weights moving by
   * {@code w.direction}: {@code [H_FF + tau I, 1; 1^T, 0] [d_F; -nu] = [-g_F - H_FA d_A; faceTotal
   * - sum r_F]}; d_F lands in {@code w.rhs[0..k)}.
   */
  private static boolean solveFace(
      double[] r, double[] g, double tau, int k, double faceTotal, Workspace w) {
    double[] d = w.direction;
    double faceSum = 0;
    for (int a = 0; a < k; a++) {
      int fa = w.free[a];
      faceSum += r[fa];
      d[fa] = 0;
    }
    for (int a = 0; a < k; a++) {
      int fa = w.free[a];
      double coupling = 0;
      for (int j = 0; j < r.length; j++) {
        coupling += w.hessian[fa][j] * d[j];
      }
      for (int b = 0; b < k; b++) {
        w.system[a][b] = w.hessian[fa][w.free[b]];
      }
      w.system[a][a] += tau;
      w.system[a][k] = 1;
      w.system[k][a] = 1;
      w.rhs[a] = -g[fa] - coupling;
    }
    w.system[k][k] = 0;
    w.rhs[k] = faceTotal - faceSum;
    return solve(w.system, w.rhs, k + 1);
  }

  private static boolean gradientStep(
      ExponentialMixtureObjective objective,
      double[] r,
      double value,
      double[] lower,
      double[] upper,
      Workspace w) {
    int m = r.length;
    // 1 / trace(H) is below 1 / lambda_max(H), a step the quadratic model never overshoots.
    double t = 1.0 / Math.max(trace(w.hessian), Double.MIN_NORMAL);
    for (int h = 0; h < MAX_HALVINGS; h++, t *= 0.5) {
      for (int j = 0; j < m; j++) {
        w.shifted[j] = r[j] - t * w.gradient[j];
      }
      project(w.shifted, lower, upper, 1.0, w.trial, m);
      double largestMove = 0;
      for (int j = 0; j < m; j++) {
        largestMove = Math.max(largestMove, Math.abs(w.trial[j] - r[j]));
      }
      if (largestMove < ACTIVE_TOLERANCE) {
        // Only rounding-sized moves are left: the point is as stationary as doubles allow.
        return false;
      }
      int verdict = armijo(objective, r, value, w);
      if (verdict != 0) {
        return verdict > 0;
      }
    }
    return false;
  }

  /** Whether the first-order change from r to the trial point is within rounding of f(r). */
  private static boolean belowRounding(double[] r, double value, Workspace w) {
    double change = 0;
    for (int j = 0; j < r.length; j++) {
      change += w.gradient[j] * (w.trial[j] - r[j]);
    }
    return Math.abs(change) <= PRECISION_LIMIT * Math.max(Math.abs(value), Double.MIN_NORMAL);
  }

  /**
   * Armijo test of {@code w.trial} against r: 1 and r replaced by the trial when it passes, -1 when
   * the trial equals r (nothing left to try), 0 to shorten the step.
   */
  private static int armijo(
      ExponentialMixtureObjective objective, double[] r, double value, Workspace w) {
    double decrease = 0;
    boolean changed = false;
    for (int j = 0; j < r.length; j++) {
      decrease += w.gradient[j] * (w.trial[j] - r[j]);
      changed |= w.trial[j] != r[j];
    }
    if (!changed) {
      return -1;
    }
    if (!(decrease < 0)) {
      return 0;
    }
    double trialValue = objective.valueUnchecked(w.trial);
    if (trialValue <= value + ARMIJO * decrease + ROUNDING_SLACK * Math.abs(value)) {
      System.arraycopy(w.trial, 0, r, 0, r.length);
      return 1;
    }
    return 0;
  }

  private static double trace(double[][] matrix) {
    double trace = 0;
    for (int j = 0; j < matrix.length; j++) {
      trace += matrix[j][j];
    }
    return trace;
  }

  /** Gaussian elimination with partial pivoting; the solution replaces {@code b}. */
  private static boolean solve(double[][] a, double[] b, int n) {
    for (int c = 0; c < n; c++) {
      int pivot = c;
      for (int i = c + 1; i < n; i++) {
        if (Math.abs(a[i][c]) > Math.abs(a[pivot][c])) {
          pivot = i;
        }
      }
      if (a[pivot][c] == 0) {
        return false;
      }
      double[] row = a[c];
      a[c] = a[pivot];
      a[pivot] = row;
      double swap = b[c];
      b[c] = b[pivot];
      b[pivot] = swap;
      for (int i = c + 1; i < n; i++) {
        double factor = a[i][c] / a[c][c];
        if (factor != 0) {
          for (int j = c; j < n; j++) {
            a[i][j] -= factor * a[c][j];
          }
          b[i] -= factor * b[c];
        }
      }
    }
    for (int i = n - 1; i >= 0; i--) {
      double v = b[i];
      for (int j = i + 1; j < n; j++) {
        v -= a[i][j] * b[j];
      }
      b[i] = v / a[i][i];
    }
    for (int i = 0; i < n; i++) {
      if (!Double.isFinite(b[i])) {
        return false;
      }
    }
    return true;
  }

  /**
   * The Euclidean projection onto the bounded simplex of the constraints.
   *
   * @param point any M finite values
   * @param constraints feasible bounds for M domains
   * @return the closest mixture to the point within the bounds; it sums to 1 up to rounding
   * @throws InfeasibleMixtureException if the constraints are infeasible
   */
  public static double[] project(double[] point, MixtureConstraints constraints) {
    Objects.requireNonNull(point, "point");
    Objects.requireNonNull(constraints, "constraints");
    constraints.checkFeasible();
    if (point.length != constraints.size()) {
      throw new IllegalArgumentException(
          "point must have " + constraints.size() + " values, got " + point.length);
    }
    for (int j = 0; j < point.length; j++) {
      if (!Double.isFinite(point[j])) {
        throw new IllegalArgumentException("point[" + j + "] must be finite, got " + point[j]);
      }
    }
    double[] out = new double[point.length];
    project(point, constraints.lower(), constraints.upper(), 1.0, out, point.length);
    return out;
  }

  /**
   * Projects the first n entries of y onto {@code {lower <= r <= upper, sum r = total}}, assumed
   * feasible, into out.
   */
  static void project(
      double[] y, double[] lower, double[] upper, double total, double[] out, int n) {
    double lowerSum = 0;
    double upperSum = 0;
    for (int j = 0; j < n; j++) {
      lowerSum += lower[j];
      upperSum += upper[j];
    }
    if (upperSum <= total) {
      System.arraycopy(upper, 0, out, 0, n);
      return;
    }
    if (lowerSum >= total) {
      System.arraycopy(lower, 0, out, 0, n);
      return;
    }

    // phi(nu) = sum_j clamp(y_j - nu, lower_j, upper_j) falls from upperSum > total to
    // lowerSum < total and is linear between consecutive breakpoints y_j - upper_j, y_j - lower_j.
    double[] breakpoints = new double[2 * n];
    for (int j = 0; j < n; j++) {
      breakpoints[2 * j] = y[j] - upper[j];
      breakpoints[2 * j + 1] = y[j] - lower[j];
    }
    Arrays.sort(breakpoints);
    int low = 0;
    int high = 2 * n - 1;
    while (high - low > 1) {
      int mid = (low + high) >>> 1;
      if (sumClamped(y, lower, upper, breakpoints[mid], n) > total) {
        low = mid;
      } else {
        high = mid;
      }
    }
    double left = breakpoints[low];
    double right = breakpoints[high];
    double phiLeft = sumClamped(y, lower, upper, left, n);
    double phiRight = sumClamped(y, lower, upper, right, n);
    double shift =
        phiLeft > phiRight
            ? left + (phiLeft - total) * (right - left) / (phiLeft - phiRight)
            : right;
    double sum = 0;
    for (int j = 0; j < n; j++) {
      out[j] = Math.min(Math.max(y[j] - shift, lower[j]), upper[j]);
      sum += out[j];
    }

    // Put the rounding residue of the sum on weights strictly inside their bounds.
    double residue = total - sum;
    for (int j = 0; j < n && residue != 0; j++) {
      if (out[j] > lower[j] && out[j] < upper[j]) {
        double moved = Math.min(Math.max(out[j] + residue, lower[j]), upper[j]);
        residue -= moved - out[j];
        out[j] = moved;
      }
    }
  }

  private static double sumClamped(
      double[] y, double[] lower, double[] upper, double shift, int n) {
    double sum = 0;
    for (int j = 0; j < n; j++) {
      sum += Math.min(Math.max(y[j] - shift, lower[j]), upper[j]);
    }
    return sum;
  }
}

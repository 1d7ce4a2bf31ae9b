package io.mixlaw.law;

import java.util.Arrays;

/**
 * Exact minimizer of a weighted linear Huber regression with a quadratic term:
 *
 * <pre>
 *   phi(d) = sum_i w_i rho(v_i + a_i . d) + d^T Q d / 2 + c . d,   w_i &gt; 0, Q pos. definite,
 * </pre>
 *
 * with rho the Huber function of threshold delta. phi is strictly convex and piecewise quadratic:
 * where a given set of rows lies inside the band {@code |v_i + a_i . d| <= delta} it is a quadratic
 * whose Hessian is Q plus the weighted outer products of those rows. Each iteration takes the
 * Newton step of the current piece and an exact line search along it: the derivative of phi along
 * the step is increasing and piecewise linear, with a break where a row crosses a band edge, so the
 * search walks the pieces in order until the one holding the root. The iteration ends when the
 * Newton step stays in its piece, at the exact minimizer; this is the finite Newton method of
 * Madsen and Nielsen (1990), "Finite algorithms for robust linear regression", BIT 30, with Q
 * keeping every Newton system definite. Should rounding break that, {@link #solve} says so rather
 * than return a point that is not the minimizer.
 *
 * <p>Instances hold scratch space for one caller at a time.
 */
final class HuberRegression {

  /** Iteration limit; the method ends in a handful of iterations in practice. */
  static final int MAX_ITERATIONS = 100;

  /** Relative size of the gradient, against the terms it sums, treated as zero. */
  private static final double GRADIENT_FLOOR = 1e-13;

  /** Relative distance from the full Newton step within which the step counts as full. */
  private static final double FULL_STEP = 1e-12;

  private final double[] residual;
  private final double[] gradient;
  private final double[] scale;
  private final double[] hessian;
  private final double[] step;
  private final double[] along;
  private final double[] heapTime;
  private final int[] heapRow;
  private double lineConstant;
  private double lineSlope;

  /**
   * Creates the scratch space.
   *
   * @param rows largest number of rows solved
   * @param columns largest number of unknowns solved
   */
  HuberRegression(int rows, int columns) {
    residual = new double[rows];
    gradient = new double[columns];
    scale = new double[columns];
    hessian = new double[columns * columns];
    step = new double[columns];
    along = new double[rows];
    heapTime = new double[2 * rows];
    heapRow = new int[2 * rows];
  }

  /** The Huber function of threshold delta. */
  static double rho(double x, double delta) {
    double a = Math.abs(x);
    return a <= delta ? 0.5 * x * x : delta * (a - 0.5 * delta);
  }

  /** The derivative of {@link #rho}: x clamped to {@code [-delta, delta]}. */
  static double psi(double x, double delta) {
    return Math.max(-delta, Math.min(delta, x));
  }

  /**
   * Minimizes phi.
   *
   * @param v offsets of the rows, {@code rows} entries used
   * @param a row vectors, {@code a[i][0..columns)} used
   * @param w positive weight of every row
   * @param rows number of rows
   * @param columns number of unknowns
   * @param q row-major {@code columns x columns} symmetric positive definite matrix Q
   * @param c linear term
   * @param delta Huber threshold, &gt; 0
   * @param d the starting point on entry, the minimizer on return, in {@code d[0..columns)}
   * @return the number of Newton iterations used, or -1 when rounding made phi lose convexity
   *     along the way: a Newton system is not positive definite or phi decreases without bound
   *     along a step
   */
  int solve(
      double[] v,
      double[][] a,
      double[] w,
      int rows,
      int columns,
      double[] q,
      double[] c,
      double delta,
      double[] d) {
    for (int i = 0; i < rows; i++) {
      double[] row = a[i];
      double sum = v[i];
      for (int j = 0; j < columns; j++) {
        sum += row[j] * d[j];
      }
      residual[i] = sum;
    }
    int iteration = 0;
    while (iteration < MAX_ITERATIONS) {
      iteration++;
      if (gradientVanishes(a, w, rows, columns, q, c, delta, d)) {
        break;
      }
      if (!newtonStep(a, w, rows, columns, q, delta)) {
        return -1;
      }
      double initialSlope = 0;
      for (int j = 0; j < columns; j++) {
        initialSlope += gradient[j] * step[j];
      }
      if (!(initialSlope < 0)) {
        break;
      }
      for (int i = 0; i < rows; i++) {
        double sum = 0;
        double[] row = a[i];
        for (int j = 0; j < columns; j++) {
          sum += row[j] * step[j];
        }
        along[i] = sum;
      }
      prepareLine(columns, q, c, d);

      double t = lineMinimum(w, rows, delta);
      if (Double.isNaN(t)) {
        return -1;
      }
      boolean moved = false;
      for (int j = 0; j < columns; j++) {
        double move = t * step[j];
        moved |= Math.abs(move) > 1e-16 * (1 + Math.abs(d[j]));
        d[j] += move;
      }
      for (int i = 0; i < rows; i++) {
        residual[i] += t * along[i];
      }
      if (!moved || Math.abs(t - 1) <= FULL_STEP) {
        // A full Newton step that stayed in its piece lands on the piece's minimizer.
        break;
      }
    }
    return iteration;
  }

  /**
   * The first-order change of the minimizer found by the last {@link #solve} when every offset v_i
   * moves by {@code shift_i} and the rows inside the band stay inside: {@code -(Q + sum_{inside}
   * w_i a_i a_i^T)^-1 sum_{inside} w_i a_i shift_i}. Rows beyond the band do not move the
   * minimizer, since their slope is fixed at {@code +-delta}.
   *
   * @param a row vectors, as in the last solve
   * @param w row weights, as in the last solve
   * @param rows number of rows, as in the last solve
   * @param columns number of unknowns, as in the last solve
   * @param q the matrix Q, as in the last solve
   * @param delta Huber threshold, as in the last solve
   * @param shift the change of every offset
   * @param out receives the change of the minimizer, {@code out[0..columns)}
   * @return false if rounding made the system lose definiteness
   */
  boolean shiftResponse(
      double[][] a,
      double[] w,
      int rows,
      int columns,
      double[] q,
      double delta,
      double[] shift,
      double[] out) {
    Arrays.fill(gradient, 0, columns, 0.0);
    for (int i = 0; i < rows; i++) {
      if (Math.abs(residual[i]) <= delta) {
        double ws = w[i] * shift[i];
        double[] row = a[i];
        for (int j = 0; j < columns; j++) {
          gradient[j] += ws * row[j];
        }
      }
    }
    if (!newtonStep(a, w, rows, columns, q, delta)) {
      return false;
    }
    System.arraycopy(step, 0, out, 0, columns);
    return true;
  }

  /** Fills {@link #gradient} and reports whether it is zero to rounding. */
  private boolean gradientVanishes(
      double[][] a,
      double[] w,
      int rows,
      int columns,
      double[] q,
      double[] c,
      double delta,
      double[] d) {
    for (int j = 0; j < columns; j++) {
      double quadratic = 0;
      int base = j * columns;
      for (int k = 0; k < columns; k++) {
        quadratic += q[base + k] * d[k];
      }
      gradient[j] = quadratic + c[j];
      scale[j] = Math.abs(quadratic) + Math.abs(c[j]);
    }
    for (int i = 0; i < rows; i++) {
      double weight = w[i] * psi(residual[i], delta);
      if (weight != 0) {
        double[] row = a[i];
        for (int j = 0; j < columns; j++) {
          double term = weight * row[j];
          gradient[j] += term;
          scale[j] += Math.abs(term);
        }
      }
    }
    for (int j = 0; j < columns; j++) {
      if (Math.abs(gradient[j]) > GRADIENT_FLOOR * scale[j]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Solves {@code (Q + sum_{inside} w_i a_i a_i^T) step = -gradient} by Cholesky; false if rounding
   * made the matrix lose definiteness.
   */
  private boolean newtonStep(
      double[][] a, double[] w, int rows, int columns, double[] q, double delta) {
    System.arraycopy(q, 0, hessian, 0, columns * columns);
    for (int i = 0; i < rows; i++) {
      if (Math.abs(residual[i]) <= delta) {
        double[] row = a[i];
        double weight = w[i];
        for (int j = 0; j < columns; j++) {
          double aj = weight * row[j];
          if (aj != 0) {
            int base = j * columns;
            for (int k = j; k < columns; k++) {
              hessian[base + k] += aj * row[k];
            }
          }
        }
      }
    }
    for (int j = 0; j < columns; j++) {
      step[j] = -gradient[j];
    }
    return Cholesky.solve(hessian, columns, step);
  }

  /**
   * Stores the quadratic part of the directional derivative, {@code step^T (Q (d + t step) + c)} =
   * lineConstant + t lineSlope.
   */
  private void prepareLine(int columns, double[] q, double[] c, double[] d) {
    double constant = 0;
    double slope = 0;
    for (int j = 0; j < columns; j++) {
      double sum = 0;
      int base = j * columns;
      for (int k = 0; k < columns; k++) {
        sum += q[base + k] * step[k];
      }
      slope += step[j] * sum;
      constant += sum * d[j] + c[j] * step[j];
    }
    lineConstant = constant;
    lineSlope = slope;
  }

  /**
   * The root of the derivative of {@code phi(d + t step)}, t &gt; 0: the exact line minimum. The
   * derivative is {@code constant + t slope} between consecutive band crossings. Rows are
   * classified just after {@code t = 0}; every later crossing toggles one row between the band
   * (contributing {@code w b (v + t b)}) and outside it (contributing {@code +-w b delta}). The
   * crossings are popped from a binary heap in order until the piece that holds the root.
   */
  private double lineMinimum(double[] w, int rows, double delta) {
    double constant = lineConstant;
    double slope = lineSlope;
    int crossings = 0;
    for (int i = 0; i < rows; i++) {
      double b = along[i];
      double x = residual[i];
      if (b == 0) {
        continue;
      }
      double wb = w[i] * b;
      double towards = b > 0 ? delta : -delta;
      // Inside just after 0: inside the band, and not on the edge it is moving across.
      boolean inside = Math.abs(x) < delta || (Math.abs(x) <= delta && x * b < 0);
      if (inside) {
        constant += wb * x;
        slope += wb * b;
        push(crossings++, (towards - x) / b, i);
      } else if (x * b < 0) {
        // Outside and heading for the band: it enters at the near edge, leaves at the far one.
        constant -= wb * towards;
        push(crossings++, (-towards - x) / b, i);
        push(crossings++, (towards - x) / b, i);
      } else {
        constant += wb * towards;
      }
    }
    double t = 0;
    while (crossings > 0) {
      double next = heapTime[0];
      int row = heapRow[0];
      // A piece that rounding left curving downwards keeps the derivative negative.
      double root = slope > 0 ? -constant / slope : Double.POSITIVE_INFINITY;
      if (root <= next) {
        return Math.max(root, t);
      }
      crossings = pop(crossings);
      t = next;
      double b = along[row];
      double wb = w[row] * b;
      double towards = b > 0 ? delta : -delta;
      double x = residual[row] + t * b;
      if (Math.abs(x - towards) < Math.abs(x + towards)) {
        // Leaving the band through its far edge.
        constant += wb * towards - wb * residual[row];
        slope -= wb * b;
      } else {
        // Entering the band through its near edge.
        constant += wb * residual[row] + wb * towards;
        slope += wb * b;
      }
    }
    return slope > 0 ? Math.max(-constant / slope, t) : Double.NaN;
  }

  private void push(int size, double time, int row) {
    int at = size;
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (heapTime[parent] <= time) {
        break;
      }
      heapTime[at] = heapTime[parent];
      heapRow[at] = heapRow[parent];
      at = parent;
    }
    heapTime[at] = time;
    heapRow[at] = row;
  }

  /** Removes the earliest crossing; returns the new heap size. */
  private int pop(int size) {
    int last = size - 1;
    double time = heapTime[last];
    int row = heapRow[last];
    int at = 0;
    while (true) {
      int child = 2 * at + 1;
      if (child >= last) {
        break;
      }
      if (child + 1 < last && heapTime[child + 1] < heapTime[child]) {
        child++;
      }
      if (heapTime[child] >= time) {
        break;
      }
      heapTime[at] = heapTime[child];
      heapRow[at] = heapRow[child];
      at = child;
    }
    heapTime[at] = time;
    heapRow[at] = row;
    return last;
  }
}

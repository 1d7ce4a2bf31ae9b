package io.mixlaw.law;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * The robust fitting problem behind one CAMEL fit: the data of one validation target, the layout of
 * the free parameters, the log residuals {@code ln(pred) - ln(obs)} with their analytic Jacobian,
 * the box constraints and the ridge weights, as a {@link HuberNewton.Model}.
 *
 * <p>The free parameter vector is packed as {@code E, [A, alpha], [B, beta], theta[M], [gamma[M]],
 * [delta[M]], [phi[M]]}, bracketed groups present only when the data can identify them (phi only
 * with the saturation term). The mixture exponent is linear in the coefficient block, with
 * features {@code r_j}, {@code -r_j l}, {@code -r_j t} and {@code ln(r_j + epsilon)}. The ridge
 * weight is lambda on every mixture coefficient and 0 elsewhere. Instances are immutable.
 */
final class CamelProblem implements HuberNewton.Model {

  /** Smallest capacity exponent alpha (and token exponent beta) allowed. */
  static final double MIN_EXPONENT = 1e-3;

  /** Largest capacity exponent alpha (and token exponent beta) allowed. */
  static final double MAX_EXPONENT = 5.0;

  /** Relative gap kept between E and the smallest observed loss. */
  static final double E_MARGIN = 1e-6;

  /**
   * Cap on the argument of the mixture exponential. Only absurd trial points reach it; capping
   * keeps their objective finite so the optimizer rejects them instead of propagating infinities.
   */
  private static final double MAX_ARGUMENT = 600.0;

  /** Number of observations fitted. */
  final int observationCount;

  /** Number of distinct rows: an observation repeated by the bootstrap is one weighted row. */
  final int n;

  final int m;
  final double[] l;
  final double[] t;
  final double[] r;

  /** Saturation features {@code ln(r_j + epsilon)}, row-major like r; empty without the term. */
  final double[] s;

  final double[] loss;
  final double[] logLoss;
  final double[] multiplicity;

  /** The row of every observation, in observation order. */
  final int[] rowOf;

  final double minLoss;

  final boolean capacityTerm;
  final boolean gammaTerm;
  final boolean tokenTerm;
  final boolean nonNegativeGamma;
  final boolean saturationTerm;
  final double huberDelta;
  final double ridge;

  final int iA;
  final int iAlpha;
  final int iB;
  final int iBeta;
  final int iTheta;
  final int iGamma;
  final int iDelta;
  final int iPhi;
  final int size;
  final int coefficientCount;

  private final double eMax;
  private final double[] lower;
  private final double[] upper;

  CamelProblem(
      List<Observation> observations,
      double referenceCapacity,
      double referenceTokens,
      boolean capacityTerm,
      boolean gammaTerm,
      boolean tokenTerm,
      boolean nonNegativeGamma,
      double saturationOffset,
      double huberDelta,
      double ridge) {
    this.observationCount = observations.size();
    this.m = observations.get(0).domainCount();
    // The bootstrap repeats the same observation instances; each becomes one row weighted by its
    // count, which leaves the objective unchanged and saves work on every evaluation.
    // Limitation: equal observations built as separate instances stay separate rows (same fit).
    Map<Observation, Integer> rowByObservation = new IdentityHashMap<>();
    List<Observation> distinct = new ArrayList<>();
    this.rowOf = new int[observationCount];
    for (int k = 0; k < observationCount; k++) {
      Observation o = observations.get(k);
      Integer row = rowByObservation.get(o);
      if (row == null) {
        row = distinct.size();
        rowByObservation.put(o, row);
        distinct.add(o);
      }
      rowOf[k] = row;
    }
    this.n = distinct.size();
    this.l = new double[n];
    this.t = new double[n];
    this.r = new double[n * m];
    this.saturationTerm = saturationOffset > 0;
    this.s = new double[saturationTerm ? n * m : 0];
    this.loss = new double[n];
    this.logLoss = new double[n];
    this.multiplicity = new double[n];
    for (int row : rowOf) {
      multiplicity[row]++;
    }
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      Observation o = distinct.get(i);
      l[i] = Math.log(o.capacity() / referenceCapacity);
      t[i] = Math.log(o.tokens() / referenceTokens);
      for (int j = 0; j < m; j++) {
        r[i * m + j] = o.weight(j);
        if (saturationTerm) {
          s[i * m + j] = Math.log(o.weight(j) + saturationOffset);
        }
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
    iPhi = saturationTerm ? next : -1;
    next += saturationTerm ? m : 0;
    size = next;
    coefficientCount = size - iTheta;

    lower = new double[size];
    upper = new double[size];
    Arrays.fill(lower, Double.NEGATIVE_INFINITY);
    Arrays.fill(upper, Double.POSITIVE_INFINITY);
    lower[0] = 0.0;
    upper[0] = eMax;
    if (capacityTerm) {
      lower[iA] = 0.0;
      lower[iAlpha] = MIN_EXPONENT;
      upper[iAlpha] = MAX_EXPONENT;
    }
    if (tokenTerm) {
      lower[iB] = 0.0;
      lower[iBeta] = MIN_EXPONENT;
      upper[iBeta] = MAX_EXPONENT;
    }
    if (gammaTerm && nonNegativeGamma) {
      for (int j = 0; j < m; j++) {
        lower[iGamma + j] = 0.0;
      }
    }
    // phi_j <= 0 keeps the mixture exponent convex in r, so the mixture optimizer stays exact.
    for (int j = 0; saturationTerm && j < m; j++) {
      upper[iPhi + j] = 0.0;
    }
  }

  /**
   * Fills {@code x} with the features of row {@code i}: the derivative of the mixture exponent
   * with respect to each coefficient, in the order of the coefficient block.
   */
  void features(int i, double[] x) {
    int base = i * m;
    for (int j = 0; j < m; j++) {
      double rj = r[base + j];
      x[j] = rj;
      if (gammaTerm) {
        x[iGamma - iTheta + j] = -rj * l[i];
      }
      if (tokenTerm) {
        x[iDelta - iTheta + j] = -rj * t[i];
      }
      if (saturationTerm) {
        x[iPhi - iTheta + j] = s[base + j];
      }
    }
  }

  /** Largest E allowed: just below the smallest observed loss. */
  double maxE() {
    return eMax;
  }

  /** Clamps a packed parameter vector into the feasible box, in place. */
  void clamp(double[] p) {
    for (int k = 0; k < size; k++) {
      p[k] = Math.min(Math.max(p[k], lower[k]), upper[k]);
    }
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public int rows() {
    return n;
  }

  @Override
  public double lower(int k) {
    return lower[k];
  }

  @Override
  public double upper(int k) {
    return upper[k];
  }

  @Override
  public double multiplicity(int i) {
    return multiplicity[i];
  }

  @Override
  public double penalty(int k) {
    return k >= iTheta ? ridge : 0.0;
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
      if (saturationTerm) {
        sum += s[row + j] * p[iPhi + j];
      }
    }
    return Math.min(sum, MAX_ARGUMENT);
  }

  /** Huber loss of one log residual. */
  double huber(double residual) {
    return HuberRegression.rho(residual, huberDelta);
  }

  /**
   * The fitting objective: summed Huber loss of the log residuals plus the ridge term; {@code
   * +Infinity} where a prediction is not positive.
   */
  double objective(double[] p) {
    double sum = 0;
    for (int i = 0; i < n; i++) {
      sum += multiplicity[i] * huber(Math.log(predict(p, i)) - logLoss[i]);
    }
    if (Double.isNaN(sum)) {
      return Double.POSITIVE_INFINITY;
    }
    if (ridge != 0) {
      double squares = 0;
      for (int k = iTheta; k < size; k++) {
        squares += p[k] * p[k];
      }
      sum += 0.5 * ridge * squares;
    }
    return sum;
  }

  @Override
  public boolean residuals(double[] p, double[] u) {
    for (int i = 0; i < n; i++) {
      double res = Math.log(predict(p, i)) - logLoss[i];
      if (!Double.isFinite(res)) {
        return false;
      }
      u[i] = res;
    }
    return true;
  }

  @Override
  public boolean jacobian(double[] p, double[] u, double[][] jac) {
    for (int i = 0; i < n; i++) {
      double x = Math.exp(argument(p, i));
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
      double c = 1 / pred;
      if (!Double.isFinite(res) || !Double.isFinite(c)) {
        return false;
      }
      u[i] = res;

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
        if (saturationTerm) {
          row[iPhi + j] = cx * s[base + j];
        }
      }
    }
    return true;
  }

  @Override
  public void addCurvature(double[] p, double[][] jac, double[] w, double[] out) {
    // d2u/dp2 = (d2pred/dp2) / pred - J J^T. In d2pred only (A, alpha), (B, beta) and the mixture
    // coefficients interact: the coefficient block is exp(z) x x^T, x the features of the row.
    double[] x = new double[coefficientCount];
    for (int i = 0; i < n; i++) {
      double weight = w[i];
      if (weight == 0) {
        continue;
      }
      double[] row = jac[i];
      for (int a = 0; a < size; a++) {
        double ja = weight * row[a];
        if (ja != 0) {
          int base = a * size;
          for (int b = a; b < size; b++) {
            out[base + b] -= ja * row[b];
          }
        }
      }
      if (capacityTerm) {
        out[iA * size + iAlpha] -= weight * l[i] * row[iA];
        out[iAlpha * size + iAlpha] -= weight * l[i] * row[iAlpha];
      }
      if (tokenTerm) {
        out[iB * size + iBeta] -= weight * t[i] * row[iB];
        out[iBeta * size + iBeta] -= weight * t[i] * row[iBeta];
      }
      double scale = weight * Math.exp(argument(p, i)) * row[0];
      features(i, x);
      for (int a = 0; a < coefficientCount; a++) {
        double xa = scale * x[a];
        if (xa != 0) {
          int offset = (iTheta + a) * size + iTheta;
          for (int b = a; b < coefficientCount; b++) {
            out[offset + b] += xa * x[b];
          }
        }
      }
    }
    for (int a = 0; a < size; a++) {
      for (int b = a + 1; b < size; b++) {
        out[b * size + a] = out[a * size + b];
      }
    }
  }

  @Override
  public void directionalCurvature(double[] p, double[][] jac, double[] v, double[] out) {
    for (int i = 0; i < n; i++) {
      double[] row = jac[i];
      double slope = 0;
      for (int k = 0; k < size; k++) {
        slope += row[k] * v[k];
      }
      double value = -slope * slope;
      if (capacityTerm) {
        double va = v[iA];
        double valpha = v[iAlpha];
        value -= l[i] * (2 * va * valpha * row[iA] + valpha * valpha * row[iAlpha]);
      }
      if (tokenTerm) {
        double vb = v[iB];
        double vbeta = v[iBeta];
        value -= t[i] * (2 * vb * vbeta * row[iB] + vbeta * vbeta * row[iBeta]);
      }
      double exponent = 0;
      int base = i * m;
      for (int j = 0; j < m; j++) {
        double b = v[iTheta + j];
        if (gammaTerm) {
          b -= v[iGamma + j] * l[i];
        }
        if (tokenTerm) {
          b -= v[iDelta + j] * t[i];
        }
        exponent += r[base + j] * b;
        if (saturationTerm) {
          exponent += s[base + j] * v[iPhi + j];
        }
      }
      value += Math.exp(argument(p, i)) * row[0] * exponent * exponent;
      out[i] = value;
    }
  }
}

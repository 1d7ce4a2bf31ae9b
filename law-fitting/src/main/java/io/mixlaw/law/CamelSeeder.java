package io.mixlaw.law;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Starting points for a CAMEL fit by variable projection.
 *
 * <p>Once E, A, alpha (and B, beta) are fixed, {@code ln(L - E - A e^(-alpha l) - B e^(-beta t))}
 * is linear in the mixture coefficients (theta, gamma, delta, phi), with design columns {@code r_j},
 * {@code -r_j l}, {@code -r_j t} and {@code ln(r_j + epsilon)}. For every point of a small grid over the nonlinear parameters the linear ones come from
 * one weighted (optionally ridge) least-squares solve; the weight {@code (excess/L)^2} turns a
 * residual in the log of the excess into the residual in {@code ln L} to first order. Grid points
 * are ranked by the Huber objective of the full model.
 */
final class CamelSeeder {

  /** Grid of E as fractions of the smallest observed loss. */
  static final double[] E_FRACTIONS = {0.0, 0.4, 0.7, 0.9};

  /** Grid of the capacity exponent alpha. */
  static final double[] ALPHA_STARTS = {0.2, 0.5, 1.0};

  /** Grid of A as fractions of the largest A that keeps every excess loss positive. */
  static final double[] A_FRACTIONS = {0.3, 0.7};

  /** Token exponent beta used by the token-term starts. */
  static final double BETA_START = 0.3;

  /** Grid of B as fractions of the largest B that keeps every excess loss positive. */
  static final double[] B_FRACTIONS = {0.0, 0.5};

  /** Diagonal jitter, relative to the mean diagonal, that keeps the normal equations definite. */
  private static final double JITTER = 1e-10;

  private final CamelProblem problem;
  private final int k;
  private final double[] x;
  private final double[] gram;
  private final double[] rhs;
  private final double[] point;

  CamelSeeder(CamelProblem problem) {
    this.problem = problem;
    this.k = problem.coefficientCount;
    this.x = new double[k];
    this.gram = new double[k * k];
    this.rhs = new double[k];
    this.point = new double[problem.size];
  }

  /**
   * Returns up to {@code count} starting points, best Huber objective first.
   *
   * @param count number of starts wanted, at least 1
   * @return packed parameter vectors in the layout of the problem
   */
  List<double[]> starts(int count) {
    double[] scores = new double[count];
    double[][] kept = new double[count][];
    int filled = 0;
    double minLoss = problem.minLoss;
    // Without the capacity term a single (A, alpha) = (0, 0) point; with it, no start at A = 0:
    // from there the clamped optimizer crawls along the bound instead of leaving it.
    double[] alphas = problem.capacityTerm ? ALPHA_STARTS : new double[] {0.0};
    double[] aFractions = problem.capacityTerm ? A_FRACTIONS : new double[] {0.0};
    double[] bFractions = problem.tokenTerm ? B_FRACTIONS : new double[] {0.0};

    for (double ef : E_FRACTIONS) {
      double e = Math.min(ef * minLoss, problem.maxE());
      for (double af : aFractions) {
        for (double alpha : alphas) {
          double a = af * maxAmplitude(e, 0.0, 0.0, alpha, problem.l);
          for (double bf : bFractions) {
            double b = bf * maxAmplitude(e, a, alpha, BETA_START, problem.t);
            if (!solve(e, a, alpha, b, BETA_START)) {
              continue;
            }
            double score = problem.objective(point);
            if (!Double.isFinite(score)) {
              continue;
            }
            filled = insert(scores, kept, filled, score);
          }
        }
      }
    }
    List<double[]> result = new ArrayList<>(filled);
    for (int s = 0; s < filled; s++) {
      result.add(kept[s]);
    }
    return result;
  }

  private int insert(double[] scores, double[][] kept, int filled, double score) {
    int count = scores.length;
    if (filled == count && score >= scores[count - 1]) {
      return filled;
    }
    int at = Math.min(filled, count - 1);
    while (at > 0 && scores[at - 1] > score) {
      scores[at] = scores[at - 1];
      kept[at] = kept[at - 1];
      at--;
    }
    scores[at] = score;
    kept[at] = point.clone();
    return Math.min(filled + 1, count);
  }

  /**
   * Largest amplitude of a term {@code amp * exp(-rate * z_i)} that leaves {@code L_i - E - A
   * e^(-alpha l_i) - amp e^(-rate z_i)} positive for every observation.
   */
  private double maxAmplitude(double e, double a, double alpha, double rate, double[] z) {
    double max = Double.POSITIVE_INFINITY;
    for (int i = 0; i < problem.n; i++) {
      double rest = problem.loss[i] - e - a * Math.exp(-alpha * problem.l[i]);
      max = Math.min(max, rest * Math.exp(rate * z[i]));
    }
    return Math.max(max, 0.0);
  }

  /** Fills {@link #point} with the given nonlinear parameters and the solved linear ones. */
  private boolean solve(double e, double a, double alpha, double b, double beta) {
    Arrays.fill(gram, 0.0);
    Arrays.fill(rhs, 0.0);
    for (int i = 0; i < problem.n; i++) {
      double excess = problem.loss[i] - e;
      if (problem.capacityTerm) {
        excess -= a * Math.exp(-alpha * problem.l[i]);
      }
      if (problem.tokenTerm) {
        excess -= b * Math.exp(-beta * problem.t[i]);
      }
      if (!(excess > 0)) {
        return false;
      }
      double z = Math.log(excess);
      double ratio = excess / problem.loss[i];
      double w = problem.multiplicity[i] * ratio * ratio;
      problem.features(i, x);
      for (int p = 0; p < k; p++) {
        double wx = w * x[p];
        rhs[p] += wx * z;
        int row = p * k;
        for (int q = p; q < k; q++) {
          gram[row + q] += wx * x[q];
        }
      }
    }
    double trace = 0;
    for (int p = 0; p < k; p++) {
      trace += gram[p * k + p];
    }
    double shift = problem.ridge + JITTER * Math.max(trace / k, Double.MIN_NORMAL);
    for (int p = 0; p < k; p++) {
      gram[p * k + p] += shift;
    }
    if (!Cholesky.solve(gram, k, rhs)) {
      return false;
    }

    point[0] = e;
    if (problem.capacityTerm) {
      point[problem.iA] = a;
      point[problem.iAlpha] = alpha;
    }
    if (problem.tokenTerm) {
      point[problem.iB] = b;
      point[problem.iBeta] = beta;
    }
    System.arraycopy(rhs, 0, point, problem.iTheta, k);
    problem.clamp(point);
    return true;
  }
}

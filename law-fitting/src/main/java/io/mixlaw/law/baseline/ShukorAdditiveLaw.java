package io.mixlaw.law.baseline;

import io.mixlaw.law.FittedLaw;
import io.mixlaw.law.MixtureLaw;
import io.mixlaw.law.Observation;
import java.util.List;

/**
 * The additive law of Shukor et al. (2025), "Scaling Laws for Optimal Data Mixtures"
 * (arXiv:2507.09404, Section 2): with N the capacity, D the training tokens and h the domain
 * weights of M training domains,
 *
 * <pre>
 *   L(N, D, h) = E + 1 / (sum_i C_i h_i^gamma_i) + A / N^alpha + B / D^beta
 * </pre>
 *
 * The mixture term is independent of N and D: the Chinchilla law plus a floor that depends on h
 * only. 5 + 2M parameters, reported in the order E, A, alpha, B, beta, C[i], gamma[i]. E, A, B, C_i
 * and gamma_i are kept positive (fitted through their logarithms); a domain with h_i = 0
 * contributes nothing to the sum.
 *
 * <p>Fitting: the Huber loss (delta 1e-3) of log-residuals, minimized by Levenberg-Marquardt from
 * the best-scoring of {@link #DEFAULT_START_COUNT} random starts drawn (with a fixed seed) so that
 * each term has the size of the data. Immutable and thread-safe.
 */
public final class ShukorAdditiveLaw implements MixtureLaw {

  /** Name of the law in tables and configs. */
  public static final String NAME = "shukor-additive";

  /** Huber threshold on log-residuals. */
  public static final double DEFAULT_HUBER_DELTA = HuberLeastSquares.DEFAULT_HUBER_DELTA;

  /** Random starts scored before refinement. */
  public static final int DEFAULT_START_COUNT = 256;

  /** Best-scoring starts refined by Levenberg-Marquardt. */
  public static final int DEFAULT_REFINED_STARTS = 8;

  /** Seed of the random starts. */
  public static final long DEFAULT_SEED = 20250712L;

  private final double huberDelta;
  private final int startCount;
  private final int refinedStarts;
  private final long seed;

  /** Creates the law with the default starts and Huber delta 1e-3. */
  public ShukorAdditiveLaw() {
    this(DEFAULT_HUBER_DELTA, DEFAULT_START_COUNT, DEFAULT_REFINED_STARTS, DEFAULT_SEED);
  }

  private ShukorAdditiveLaw(double huberDelta, int startCount, int refinedStarts, long seed) {
    this.huberDelta = huberDelta;
    this.startCount = startCount;
    this.refinedStarts = refinedStarts;
    this.seed = seed;
  }

  /** Returns a copy with another Huber threshold on log-residuals (finite, > 0). */
  public ShukorAdditiveLaw withHuberDelta(double delta) {
    Arguments.checkHuberDelta(delta);
    return new ShukorAdditiveLaw(delta, startCount, refinedStarts, seed);
  }

  /** Returns a copy that scores {@code count} random starts (>= 1). */
  public ShukorAdditiveLaw withStartCount(int count) {
    Arguments.checkPositiveCount("start count", count);
    return new ShukorAdditiveLaw(huberDelta, count, refinedStarts, seed);
  }

  /** Returns a copy that refines the {@code count} best-scoring starts (>= 1). */
  public ShukorAdditiveLaw withRefinedStarts(int count) {
    Arguments.checkPositiveCount("refined starts", count);
    return new ShukorAdditiveLaw(huberDelta, startCount, count, seed);
  }

  /** Returns a copy whose random starts are drawn with another seed. */
  public ShukorAdditiveLaw withSeed(long newSeed) {
    return new ShukorAdditiveLaw(huberDelta, startCount, refinedStarts, newSeed);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Names of the parameters for {@code domains} training domains, in reported order. */
  public static List<String> parameterNames(int domains) {
    return ShukorForm.ADDITIVE.parameterNames(domains);
  }

  /**
   * The law's closed form.
   *
   * @param capacity N (> 0)
   * @param tokens D (> 0)
   * @param weights h, one weight per domain, not all zero
   * @param parameters E, A, alpha, B, beta, C[i], gamma[i] (length 5 + 2M)
   */
  public static double loss(double capacity, double tokens, double[] weights, double[] parameters) {
    checkLength(parameters, ShukorForm.ADDITIVE.parameterCount(weights.length), weights.length);
    return ShukorForm.ADDITIVE.loss(capacity, tokens, weights, parameters);
  }

  /** Fits the law to at least 5 + 2M observations. */
  @Override
  public FittedLaw fit(List<Observation> observations) {
    return ShukorForm.ADDITIVE.fit(NAME, observations, huberDelta, startCount, refinedStarts, seed);
  }

  static void checkLength(double[] parameters, int expected, int domains) {
    if (parameters.length != expected) {
      throw new IllegalArgumentException(
          "expected "
              + expected
              + " parameters for "
              + domains
              + " domains, got "
              + parameters.length);
    }
  }
}

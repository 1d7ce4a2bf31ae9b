package io.mixlaw.law;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.hipparchus.stat.correlation.SpearmansCorrelation;

/**
 * The capacity-aware mixture law CAMEL and its robust fitter.
 *
 * <p>For one validation target, a mixture r of M training domains and a capacity N, with {@code l =
 * ln(N / N0)}:
 *
 * <pre>
 *   L(N, r) = E + A exp(-alpha l) + exp( sum_j r_j (theta_j - gamma_j l) )
 * </pre>
 *
 * <p>At fixed N the mixture term is the exponential data mixing law of Ye et al. (2024); the {@code
 * r_j l} interaction lets the best mixture move with capacity. The {@link Form#CORE} form drops
 * {@code A exp(-alpha l)}. An optional training-token term ({@link #withTokenTerm}) adds {@code B
 * exp(-beta t)} and {@code -delta_j t} inside the sum, with {@code t = ln(D / D0)}. An optional
 * saturation term ({@link #withSaturation}) adds {@code phi_j ln(r_j + epsilon)}, {@code phi_j <=
 * 0}, inside the sum: diminishing returns of a domain's share, which ladders with absent domains
 * show and the affine exponent misses.
 *
 * <p><b>Objective.</b> The Huber loss (Huber 1964) of {@code ln(predicted) - ln(observed)}, as in
 * Hoffmann et al. (2022), plus an optional ridge {@code lambda/2 * sum(theta^2 + gamma^2 +
 * delta^2)}. It is minimized as it stands, without any smoothing or transform of the loss, by a
 * damped Newton method for nonlinear Huber estimation whose model keeps the kinks of the loss and
 * is minimized exactly at every step (Ekblom and Madsen 1989), with geodesic acceleration and, for
 * slow runs, the positive part of the residual curvature; see {@code HuberNewton}. An observation
 * that a bootstrap resample repeats is fitted once with its count as weight, which leaves the
 * objective unchanged.
 *
 * <p><b>Bounds.</b> {@code 0 <= E <= (1 - 1e-6) min observed L}, {@code A >= 0}, {@code 1e-3 <=
 * alpha <= 5} (likewise B and beta), gamma free in sign unless {@link #withNonNegativeGamma()}.
 * The optimizer holds a parameter on its bound while the gradient pushes it outward, so every
 * point it evaluates is feasible and the loss stays positive.
 *
 * <p><b>Starts.</b> Variable projection: for fixed E, A, alpha (and B, beta) the log of the excess
 * loss is linear in theta and gamma, so one weighted least-squares solve gives them. A small grid
 * of E, A and alpha is ranked by the Huber objective and the optimizer (analytic derivatives) runs
 * on all parameters from the best few; the best converged result is kept. A later start is stopped
 * after a few iterations when it trails the best converged fit by more than 1% or has come within
 * 1% (relative) of its parameters, which keeps the extra starts cheap. The objective has several
 * local minima on real data: on the Data Mixing Laws 5-domain ladder the second start finds a lower
 * one in about 0.4% of bootstrap fits.
 *
 * <p><b>Identifiability.</b> When every observation has the same capacity, A, alpha and gamma are
 * not identifiable: they are fixed at 0, theta absorbs {@code -gamma l} and the diagnostics message
 * says so. The token term is dropped likewise when the tokens are constant or an affine function of
 * {@code ln N}. When the full form's capacity term vanishes at the optimum (A near 0 or alpha at
 * its floor), the fit on the {@code A = 0} face is kept if it is as good to the convergence
 * tolerance, with A and alpha reported as 0.
 *
 * <p><b>Convergence.</b> A run converges when its last step or its last decrease of the objective
 * is below the relative tolerance. On the Data Mixing Laws 5-domain ladder (22 targets, the point
 * fit and 1000 bootstrap resamples, ridge 1e-6) every one of the 22,022 fits converges, in 18
 * iterations on average. The objective is converged to about the tolerance; parameters along the
 * nearly flat directions of E, A and alpha are determined only to the size of the last steps
 * (about 1e-3), far inside their bootstrap spread.
 *
 * <p>Instances are immutable and thread-safe; each fit allocates its own workspace.
 */
public final class CamelLaw implements MixtureLaw {

  /** The two functional forms. */
  public enum Form {
    /** {@code E + A exp(-alpha l) + exp(sum_j r_j (theta_j - gamma_j l))}: 3 + 2M parameters. */
    FULL("camel"),
    /** {@code E + exp(sum_j r_j (theta_j - gamma_j l))}: 1 + 2M parameters. */
    CORE("camel-core");

    private final String lawName;

    Form(String lawName) {
      this.lawName = lawName;
    }

    /** Name of the law in this form, as it appears in tables and configs. */
    public String lawName() {
      return lawName;
    }
  }

  /** Huber threshold on the log residual, as in Hoffmann et al. (2022). */
  public static final double DEFAULT_HUBER_DELTA = 1e-3;

  /** Reference capacity N0 (parameters) at which {@code l = 0}. */
  public static final double DEFAULT_REFERENCE_CAPACITY = 1e8;

  /** Reference token count D0 of the optional token term. */
  public static final double DEFAULT_REFERENCE_TOKENS = 1e10;

  /** Ridge penalty on the mixture coefficients; 0 disables it. */
  public static final double DEFAULT_RIDGE = 0.0;

  /**
   * Offset epsilon of the saturation term the product fits by default ({@link #withSaturation}):
   * a share of 1% is where a domain's benefit stops growing like its logarithm.
   */
  public static final double DEFAULT_SATURATION_OFFSET = 0.01;

  /** Iteration limit of each optimizer run from one start. */
  public static final int DEFAULT_MAX_ITERATIONS = 500;

  /** Number of grid starts refined by the optimizer. */
  public static final int DEFAULT_STARTS = 2;

  /** Relative tolerance on the decrease of the objective and on the parameter step. */
  public static final double DEFAULT_TOLERANCE = 1e-8;

  /** Relative size of A, against the smallest loss, below which the capacity term has vanished. */
  private static final double NEGLIGIBLE_AMPLITUDE = 1e-6;

  /** Size of a log residual below which it is rounding rather than misfit. */
  private static final double RESIDUAL_RESOLUTION = 1e-13;

  /** Spread of {@code ln N} (or {@code ln D}) below which it counts as constant. */
  private static final double CONSTANT_SPREAD = 1e-9;

  private final Form form;
  private final double huberDelta;
  private final double referenceCapacity;
  private final double ridge;
  private final boolean tokenTerm;
  private final double referenceTokens;
  private final int maxIterations;
  private final boolean nonNegativeGamma;
  private final int starts;
  private final double tolerance;
  private final double saturationOffset;

  private CamelLaw(
      Form form,
      double huberDelta,
      double referenceCapacity,
      double ridge,
      boolean tokenTerm,
      double referenceTokens,
      int maxIterations,
      boolean nonNegativeGamma,
      int starts,
      double tolerance,
      double saturationOffset) {
    this.form = form;
    this.huberDelta = huberDelta;
    this.referenceCapacity = referenceCapacity;
    this.ridge = ridge;
    this.tokenTerm = tokenTerm;
    this.referenceTokens = referenceTokens;
    this.maxIterations = maxIterations;
    this.nonNegativeGamma = nonNegativeGamma;
    this.starts = starts;
    this.tolerance = tolerance;
    this.saturationOffset = saturationOffset;
  }

  /** The full law ({@code "camel"}, 3 + 2M parameters) with default settings. */
  public static CamelLaw defaults() {
    return of(Form.FULL);
  }

  /** The law without the capacity term ({@code "camel-core"}, 1 + 2M parameters). */
  public static CamelLaw core() {
    return of(Form.CORE);
  }

  /** The law in the given form with default settings. */
  public static CamelLaw of(Form form) {
    return new CamelLaw(
        Objects.requireNonNull(form, "form"),
        DEFAULT_HUBER_DELTA,
        DEFAULT_REFERENCE_CAPACITY,
        DEFAULT_RIDGE,
        false,
        DEFAULT_REFERENCE_TOKENS,
        DEFAULT_MAX_ITERATIONS,
        false,
        DEFAULT_STARTS,
        DEFAULT_TOLERANCE,
        0.0);
  }

  /**
   * Returns a copy with another Huber threshold.
   *
   * @param delta threshold on {@code |ln pred - ln obs|} between the quadratic and linear parts,
   *     finite and &gt; 0
   */
  public CamelLaw withHuberDelta(double delta) {
    requirePositive("Huber delta", delta);
    return new CamelLaw(
        form,
        delta,
        referenceCapacity,
        ridge,
        tokenTerm,
        referenceTokens,
        maxIterations,
        nonNegativeGamma,
        starts,
        tolerance,
        saturationOffset);
  }

  /**
   * Returns a copy with another reference capacity N0; it moves the meaning of theta (the excess at
   * N0), not the fitted predictions.
   *
   * @param capacity N0, finite and &gt; 0, same units as the observations' capacity
   */
  public CamelLaw withReferenceCapacity(double capacity) {
    requirePositive("reference capacity", capacity);
    return new CamelLaw(
        form,
        huberDelta,
        capacity,
        ridge,
        tokenTerm,
        referenceTokens,
        maxIterations,
        nonNegativeGamma,
        starts,
        tolerance,
        saturationOffset);
  }

  /**
   * Returns a copy with a ridge penalty {@code lambda/2 * sum(theta^2 + gamma^2 + delta^2)} added
   * to the Huber objective.
   *
   * @param lambda penalty weight, finite and &gt;= 0 (0 disables it)
   */
  public CamelLaw withRidge(double lambda) {
    if (!(lambda >= 0) || Double.isInfinite(lambda)) {
      throw new IllegalArgumentException("ridge must be finite and >= 0, got " + lambda);
    }
    return new CamelLaw(
        form,
        huberDelta,
        referenceCapacity,
        lambda,
        tokenTerm,
        referenceTokens,
        maxIterations,
        nonNegativeGamma,
        starts,
        tolerance,
        saturationOffset);
  }

  /**
   * Returns a copy that fits the training-token term {@code B exp(-beta t)} and {@code -delta_j t}
   * in the mixture exponent, {@code t = ln(D / D0)}.
   *
   * @param referenceTokens D0, finite and &gt; 0
   */
  public CamelLaw withTokenTerm(double referenceTokens) {
    requirePositive("reference tokens", referenceTokens);
    return new CamelLaw(
        form,
        huberDelta,
        referenceCapacity,
        ridge,
        true,
        referenceTokens,
        maxIterations,
        nonNegativeGamma,
        starts,
        tolerance,
        saturationOffset);
  }

  /**
   * Returns a copy with another iteration limit for each optimizer run; a run that hits it yields
   * a fit marked as not converged.
   *
   * @param iterations limit, &gt;= 1
   */
  public CamelLaw withMaxIterations(int iterations) {
    if (iterations < 1) {
      throw new IllegalArgumentException("max iterations must be >= 1, got " + iterations);
    }
    return new CamelLaw(
        form,
        huberDelta,
        referenceCapacity,
        ridge,
        tokenTerm,
        referenceTokens,
        iterations,
        nonNegativeGamma,
        starts,
        tolerance,
        saturationOffset);
  }

  /** Returns a copy that constrains every gamma_j to be &gt;= 0. */
  public CamelLaw withNonNegativeGamma() {
    return new CamelLaw(
        form,
        huberDelta,
        referenceCapacity,
        ridge,
        tokenTerm,
        referenceTokens,
        maxIterations,
        true,
        starts,
        tolerance,
        saturationOffset);
  }

  /**
   * Returns a copy that refines another number of grid starts with the optimizer.
   *
   * @param count starts, &gt;= 1; more starts cost time roughly in proportion
   */
  public CamelLaw withStarts(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("starts must be >= 1, got " + count);
    }
    return new CamelLaw(
        form,
        huberDelta,
        referenceCapacity,
        ridge,
        tokenTerm,
        referenceTokens,
        maxIterations,
        nonNegativeGamma,
        count,
        tolerance,
        saturationOffset);
  }

  /**
   * Returns a copy with another convergence tolerance for the optimizer.
   *
   * @param relative relative tolerance on the decrease of the objective and on the parameter step,
   *     in (0, 1)
   */
  public CamelLaw withTolerance(double relative) {
    if (!(relative > 0 && relative < 1)) {
      throw new IllegalArgumentException("tolerance must be in (0, 1), got " + relative);
    }
    return new CamelLaw(
        form,
        huberDelta,
        referenceCapacity,
        ridge,
        tokenTerm,
        referenceTokens,
        maxIterations,
        nonNegativeGamma,
        starts,
        relative,
        saturationOffset);
  }

  /**
   * Returns a copy that fits the saturation term {@code phi_j ln(r_j + epsilon)} in the mixture
   * exponent, with {@code phi_j <= 0}: the first share of a domain lowers the loss more than the
   * same share added later, which the exponential of an affine function of r cannot express. The
   * bound keeps the objective convex in the mixture.
   *
   * @param offset epsilon, finite and &gt; 0: the share below which a domain's benefit stops
   *     growing like its logarithm
   */
  public CamelLaw withSaturation(double offset) {
    requirePositive("saturation offset", offset);
    return new CamelLaw(
        form,
        huberDelta,
        referenceCapacity,
        ridge,
        tokenTerm,
        referenceTokens,
        maxIterations,
        nonNegativeGamma,
        starts,
        tolerance,
        offset);
  }

  private static void requirePositive(String name, double value) {
    if (!(value > 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException(name + " must be finite and > 0, got " + value);
    }
  }

  @Override
  public String name() {
    return form.lawName();
  }

  /** The functional form. */
  public Form form() {
    return form;
  }

  /** Huber threshold on the log residual. */
  public double huberDelta() {
    return huberDelta;
  }

  /** Reference capacity N0. */
  public double referenceCapacity() {
    return referenceCapacity;
  }

  /** Ridge penalty weight lambda. */
  public double ridge() {
    return ridge;
  }

  /** Whether the training-token term is fitted. */
  public boolean hasTokenTerm() {
    return tokenTerm;
  }

  /** Reference token count D0 (used only with the token term). */
  public double referenceTokens() {
    return referenceTokens;
  }

  /** Iteration limit of each optimizer run. */
  public int maxIterations() {
    return maxIterations;
  }

  /** Whether gamma is constrained to be non-negative. */
  public boolean nonNegativeGamma() {
    return nonNegativeGamma;
  }

  /** Number of grid starts refined by the optimizer. */
  public int starts() {
    return starts;
  }

  /** Whether the saturation term is fitted. */
  public boolean hasSaturationTerm() {
    return saturationOffset > 0;
  }

  /** Offset epsilon of the saturation term; 0 without it. */
  public double saturationOffset() {
    return saturationOffset;
  }

  /** Relative convergence tolerance of the optimizer. */
  public double tolerance() {
    return tolerance;
  }

  /**
   * Fits the law to the observations of one validation target.
   *
   * @param observations one loss per proxy run, all with the same number M of training domains, at
   *     least as many as the parameters the data can identify
   * @return the fit; {@link FitDiagnostics#converged()} is false when no optimizer run met its
   *     tolerance, and the parameters are then the lowest-objective point reached
   * @throws IllegalArgumentException if the observations are empty, inconsistent or too few
   */
  @Override
  public CamelFit fit(List<Observation> observations) {
    return fit(observations, null);
  }

  /**
   * Fits the law starting from an earlier fit as well as from the grid: the earlier fit takes the
   * place of the first grid start. A bootstrap resample refitted from the point fit converges in
   * fewer iterations than from the grid, and the best grid start still runs after it, so a lower
   * minimum elsewhere is still found.
   *
   * @param observations as for {@link #fit(List)}
   * @param start a fit of this law over the same training domains, or null for the grid alone
   * @return the fit, as for {@link #fit(List)}
   */
  public CamelFit fit(List<Observation> observations, CamelFit start) {
    int m = checkObservations(observations);
    if (start != null && start.domainCount() != m) {
      throw new IllegalArgumentException(
          "the start has " + start.domainCount() + " training domains, the observations " + m);
    }
    int n = observations.size();
    List<String> notes = new ArrayList<>();

    double[] logCapacity = new double[n];
    double[] logTokens = new double[n];
    for (int i = 0; i < n; i++) {
      logCapacity[i] = Math.log(observations.get(i).capacity() / referenceCapacity);
      logTokens[i] = Math.log(observations.get(i).tokens() / referenceTokens);
    }
    // Limitation: only a shared capacity or token count is detected; mixtures that leave some
    // theta_j unidentified (a domain absent from every run) are fitted with the seed's tiny
    // ridge and LM's damping, and such theta_j carry no information.
    boolean capacityVaries = spread(logCapacity) > CONSTANT_SPREAD;
    if (!capacityVaries) {
      notes.add(
          String.format(
              Locale.ROOT,
              "all observations share capacity %.4g: gamma%s not identifiable and fixed at 0, theta"
                  + " is the mixture slope at that capacity",
              observations.get(0).capacity(),
              form == Form.FULL ? ", A and alpha are" : " is"));
    }
    boolean fitTokens = tokenTerm;
    if (tokenTerm && spread(logTokens) <= CONSTANT_SPREAD) {
      fitTokens = false;
      notes.add(
          "all observations share one token count: the token term is not identifiable and"
              + " fixed at 0");
    } else if (tokenTerm
        && capacityVaries
        && affineResidual(logCapacity, logTokens) <= CONSTANT_SPREAD) {
      fitTokens = false;
      notes.add(
          "ln(tokens) is an affine function of ln(capacity): the token term is confounded"
              + " with the capacity terms and fixed at 0");
    }

    CamelProblem problem =
        new CamelProblem(
            observations,
            referenceCapacity,
            referenceTokens,
            form == Form.FULL && capacityVaries,
            capacityVaries,
            fitTokens,
            nonNegativeGamma,
            saturationOffset,
            huberDelta,
            ridge);
    if (n < problem.size) {
      throw new IllegalArgumentException(
          String.format(
              Locale.ROOT,
              "%s needs at least %d observations to fit %d parameters for %d training domains, got"
                  + " %d",
              name(),
              problem.size,
              problem.size,
              m,
              n));
    }

    Run best = bestRun(problem, start);

    // When the data favour no capacity term, the optimum sits near A = 0 or alpha at its floor,
    // where A exp(-alpha l) merges into E; the fit on the A = 0 face settles it.
    if (problem.capacityTerm && capacityTermVanishing(problem, best.point)) {
      CamelProblem face =
          new CamelProblem(
              observations,
              referenceCapacity,
              referenceTokens,
              false,
              capacityVaries,
              fitTokens,
              nonNegativeGamma,
              saturationOffset,
              huberDelta,
              ridge);
      Run boundary = bestRun(face, start);
      // Both runs met the relative tolerance, and log residuals below rounding do not count.
      double slack = tolerance * best.cost + 0.5 * n * RESIDUAL_RESOLUTION * RESIDUAL_RESOLUTION;
      if (boundary.converged && boundary.cost <= best.cost + slack) {
        problem = face;
        best = boundary;
        notes.add(
            "the capacity term vanishes at the optimum: A = 0, and alpha is undetermined and"
                + " reported as 0");
      }
    }
    if (!best.converged) {
      notes.add(0, best.message);
    }
    return toFit(problem, best, String.join("; ", notes));
  }

  private static boolean capacityTermVanishing(CamelProblem problem, double[] point) {
    return point[problem.iAlpha] <= CamelProblem.MIN_EXPONENT * (1 + 1e-9)
        || point[problem.iA] <= NEGLIGIBLE_AMPLITUDE * problem.minLoss;
  }

  /** Refines the best grid starts and returns the best converged run (else the best run). */
  private Run bestRun(CamelProblem problem, CamelFit start) {
    HuberNewton optimizer = new HuberNewton(problem, huberDelta, tolerance, maxIterations);
    Run best = null;
    List<double[]> seeds = new CamelSeeder(problem).starts(starts);
    double[] warm = start == null ? null : pack(start, problem);
    if (warm != null) {
      seeds = new ArrayList<>(seeds.subList(0, Math.min(seeds.size(), starts - 1)));
      seeds.add(0, warm);
    }
    for (double[] seed : seeds) {
      double[] incumbent = null;
      double incumbentCost = Double.NaN;
      if (best != null && best.converged) {
        incumbent = best.point;
        incumbentCost = best.cost;
      }
      Run run = Run.of(optimizer.minimize(seed, incumbent, incumbentCost), maxIterations);
      if (run != null && (best == null || run.better(best))) {
        best = run;
      }
    }
    if (best == null) {
      throw new IllegalStateException(
          "no feasible starting point for "
              + name()
              + " on "
              + problem.observationCount
              + " observations");
    }
    return best;
  }

  /**
   * The parameters of an earlier fit in the layout of a problem, clamped into its box; null when
   * the fit cannot seed it (its capacity term vanished, or the objective is not finite there).
   */
  private static double[] pack(CamelFit fit, CamelProblem problem) {
    if (problem.capacityTerm && fit.a() <= 0) {
      return null;
    }
    int m = problem.m;
    double[] p = new double[problem.size];
    p[0] = fit.e();
    if (problem.capacityTerm) {
      p[problem.iA] = fit.a();
      p[problem.iAlpha] = fit.alpha();
    }
    if (problem.tokenTerm && fit.hasTokenTerm()) {
      p[problem.iB] = fit.b();
      p[problem.iBeta] = fit.beta();
      System.arraycopy(fit.delta(), 0, p, problem.iDelta, m);
    }
    System.arraycopy(fit.theta(), 0, p, problem.iTheta, m);
    if (problem.gammaTerm) {
      System.arraycopy(fit.gamma(), 0, p, problem.iGamma, m);
    }
    if (problem.saturationTerm && fit.hasSaturationTerm()) {
      System.arraycopy(fit.phi(), 0, p, problem.iPhi, m);
    }
    problem.clamp(p);
    return Double.isFinite(problem.objective(p)) ? p : null;
  }

  private static int checkObservations(List<Observation> observations) {
    Objects.requireNonNull(observations, "observations");
    if (observations.isEmpty()) {
      throw new IllegalArgumentException("observations must not be empty");
    }
    int m = -1;
    for (int i = 0; i < observations.size(); i++) {
      Observation o = Objects.requireNonNull(observations.get(i), "observation " + i);
      if (m < 0) {
        m = o.domainCount();
      } else if (o.domainCount() != m) {
        throw new IllegalArgumentException(
            "observation "
                + i
                + " (run "
                + o.runId()
                + ") has "
                + o.domainCount()
                + " training domains, the first has "
                + m);
      }
    }
    if (m == 0) {
      throw new IllegalArgumentException("observations must have at least one training domain");
    }
    return m;
  }

  private static double spread(double[] values) {
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (double v : values) {
      min = Math.min(min, v);
      max = Math.max(max, v);
    }
    return max - min;
  }

  /** Largest residual of the least-squares line {@code y = a + c x}. */
  private static double affineResidual(double[] x, double[] y) {
    int n = x.length;
    double mx = 0;
    double my = 0;
    for (int i = 0; i < n; i++) {
      mx += x[i] / n;
      my += y[i] / n;
    }
    double sxy = 0;
    double sxx = 0;
    for (int i = 0; i < n; i++) {
      sxy += (x[i] - mx) * (y[i] - my);
      sxx += (x[i] - mx) * (x[i] - mx);
    }
    double c = sxy / sxx;
    double worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(y[i] - my - c * (x[i] - mx)));
    }
    return worst;
  }

  /** Outcome of one optimizer run. */
  private record Run(
      double[] point,
      double cost,
      boolean converged,
      int iterations,
      int evaluations,
      String message) {

    /** The run's outcome; null when it was abandoned against the incumbent. */
    static Run of(HuberNewton.Result result, int maxIterations) {
      if (result.status() == HuberNewton.Status.ABANDONED) {
        return null;
      }
      String message =
          switch (result.status()) {
            case CONVERGED, ABANDONED -> "";
            case MAX_ITERATIONS -> String.format(
                Locale.ROOT,
                "Huber-Newton did not converge within %d iterations (best cost %.6g); raise the"
                    + " iteration limit",
                maxIterations,
                result.cost());
            case STALLED -> String.format(
                Locale.ROOT,
                "Huber-Newton stalled after %d iterations (best cost %.6g): no step decreases the"
                    + " objective at damping %.3g",
                result.iterations(),
                result.cost(),
                result.damping());
          };
      return new Run(
          result.point(),
          result.cost(),
          result.status() == HuberNewton.Status.CONVERGED,
          result.iterations(),
          result.evaluations(),
          message);
    }

    boolean better(Run other) {
      if (converged != other.converged) {
        return converged;
      }
      return cost < other.cost;
    }
  }

  private CamelFit toFit(CamelProblem problem, Run run, String message) {
    double[] p = run.point;
    int m = problem.m;
    double a = problem.capacityTerm ? p[problem.iA] : 0.0;
    double alpha = problem.capacityTerm ? p[problem.iAlpha] : 0.0;
    double[] theta = new double[m];
    double[] gamma = new double[m];
    System.arraycopy(p, problem.iTheta, theta, 0, m);
    if (problem.gammaTerm) {
      System.arraycopy(p, problem.iGamma, gamma, 0, m);
    }
    double b = 0.0;
    double beta = 0.0;
    double[] delta = new double[tokenTerm ? m : 0];
    if (problem.tokenTerm) {
      b = p[problem.iB];
      beta = p[problem.iBeta];
      System.arraycopy(p, problem.iDelta, delta, 0, m);
    }
    double[] phi = new double[problem.saturationTerm ? m : 0];
    if (problem.saturationTerm) {
      System.arraycopy(p, problem.iPhi, phi, 0, m);
    }
    FitDiagnostics diagnostics = diagnose(problem, run, message);
    return new CamelFit(
        form,
        referenceCapacity,
        p[0],
        a,
        alpha,
        theta,
        gamma,
        referenceTokens,
        b,
        beta,
        delta,
        saturationOffset,
        phi,
        diagnostics);
  }

  private static FitDiagnostics diagnose(CamelProblem problem, Run run, String message) {
    double[] rowPrediction = new double[problem.n];
    for (int i = 0; i < problem.n; i++) {
      rowPrediction[i] = problem.predict(run.point, i);
    }
    int n = problem.observationCount;
    double[] predicted = new double[n];
    double[] observed = new double[n];
    double sumSquares = 0;
    double sumAbs = 0;
    double mean = 0;
    for (int k = 0; k < n; k++) {
      int row = problem.rowOf[k];
      predicted[k] = rowPrediction[row];
      observed[k] = problem.loss[row];
      double error = predicted[k] - observed[k];
      sumSquares += error * error;
      sumAbs += Math.abs(error);
      mean += observed[k] / n;
    }
    double total = 0;
    for (int k = 0; k < n; k++) {
      double d = observed[k] - mean;
      total += d * d;
    }
    double r2 = total > 0 ? 1 - sumSquares / total : Double.NaN;
    double spearman = new SpearmansCorrelation().correlation(predicted, observed);
    return new FitDiagnostics(
        n,
        Math.sqrt(sumSquares / n),
        sumAbs / n,
        r2,
        spearman,
        run.converged,
        run.iterations,
        run.evaluations,
        run.cost,
        message);
  }

  @Override
  public String toString() {
    return String.format(
        Locale.ROOT,
        "CamelLaw[name=%s, huberDelta=%g, referenceCapacity=%g, ridge=%g, tokenTerm=%s,"
            + " referenceTokens=%g, maxIterations=%d, nonNegativeGamma=%s, starts=%d,"
            + " tolerance=%g, saturationOffset=%g]",
        name(),
        huberDelta,
        referenceCapacity,
        ridge,
        tokenTerm,
        referenceTokens,
        maxIterations,
        nonNegativeGamma,
        starts,
        tolerance,
        saturationOffset);
  }
}

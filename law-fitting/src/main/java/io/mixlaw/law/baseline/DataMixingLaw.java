package io.mixlaw.law.baseline;

import io.mixlaw.law.FitDiagnostics;
import io.mixlaw.law.FittedLaw;
import io.mixlaw.law.MixtureLaw;
import io.mixlaw.law.Observation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.SingularValueDecomposition;

/**
 * The data mixing law of Ye et al. (2024), "Data Mixing Laws: Optimizing Data Mixtures by
 * Predicting Language Modeling Performance" (arXiv:2403.16952), with their nested use of a
 * model-size law to carry it across scales.
 *
 * <p>At a fixed scale, the loss on one validation target is
 *
 * <pre>
 *   L(r) = c + k * exp(sum_j t_j r_j)
 * </pre>
 *
 * with r the training mixture. Across scales they nest laws of training steps, model sizes and
 * mixtures; this class nests the last two as the pipeline of their code release does ({@code
 * pipeline/sizelaw.py} and {@code pipeline/utils.py} of github.com/yegcjs/mixinglaws): for every
 * mixture trained at every fitted model size, a size law
 *
 * <pre>
 *   L_m(N) = E_m + B_m / N^alpha      (their code: exp(log_c) + (N0 / N)^alpha, B = N0^alpha)
 * </pre>
 *
 * with one exponent alpha shared by all mixtures (their {@code tie_alpha="all"}) is fitted; each
 * mixture's loss is predicted at the target size; and the mixing law is fitted to those predicted
 * losses, then evaluated at any mixture. {@link Fit#predict} does this for any capacity and caches
 * the mixing law of each capacity it is asked for.
 *
 * <p>With runs at a single scale the fit is that scale's mixing law, and predictions are defined at
 * that capacity only. Two scales cannot determine the size law (2K losses for 2K + 1 parameters),
 * so they are rejected; three or more are needed.
 *
 * <p>Fitting objective, as for every law here: the Huber loss (delta 1e-3) of log-residuals
 * minimized by Levenberg-Marquardt. Ye et al. minimize a Huber loss of loss-space residuals with
 * L-BFGS from random starts; the two objectives weight residuals differently, so fits of noisy runs
 * differ slightly, while exact runs give the generating parameters under both. Starts: for the
 * mixing law, a grid of floors c, each with t from the linear least-squares solve of ln(L - c) on
 * r; for the size law, a grid of exponents alpha, each with (E_m, B_m) from the linear
 * least-squares solve of L on N^-alpha.
 *
 * <p>When every mixture sums to one, k and a common shift of the t_j are not separately
 * identifiable; the fit reports the representative with sum_j t_j = 0, or, when that one overflows
 * (t_j in the hundreds, as for a validation domain only one training domain covers), the one whose
 * largest exponent over the fitted mixtures is 0. Immutable and thread-safe.
 */
public final class DataMixingLaw implements MixtureLaw {

  // Limitation: the training-step law of Ye et al. is not applied; runs are taken to have trained
  // for the same number of steps and predictions ignore the token count.

  /** Name of the law in tables and configs. */
  public static final String NAME = "data-mixing-law";

  /** Huber threshold on log-residuals. */
  public static final double DEFAULT_HUBER_DELTA = HuberLeastSquares.DEFAULT_HUBER_DELTA;

  /** Fewest distinct scales the nested size law can be fitted on. */
  public static final int MIN_EXTRAPOLATION_SCALES = 3;

  /** Starting values of the shared size-law exponent alpha. */
  public static final List<Double> DEFAULT_SIZE_EXPONENT_STARTS =
      List.of(0.05, 0.1, 0.2, 0.35, 0.5, 0.75, 1.0);

  /** Starting values of the mixing-law floor c, as fractions of the smallest loss fitted. */
  public static final List<Double> DEFAULT_FLOOR_FRACTIONS =
      List.of(0.05, 0.3, 0.5, 0.7, 0.8, 0.9, 0.95, 0.98);

  /** Number of best-scoring starts refined by Levenberg-Marquardt, for each of the two laws. */
  public static final int DEFAULT_REFINED_STARTS = 4;

  private static final double SIMPLEX_TOLERANCE = 1e-9;
  private static final double SAME_CAPACITY_TOLERANCE = 1e-9;

  private final double huberDelta;
  private final List<Double> exponentStarts;
  private final List<Double> floorFractions;
  private final int refinedStarts;

  /** Creates the law with the default starts and Huber delta 1e-3. */
  public DataMixingLaw() {
    this(
        DEFAULT_HUBER_DELTA,
        DEFAULT_SIZE_EXPONENT_STARTS,
        DEFAULT_FLOOR_FRACTIONS,
        DEFAULT_REFINED_STARTS);
  }

  private DataMixingLaw(
      double huberDelta, List<Double> exponentStarts, List<Double> floorFractions, int refined) {
    this.huberDelta = huberDelta;
    this.exponentStarts = exponentStarts;
    this.floorFractions = floorFractions;
    this.refinedStarts = refined;
  }

  /** Returns a copy with another Huber threshold on log-residuals (finite, > 0). */
  public DataMixingLaw withHuberDelta(double delta) {
    Arguments.checkHuberDelta(delta);
    return new DataMixingLaw(delta, exponentStarts, floorFractions, refinedStarts);
  }

  /** Returns a copy with other starting values of the size-law exponent (each finite, > 0). */
  public DataMixingLaw withSizeExponentStarts(List<Double> alphas) {
    List<Double> copy = List.copyOf(alphas);
    if (copy.isEmpty() || copy.stream().anyMatch(a -> !(a > 0) || a.isInfinite())) {
      throw new IllegalArgumentException(
          "size exponent starts must be a non-empty list of finite values > 0, got " + alphas);
    }

    return new DataMixingLaw(huberDelta, copy, floorFractions, refinedStarts);
  }

  /**
   * Returns a copy with other starting floors c, as fractions of the smallest loss (each in (0,
   * 1)).
   */
  public DataMixingLaw withFloorFractions(List<Double> fractions) {
    List<Double> copy = List.copyOf(fractions);
    if (copy.isEmpty() || copy.stream().anyMatch(f -> !(f > 0 && f < 1))) {
      throw new IllegalArgumentException(
          "floor fractions must be a non-empty list of values in (0, 1), got " + fractions);
    }

    return new DataMixingLaw(huberDelta, exponentStarts, copy, refinedStarts);
  }

  /** Returns a copy that refines the {@code count} best-scoring starts of each law (>= 1). */
  public DataMixingLaw withRefinedStarts(int count) {
    Arguments.checkPositiveCount("refined starts", count);
    return new DataMixingLaw(huberDelta, exponentStarts, floorFractions, count);
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * The mixing law's closed form, c + k * exp(sum_j t_j r_j).
   *
   * @param c floor (>= 0)
   * @param k scale (> 0)
   * @param t one coefficient per training domain
   * @param weights mixture r, same length as t
   */
  public static double mixingLoss(double c, double k, double[] t, double[] weights) {
    if (t.length != weights.length) {
      throw new IllegalArgumentException(
          "expected " + t.length + " mixture weights, got " + weights.length);
    }

    double exponent = 0;
    for (int j = 0; j < t.length; j++) {
      exponent += t[j] * weights[j];
    }

    return c + k * Math.exp(exponent);
  }

  /**
   * The nested size law's closed form, E + B / N^alpha.
   *
   * @param capacity N (> 0)
   * @param floor E
   * @param amplitude B
   * @param alpha exponent
   */
  public static double sizeLoss(double capacity, double floor, double amplitude, double alpha) {
    return floor + amplitude * Math.pow(capacity, -alpha);
  }

  /**
   * Fits the law. Observations are grouped into scales by {@link Observation#scale()} (one capacity
   * per scale) and into mixtures by exact equality of their weights.
   *
   * @param observations runs of one validation target, at one scale or at three or more scales
   * @throws IllegalArgumentException if there are two scales, a scale has several capacities, or
   *     too few mixtures are shared by all scales to fit the mixing law
   */
  @Override
  public Fit fit(List<Observation> observations) {
    int domains = Arguments.checkObservations(observations, 1, NAME);
    if (domains == 0) {
      throw new IllegalArgumentException(NAME + " needs mixture weights, got runs with none");
    }

    Map<String, Double> capacities = scaleCapacities(observations);
    if (capacities.size() == 1) {
      double capacity = capacities.values().iterator().next();
      double[][] weights = new double[observations.size()][];
      for (int i = 0; i < weights.length; i++) {
        weights[i] = observations.get(i).weights();
      }

      MixingLaw law = fitMixingLaw(weights, Arguments.losses(observations));
      return new Fit(this, observations, domains, capacity, law, null);
    }

    if (capacities.size() < MIN_EXTRAPOLATION_SCALES) {
      throw new IllegalArgumentException(
          NAME
              + " needs runs at one scale, or at >= "
              + MIN_EXTRAPOLATION_SCALES
              + " scales to fit its size law; got "
              + capacities.size()
              + " scales "
              + capacities.keySet());
    }

    List<double[]> mixtures = sharedMixtures(observations, capacities.size());
    if (mixtures.size() < domains + 1) {
      throw new IllegalArgumentException(
          NAME
              + " needs at least "
              + (domains + 1)
              + " mixtures trained at every one of the "
              + capacities.size()
              + " scales, got "
              + mixtures.size());
    }

    List<Observation> used = new ArrayList<>();
    List<Integer> mixtureIndex = new ArrayList<>();
    for (Observation o : observations) {
      int m = indexOf(mixtures, o.weights());
      if (m >= 0) {
        mixtureIndex.add(m);
        used.add(o);
      }
    }

    int[] mixtureOf = mixtureIndex.stream().mapToInt(Integer::intValue).toArray();
    SizeModel model =
        new SizeModel(
            used.stream().mapToDouble(o -> Math.log(o.capacity())).toArray(),
            mixtureOf,
            mixtures.size());
    double[] logLosses = Arguments.logLosses(used);
    List<double[]> starts = sizeStarts(used, mixtureOf, mixtures.size());
    HuberLeastSquares.Solution solution =
        new HuberLeastSquares(huberDelta).minimize(model, logLosses, starts, refinedStarts);
    double[] theta = solution.theta();
    double[] floors = new double[mixtures.size()];
    double[] amplitudes = new double[mixtures.size()];
    for (int m = 0; m < floors.length; m++) {
      floors[m] = Math.exp(theta[1 + 2 * m]);
      amplitudes[m] = Math.exp(theta[2 + 2 * m]);
    }

    SizeLaw sizeLaw = new SizeLaw(mixtures, theta[0], floors, amplitudes, solution);
    return new Fit(this, observations, domains, Double.NaN, null, sizeLaw);
  }

  private static Map<String, Double> scaleCapacities(List<Observation> observations) {
    Map<String, Double> capacities = new LinkedHashMap<>();
    for (Observation o : observations) {
      Double known = capacities.putIfAbsent(o.scale(), o.capacity());
      if (known != null && !sameCapacity(known, o.capacity())) {
        throw new IllegalArgumentException(
            "scale "
                + o.scale()
                + " has runs of different capacities, "
                + known
                + " and "
                + o.capacity()
                + " (run "
                + o.runId()
                + "); give each capacity its own scale");
      }
    }

    return capacities;
  }

  private static boolean sameCapacity(double a, double b) {
    return Math.abs(a - b) <= SAME_CAPACITY_TOLERANCE * Math.max(a, b);
  }

  /** Mixtures run at every scale, in lexicographic order of their weights. */
  private static List<double[]> sharedMixtures(List<Observation> observations, int scales) {
    Map<List<Double>, Set<String>> scalesOf = new TreeMap<>(DataMixingLaw::compare);
    for (Observation o : observations) {
      scalesOf.computeIfAbsent(boxed(o.weights()), key -> new HashSet<>()).add(o.scale());
    }

    List<double[]> shared = new ArrayList<>();
    for (Map.Entry<List<Double>, Set<String>> entry : scalesOf.entrySet()) {
      if (entry.getValue().size() == scales) {
        shared.add(entry.getKey().stream().mapToDouble(Double::doubleValue).toArray());
      }
    }

    return shared;
  }

  private static int compare(List<Double> a, List<Double> b) {
    for (int j = 0; j < Math.min(a.size(), b.size()); j++) {
      int c = Double.compare(a.get(j), b.get(j));
      if (c != 0) {
        return c;
      }
    }

    return Integer.compare(a.size(), b.size());
  }

  private static List<Double> boxed(double[] values) {
    return Arrays.stream(values).boxed().toList();
  }

  private static int indexOf(List<double[]> mixtures, double[] weights) {
    for (int m = 0; m < mixtures.size(); m++) {
      if (Arrays.equals(mixtures.get(m), weights)) {
        return m;
      }
    }

    return -1;
  }

  /** For each start exponent, (E_m, B_m) by linear least squares of L on N^-alpha per mixture. */
  private List<double[]> sizeStarts(List<Observation> used, int[] mixtureOf, int mixtures) {
    List<double[]> starts = new ArrayList<>();
    for (double alpha : exponentStarts) {
      double[] theta = new double[1 + 2 * mixtures];
      theta[0] = alpha;
      for (int m = 0; m < mixtures; m++) {
        double sx = 0;
        double sy = 0;
        double sxx = 0;
        double sxy = 0;
        double minLoss = Double.POSITIVE_INFINITY;
        int n = 0;
        for (int i = 0; i < used.size(); i++) {
          if (mixtureOf[i] != m) {
            continue;
          }

          double x = Math.pow(used.get(i).capacity(), -alpha);
          double y = used.get(i).loss();
          sx += x;
          sy += y;
          sxx += x * x;
          sxy += x * y;
          minLoss = Math.min(minLoss, y);
          n++;
        }

        double denominator = n * sxx - sx * sx;
        double slope = denominator > 0 ? (n * sxy - sx * sy) / denominator : 0;
        double floor = (sy - slope * sx) / n;
        floor = Math.min(Math.max(floor, 0.01 * minLoss), 0.99 * minLoss);
        double meanX = sx / n;
        double amplitude = slope > 0 ? slope : Math.max(sy / n - floor, 1e-6 * minLoss) / meanX;
        theta[1 + 2 * m] = Math.log(floor);
        theta[2 + 2 * m] = Math.log(amplitude);
      }

      starts.add(theta);
    }

    return starts;
  }

  /** Fits c + k exp(t . r) to losses at one scale. */
  MixingLaw fitMixingLaw(double[][] weights, double[] losses) {
    int domains = weights[0].length;
    boolean simplex = true;
    for (double[] w : weights) {
      double sum = Arrays.stream(w).sum();
      simplex &= Math.abs(sum - 1) <= SIMPLEX_TOLERANCE;
    }

    int distinct = (int) Arrays.stream(weights).map(DataMixingLaw::boxed).distinct().count();
    int parameters = 1 + domains + (simplex ? 0 : 1);
    if (distinct < parameters) {
      throw new IllegalArgumentException(
          NAME
              + " at one scale has "
              + parameters
              + " parameters for "
              + domains
              + " domains and needs at least that many distinct mixtures, got "
              + distinct);
    }

    MixingModel model = new MixingModel(weights, simplex);
    double[] logLosses = Arrays.stream(losses).map(Math::log).toArray();
    double minLoss = Arrays.stream(losses).min().orElseThrow();
    List<double[]> starts = new ArrayList<>();
    for (double fraction : floorFractions) {
      double floor = fraction * minLoss;
      double[][] design = new double[losses.length][];
      double[] target = new double[losses.length];
      for (int i = 0; i < losses.length; i++) {
        design[i] = model.features(i);
        target[i] = Math.log(losses[i] - floor);
      }

      double[] coefficients =
          new SingularValueDecomposition(new Array2DRowRealMatrix(design, false))
              .getSolver()
              .solve(new ArrayRealVector(target, false))
              .toArray();
      double[] start = new double[parameters];
      start[0] = Math.log(floor);
      System.arraycopy(coefficients, 0, start, 1, coefficients.length);
      starts.add(start);
    }

    HuberLeastSquares.Solution solution =
        new HuberLeastSquares(huberDelta).minimize(model, logLosses, starts, refinedStarts);
    double[] theta = solution.theta();
    double c = Math.exp(theta[0]);
    double[] t = new double[domains];
    double logK;
    if (simplex) {
      System.arraycopy(theta, 1, t, 0, domains);
      logK = Arrays.stream(t).average().orElseThrow();
      for (int j = 0; j < domains; j++) {
        t[j] -= logK;
      }
    } else {
      logK = theta[1];
      System.arraycopy(theta, 2, t, 0, domains);
    }

    double k = Math.exp(logK);
    double[] predicted = predictions(c, k, t, weights);
    if (simplex && !allFinite(predicted)) {
      // Domains whose presence switches the loss (a target that only one domain covers) drive
      // t_j to extremes where k = exp(mean) over- or underflows; k = exp(largest fitted exponent)
      // represents the same law with every fitted exponent t . r <= 0.
      double largest = Double.NEGATIVE_INFINITY;
      for (double[] r : weights) {
        double exponent = 0;
        for (int j = 0; j < domains; j++) {
          exponent += theta[1 + j] * r[j];
        }

        largest = Math.max(largest, exponent);
      }

      for (int j = 0; j < domains; j++) {
        t[j] = theta[1 + j] - largest;
      }

      k = Math.exp(largest);
      predicted = predictions(c, k, t, weights);
    }

    if (!allFinite(predicted) || !(k > 0) || Double.isInfinite(k)) {
      throw new IllegalArgumentException(
          NAME
              + " diverged: the fitted law (c="
              + c
              + ", ln k="
              + logK
              + ", t="
              + Arrays.toString(t)
              + ") predicts non-finite losses for the mixtures it was fitted to");
    }

    return new MixingLaw(c, k, t, FitStatistics.diagnostics(losses, predicted, solution));
  }

  private static double[] predictions(double c, double k, double[] t, double[][] weights) {
    double[] predicted = new double[weights.length];
    for (int i = 0; i < weights.length; i++) {
      predicted[i] = mixingLoss(c, k, t, weights[i]);
    }

    return predicted;
  }

  private static boolean allFinite(double[] values) {
    for (double value : values) {
      if (!Double.isFinite(value)) {
        return false;
      }
    }

    return true;
  }

  /**
   * The mixing law of one scale.
   *
   * @param c floor of the loss
   * @param k scale of the mixture-dependent part
   * @param t one coefficient per training domain; negative t_j: domain j lowers the loss
   * @param diagnostics fit of the law on the losses it was fitted to (observed at a training scale,
   *     or predicted by the size law at another capacity)
   */
  public record MixingLaw(double c, double k, double[] t, FitDiagnostics diagnostics) {

    /** Checks the values and copies t. */
    public MixingLaw {
      Objects.requireNonNull(t, "t");
      Objects.requireNonNull(diagnostics, "diagnostics");
      if (!(c >= 0) || !(k > 0) || Double.isInfinite(c) || Double.isInfinite(k)) {
        throw new IllegalArgumentException(
            "mixing law needs finite c >= 0 and k > 0, got c=" + c + ", k=" + k);
      }

      t = t.clone();
    }

    /** Returns a copy of the domain coefficients. */
    @Override
    public double[] t() {
      return t.clone();
    }

    /** Predicted loss of mixture {@code weights}, c + k exp(t . r). */
    public double predict(double[] weights) {
      return mixingLoss(c, k, t, weights);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof MixingLaw o
          && Double.compare(c, o.c) == 0
          && Double.compare(k, o.k) == 0
          && Arrays.equals(t, o.t)
          && diagnostics.equals(o.diagnostics);
    }

    @Override
    public int hashCode() {
      return Objects.hash(c, k, Arrays.hashCode(t), diagnostics);
    }

    @Override
    public String toString() {
      return "MixingLaw[c="
          + c
          + ", k="
          + k
          + ", t="
          + Arrays.toString(t)
          + ", diagnostics="
          + diagnostics
          + "]";
    }
  }

  /**
   * A fitted data mixing law: either one scale's mixing law, or the nested size law from which the
   * mixing law of any capacity is derived on demand.
   *
   * <p>Parameters: at one scale, c, k and t[j]; across scales, the shared exponent alpha followed
   * by E[m] and B[m] of each mixture m of {@link #mixtures()}.
   */
  public static final class Fit implements FittedLaw {
    private final DataMixingLaw law;
    private final int domains;
    private final double singleCapacity;
    private final MixingLaw singleLaw;
    private final List<double[]> mixtures;
    private final double[] floors;
    private final double[] amplitudes;
    private final double alpha;
    private final ConcurrentMap<Double, MixingLaw> byCapacity = new ConcurrentHashMap<>();
    private final FitDiagnostics diagnostics;

    private Fit(
        DataMixingLaw law,
        List<Observation> observations,
        int domains,
        double singleCapacity,
        MixingLaw singleLaw,
        SizeLaw sizeLaw) {
      this.law = law;
      this.domains = domains;
      this.singleCapacity = singleCapacity;
      this.singleLaw = singleLaw;
      if (sizeLaw == null) {
        this.mixtures = List.of();
        this.floors = new double[0];
        this.amplitudes = new double[0];
        this.alpha = Double.NaN;
        this.diagnostics = singleLaw.diagnostics();
      } else {
        this.mixtures = sizeLaw.mixtures().stream().map(double[]::clone).toList();
        this.floors = sizeLaw.floors().clone();
        this.amplitudes = sizeLaw.amplitudes().clone();
        this.alpha = sizeLaw.alpha();
        this.diagnostics = nestedDiagnostics(observations, sizeLaw.solution());
      }
    }

    /** Whether the fit carries a size law and so predicts any capacity. */
    public boolean extrapolates() {
      return singleLaw == null;
    }

    /** The mixtures of the size law (trained at every scale), in the order of the parameters. */
    public List<double[]> mixtures() {
      return mixtures.stream().map(double[]::clone).toList();
    }

    /**
     * Returns the mixing law at a capacity: fitted to the size law's predicted losses of {@link
     * #mixtures()} at that capacity, or the single scale's law at its own capacity.
     *
     * @throws IllegalArgumentException for a capacity other than the single scale's, when fitted on
     *     one scale
     */
    public MixingLaw mixingLawAt(double capacity) {
      if (!(capacity > 0) || Double.isInfinite(capacity)) {
        throw new IllegalArgumentException("capacity must be finite and > 0, got " + capacity);
      }

      if (singleLaw != null) {
        if (!sameCapacity(capacity, singleCapacity)) {
          throw new IllegalArgumentException(
              NAME
                  + " was fitted on one scale (capacity "
                  + singleCapacity
                  + ") and cannot"
                  + " predict capacity "
                  + capacity
                  + "; fit it on runs at >= "
                  + MIN_EXTRAPOLATION_SCALES
                  + " scales to extrapolate");
        }

        return singleLaw;
      }

      return byCapacity.computeIfAbsent(capacity, this::deriveMixingLaw);
    }

    private MixingLaw deriveMixingLaw(double capacity) {
      double[][] weights = mixtures.toArray(new double[0][]);
      double[] losses = new double[weights.length];
      for (int m = 0; m < losses.length; m++) {
        losses[m] = sizeLoss(capacity, floors[m], amplitudes[m], alpha);
      }

      return law.fitMixingLaw(weights, losses);
    }

    @Override
    public String lawName() {
      return NAME;
    }

    @Override
    public List<String> parameterNames() {
      List<String> names = new ArrayList<>();
      if (singleLaw != null) {
        names.add("c");
        names.add("k");
        for (int j = 0; j < domains; j++) {
          names.add("t[" + j + "]");
        }
      } else {
        names.add("alpha");
        for (int m = 0; m < mixtures.size(); m++) {
          names.add("E[" + m + "]");
          names.add("B[" + m + "]");
        }
      }

      return Collections.unmodifiableList(names);
    }

    @Override
    public double[] parameters() {
      if (singleLaw != null) {
        double[] values = new double[2 + domains];
        values[0] = singleLaw.c();
        values[1] = singleLaw.k();
        System.arraycopy(singleLaw.t(), 0, values, 2, domains);
        return values;
      }

      double[] values = new double[1 + 2 * mixtures.size()];
      values[0] = alpha;
      for (int m = 0; m < mixtures.size(); m++) {
        values[1 + 2 * m] = floors[m];
        values[2 + 2 * m] = amplitudes[m];
      }

      return values;
    }

    /** Predicted loss; {@code tokens} is checked but not used (no training-step law). */
    @Override
    public double predict(double capacity, double tokens, double[] weights) {
      Arguments.checkPoint(capacity, tokens, weights, domains);
      return mixingLawAt(capacity).predict(weights);
    }

    @Override
    public FitDiagnostics diagnostics() {
      return diagnostics;
    }

    /**
     * Diagnostics of the nested procedure on every observation at its own capacity; the cost is the
     * Huber objective of those end-to-end predictions, and convergence requires the size law and
     * the mixing law of every training capacity to have converged.
     */
    private FitDiagnostics nestedDiagnostics(
        List<Observation> observations, HuberLeastSquares.Solution sizeSolution) {
      double[] observed = Arguments.losses(observations);
      double[] predicted = new double[observed.length];
      double cost = 0;
      boolean converged = sizeSolution.converged();
      int iterations = sizeSolution.iterations();
      int evaluations = sizeSolution.evaluations();
      StringBuilder message = new StringBuilder(sizeSolution.message());
      Map<Double, MixingLaw> seen = new TreeMap<>();
      for (int i = 0; i < observed.length; i++) {
        Observation o = observations.get(i);
        MixingLaw mixingLaw = mixingLawAt(o.capacity());
        if (seen.put(o.capacity(), mixingLaw) == null) {
          FitDiagnostics d = mixingLaw.diagnostics();
          converged &= d.converged();
          iterations += d.iterations();
          evaluations += d.evaluations();
          if (!d.message().isEmpty()) {
            message
                .append(message.length() == 0 ? "" : "; ")
                .append(String.format(Locale.ROOT, "mixing law at N=%.4g: ", o.capacity()))
                .append(d.message());
          }
        }

        predicted[i] = mixingLaw.predict(o.weights());
        cost +=
            HuberLeastSquares.huber(Math.log(predicted[i]) - Math.log(observed[i]), law.huberDelta);
      }

      return FitStatistics.diagnostics(
          observed, predicted, converged, iterations, evaluations, cost, message.toString());
    }
  }

  /** The fitted nested size law: shared exponent, per-mixture floor and amplitude. */
  private record SizeLaw(
      List<double[]> mixtures,
      double alpha,
      double[] floors,
      double[] amplitudes,
      HuberLeastSquares.Solution solution) {}

  /** ln Lhat = ln(c + exp(a0 + sum_j u_j r_j)), theta = (ln c, [a0,] u_1..u_M). */
  private static final class MixingModel implements LogLossModel {
    private final double[][] weights;
    private final boolean simplex;

    MixingModel(double[][] weights, boolean simplex) {
      this.weights = weights;
      this.simplex = simplex;
    }

    /** Regressors of the exponent: r, preceded by an intercept unless r lies on the simplex. */
    double[] features(int i) {
      if (simplex) {
        return weights[i].clone();
      }

      double[] row = new double[weights[i].length + 1];
      row[0] = 1;
      System.arraycopy(weights[i], 0, row, 1, weights[i].length);
      return row;
    }

    @Override
    public int parameterCount() {
      return 1 + weights[0].length + (simplex ? 0 : 1);
    }

    @Override
    public int observationCount() {
      return weights.length;
    }

    @Override
    public double logLoss(double[] theta, int i, double[] gradient) {
      double[] row = features(i);
      double exponent = 0;
      for (int j = 0; j < row.length; j++) {
        exponent += theta[1 + j] * row[j];
      }

      double floor = Math.exp(theta[0]);
      double excess = Math.exp(exponent);
      double loss = floor + excess;
      gradient[0] = floor / loss;
      for (int j = 0; j < row.length; j++) {
        gradient[1 + j] = excess * row[j] / loss;
      }

      return Math.log(loss);
    }
  }

  /** ln Lhat = ln(E_m + B_m N^-alpha), theta = (alpha, ln E_0, ln B_0, ln E_1, ln B_1, ...). */
  private static final class SizeModel implements LogLossModel {
    private final double[] logCapacity;
    private final int[] mixtureOf;
    private final int mixtures;

    SizeModel(double[] logCapacity, int[] mixtureOf, int mixtures) {
      this.logCapacity = logCapacity;
      this.mixtureOf = mixtureOf;
      this.mixtures = mixtures;
    }

    @Override
    public int parameterCount() {
      return 1 + 2 * mixtures;
    }

    @Override
    public int observationCount() {
      return logCapacity.length;
    }

    @Override
    public double logLoss(double[] theta, int i, double[] gradient) {
      Arrays.fill(gradient, 0);
      int m = mixtureOf[i];
      double floor = Math.exp(theta[1 + 2 * m]);
      double reducible = Math.exp(theta[2 + 2 * m] - theta[0] * logCapacity[i]);
      double loss = floor + reducible;
      gradient[0] = -logCapacity[i] * reducible / loss;
      gradient[1 + 2 * m] = floor / loss;
      gradient[2 + 2 * m] = reducible / loss;
      return Math.log(loss);
    }
  }
}

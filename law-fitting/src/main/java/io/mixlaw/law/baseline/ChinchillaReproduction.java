package io.mixlaw.law.baseline;

import io.mixlaw.law.FittedLaw;
import io.mixlaw.law.Observation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.hipparchus.random.MersenneTwister;
import org.hipparchus.random.RandomGenerator;
import org.hipparchus.stat.descriptive.rank.Percentile;

/**
 * Reproduces Epoch AI's fit of the Chinchilla law to the points of Figure 4 of Hoffmann et al.
 * (2022), with percentile bootstrap intervals, for comparison with the published numbers (Besiroglu
 * et al. 2024, "Chinchilla Scaling: A replication attempt", arXiv:2404.10102).
 *
 * <p>Protocol, as in Epoch's notebook: read the 245 extracted points (model size N, training FLOP
 * C, loss), set D = C / (6 N), drop the 5 highest-loss points, fit {@link ChinchillaLaw} with
 * Hoffmann et al.'s grid of starts, then refit B resamples of the 240 points drawn with
 * replacement, each from the full-data estimate, and report the percentile interval of each
 * parameter over the converged resamples. Resample b draws from a Mersenne Twister seeded with
 * (seed, b), so results are reproducible bit for bit and independent of the order resamples are run
 * in.
 */
public final class ChinchillaReproduction {

  /** The extracted points, relative to the repository root. */
  public static final String DEFAULT_CSV = "examples/chinchilla/svg_extracted_data.csv";

  /** Epoch drop this many highest-loss points as outliers before fitting. */
  public static final int DROPPED_HIGHEST_LOSS_POINTS = 5;

  /** Bootstrap resamples in Epoch's notebook. */
  public static final int DEFAULT_RESAMPLES = 4000;

  /** Default base seed of the bootstrap. */
  public static final long DEFAULT_SEED = 42L;

  /** Coverage of the percentile intervals. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  /**
   * Epoch's published estimates: point estimate, 95% bootstrap interval and bootstrap standard
   * error (saved outputs of their data_analysis.ipynb at commit 9225883), in the order of {@link
   * ChinchillaLaw#PARAMETER_NAMES}.
   */
  public static final List<Estimate> PUBLISHED =
      List.of(
          new Estimate("E", 1.8169, 1.769, 1.871, 0.0257),
          new Estimate("A", 482.01, 285.214, 743.626, 124.52),
          new Estimate("alpha", 0.3478, 0.317, 0.373, 0.0154),
          new Estimate("B", 2085.43, 1042.357, 5810.344, 1293.28),
          new Estimate("beta", 0.3659, 0.331, 0.415, 0.0206));

  private static final String SIZE_COLUMN = "Model Size";
  private static final String FLOP_COLUMN = "Training FLOP";
  private static final String LOSS_COLUMN = "loss";

  private ChinchillaReproduction() {}

  /**
   * One parameter's estimate with its interval.
   *
   * @param parameter parameter name, one of {@link ChinchillaLaw#PARAMETER_NAMES}
   * @param value point estimate
   * @param lower lower end of the percentile interval
   * @param upper upper end of the percentile interval
   * @param standardError standard deviation of the bootstrap estimates
   */
  public record Estimate(
      String parameter, double value, double lower, double upper, double standardError) {

    /** Checks the name and the order of the interval ends. */
    public Estimate {
      Objects.requireNonNull(parameter, "parameter");
      if (!(lower <= upper)) {
        throw new IllegalArgumentException(
            "interval of "
                + parameter
                + " must have lower <= upper, got ["
                + lower
                + ", "
                + upper
                + "]");
      }
    }
  }

  /**
   * The reproduced fit.
   *
   * @param fit the fit on all kept points
   * @param estimates one estimate per parameter, in the order of {@link
   *     ChinchillaLaw#PARAMETER_NAMES}
   * @param points number of points fitted
   * @param resamples bootstrap resamples drawn
   * @param convergedResamples resamples whose fit converged; only these enter the intervals
   * @param confidence coverage of the intervals, e.g. 0.95
   */
  public record Result(
      FittedLaw fit,
      List<Estimate> estimates,
      int points,
      int resamples,
      int convergedResamples,
      double confidence) {

    /** Copies the estimates. */
    public Result {
      Objects.requireNonNull(fit, "fit");
      estimates = List.copyOf(estimates);
    }

    /** Returns the estimate of the named parameter. */
    public Estimate estimate(String parameter) {
      return estimates.stream()
          .filter(e -> e.parameter().equals(parameter))
          .findFirst()
          .orElseThrow(
              () ->
                  new IllegalArgumentException(
                      "unknown parameter "
                          + parameter
                          + ", expected one of "
                          + ChinchillaLaw.PARAMETER_NAMES));
    }

    /**
     * Formats our estimates beside Epoch's published ones, one line per parameter, with the
     * relative difference of the point estimates.
     */
    public String comparisonTable() {
      StringBuilder table = new StringBuilder();
      table.append(
          String.format(
              Locale.ROOT,
              "%-6s %12s %25s %12s %25s %8s%n",
              "param",
              "mixlaw",
              String.format(Locale.ROOT, "%.0f%% interval", 100 * confidence),
              "Epoch",
              "Epoch 95% interval",
              "diff"));
      for (Estimate ours : estimates) {
        Estimate theirs = published(ours.parameter());
        table.append(
            String.format(
                Locale.ROOT,
                "%-6s %12.5g %25s %12.5g %25s %+7.2f%%%n",
                ours.parameter(),
                ours.value(),
                interval(ours),
                theirs.value(),
                interval(theirs),
                100 * (ours.value() / theirs.value() - 1)));
      }

      table.append(
          String.format(
              Locale.ROOT,
              "%d points, %d of %d resamples converged%n",
              points,
              convergedResamples,
              resamples));
      return table.toString();
    }

    private static String interval(Estimate estimate) {
      return String.format(Locale.ROOT, "(%.5g, %.5g)", estimate.lower(), estimate.upper());
    }
  }

  /** Returns Epoch's published estimate of the named parameter. */
  public static Estimate published(String parameter) {
    return PUBLISHED.stream()
        .filter(e -> e.parameter().equals(parameter))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown parameter "
                        + parameter
                        + ", expected one of "
                        + ChinchillaLaw.PARAMETER_NAMES));
  }

  /**
   * Reads the extracted points: one observation per row, capacity N = "Model Size", tokens D =
   * "Training FLOP" / (6 N), no mixture weights; run ids are "row-&lt;k&gt;" with k the 1-based
   * data row.
   *
   * @param csv the UTF-8 CSV file with header x,y,color,Model Size,Training FLOP,hex_color,loss
   * @throws IOException if the file cannot be read
   * @throws IllegalArgumentException naming the file and line if a column or value is bad
   */
  public static List<Observation> load(Path csv) throws IOException {
    List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
    if (lines.isEmpty()) {
      throw new IllegalArgumentException(csv + " is empty; expected a header line");
    }

    List<String> header = Arrays.asList(lines.get(0).split(",", -1));
    int size = column(header, SIZE_COLUMN, csv);
    int flop = column(header, FLOP_COLUMN, csv);
    int loss = column(header, LOSS_COLUMN, csv);
    List<Observation> observations = new ArrayList<>();
    for (int line = 1; line < lines.size(); line++) {
      if (lines.get(line).isBlank()) {
        continue;
      }

      String[] cells = lines.get(line).split(",", -1);
      if (cells.length != header.size()) {
        throw new IllegalArgumentException(
            csv
                + " line "
                + (line + 1)
                + ": expected "
                + header.size()
                + " cells, got "
                + cells.length);
      }

      try {
        double n = Double.parseDouble(cells[size].trim());
        double c = Double.parseDouble(cells[flop].trim());
        double l = Double.parseDouble(cells[loss].trim());
        String scale = String.format(Locale.ROOT, "%.3g", n);
        observations.add(new Observation("row-" + line, scale, n, c / (6 * n), new double[0], l));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            csv
                + " line "
                + (line + 1)
                + ": "
                + e.getMessage()
                + "; expected positive numbers in columns "
                + SIZE_COLUMN
                + ", "
                + FLOP_COLUMN
                + ", "
                + LOSS_COLUMN,
            e);
      }
    }

    return List.copyOf(observations);
  }

  /** Returns the observations without the {@code count} highest losses, in their original order. */
  public static List<Observation> dropHighestLoss(List<Observation> observations, int count) {
    if (count < 0 || count > observations.size()) {
      throw new IllegalArgumentException(
          "cannot drop " + count + " of " + observations.size() + " observations");
    }

    Integer[] order = new Integer[observations.size()];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }

    Arrays.sort(order, Comparator.comparingDouble(i -> -observations.get(i).loss()));
    boolean[] dropped = new boolean[order.length];
    for (int k = 0; k < count; k++) {
      dropped[order[k]] = true;
    }

    List<Observation> kept = new ArrayList<>();
    for (int i = 0; i < dropped.length; i++) {
      if (!dropped[i]) {
        kept.add(observations.get(i));
      }
    }

    return List.copyOf(kept);
  }

  /** Runs the protocol with {@link #DEFAULT_RESAMPLES} resamples and {@link #DEFAULT_SEED}. */
  public static Result reproduce(Path csv) throws IOException {
    return reproduce(csv, DEFAULT_RESAMPLES, DEFAULT_SEED);
  }

  /**
   * Runs the protocol.
   *
   * @param csv the extracted points
   * @param resamples bootstrap resamples (>= 2)
   * @param seed base seed; resample b uses the seed (seed, b)
   */
  public static Result reproduce(Path csv, int resamples, long seed) throws IOException {
    List<Observation> points = dropHighestLoss(load(csv), DROPPED_HIGHEST_LOSS_POINTS);
    return reproduce(points, new ChinchillaLaw(), resamples, seed, DEFAULT_CONFIDENCE);
  }

  /**
   * Fits the law to the points and bootstraps it.
   *
   * @param points observations to fit
   * @param law the configured law used for the full-data fit
   * @param resamples bootstrap resamples (>= 2)
   * @param seed base seed; resample b uses the seed (seed, b)
   * @param confidence interval coverage in (0, 1)
   */
  public static Result reproduce(
      List<Observation> points, ChinchillaLaw law, int resamples, long seed, double confidence) {
    if (resamples < 2) {
      throw new IllegalArgumentException("need at least 2 resamples, got " + resamples);
    }

    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }

    FittedLaw fit = law.fit(points);
    double[] point = fit.parameters();
    ChinchillaLaw refit = law.withStart(point[0], point[1], point[2], point[3], point[4]);
    int n = points.size();
    double[][] draws = new double[point.length][resamples];
    int converged = 0;
    for (int b = 0; b < resamples; b++) {
      RandomGenerator random = new MersenneTwister(new int[] {(int) (seed >>> 32), (int) seed, b});
      List<Observation> sample = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        sample.add(points.get(random.nextInt(n)));
      }

      FittedLaw resampled = refit.fit(sample);
      if (!resampled.diagnostics().converged()) {
        continue;
      }

      double[] values = resampled.parameters();
      for (int p = 0; p < values.length; p++) {
        draws[p][converged] = values[p];
      }

      converged++;
    }

    if (converged < 2) {
      throw new IllegalStateException(
          "only "
              + converged
              + " of "
              + resamples
              + " bootstrap fits converged; cannot form"
              + " intervals");
    }

    List<Estimate> estimates = new ArrayList<>();
    double tail = 100 * (1 - confidence) / 2;
    for (int p = 0; p < point.length; p++) {
      double[] values = Arrays.copyOf(draws[p], converged);
      Percentile percentile = new Percentile().withEstimationType(Percentile.EstimationType.R_7);
      estimates.add(
          new Estimate(
              ChinchillaLaw.PARAMETER_NAMES.get(p),
              point[p],
              percentile.evaluate(values, tail),
              percentile.evaluate(values, 100 - tail),
              standardDeviation(values)));
    }

    return new Result(fit, estimates, n, resamples, converged, confidence);
  }

  private static double standardDeviation(double[] values) {
    double mean = Arrays.stream(values).average().orElse(Double.NaN);
    double sum = 0;
    for (double v : values) {
      sum += (v - mean) * (v - mean);
    }

    return Math.sqrt(sum / (values.length - 1));
  }

  private static int column(List<String> header, String name, Path csv) {
    int index = header.indexOf(name);
    if (index < 0) {
      throw new IllegalArgumentException(
          csv + " has no column '" + name + "'; header is " + header);
    }

    return index;
  }
}

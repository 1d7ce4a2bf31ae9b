package io.mixlaw.law;

import java.util.Arrays;
import java.util.Objects;

/**
 * Sample percentiles by linear interpolation between closest ranks.
 *
 * <p>Definition (Hyndman and Fan 1996, type 7; the default of R's {@code quantile} and NumPy's
 * {@code percentile}): sort the n values into {@code x[0] <= ... <= x[n-1]}, let {@code h = (n - 1)
 * p / 100}, {@code k = floor(h)}; the p-th percentile is {@code x[k] + (h - k) (x[k+1] - x[k])},
 * and {@code x[n-1]} when {@code k = n - 1}. So p = 0 gives the minimum, p = 100 the maximum and p
 * = 50 the usual median.
 */
public final class Percentiles {

  /** Confidence level of the intervals reported when the configuration names none. */
  public static final double DEFAULT_CONFIDENCE = 0.95;

  private Percentiles() {}

  /**
   * The p-th percentile of the values.
   *
   * @param values at least one value, none NaN; not modified
   * @param p percentile in [0, 100]
   * @return the interpolated percentile defined in the class documentation
   * @throws IllegalArgumentException if values is empty, holds a NaN or p is outside [0, 100]
   */
  public static double percentile(double[] values, double p) {
    return ofSorted(sortedCopy(values), p);
  }

  /**
   * The percentile interval of the given central confidence: the {@code 50 (1 - c)}-th and {@code
   * 50 (1 + c)}-th percentiles, e.g. the 2.5th and 97.5th for c = 0.95.
   *
   * @param values at least one value, none NaN; not modified
   * @param confidence central coverage in (0, 1)
   * @return a new array {lower, upper}
   */
  public static double[] interval(double[] values, double confidence) {
    if (!(confidence > 0 && confidence < 1)) {
      throw new IllegalArgumentException("confidence must be in (0, 1), got " + confidence);
    }
    double[] sorted = sortedCopy(values);
    return new double[] {
      ofSorted(sorted, 50 * (1 - confidence)), ofSorted(sorted, 50 * (1 + confidence))
    };
  }

  private static double[] sortedCopy(double[] values) {
    Objects.requireNonNull(values, "values");
    if (values.length == 0) {
      throw new IllegalArgumentException("percentile of no values is undefined");
    }
    for (int i = 0; i < values.length; i++) {
      if (Double.isNaN(values[i])) {
        throw new IllegalArgumentException("values must not contain NaN, found one at index " + i);
      }
    }
    double[] sorted = values.clone();
    Arrays.sort(sorted);
    return sorted;
  }

  private static double ofSorted(double[] sorted, double p) {
    if (!(p >= 0 && p <= 100)) {
      throw new IllegalArgumentException("percentile must be in [0, 100], got " + p);
    }
    double h = (sorted.length - 1) * p / 100.0;
    int k = (int) Math.floor(h);
    if (k >= sorted.length - 1) {
      return sorted[sorted.length - 1];
    }
    double low = sorted[k];
    double high = sorted[k + 1];
    double fraction = h - k;
    // Equal neighbours (infinite ones included) need no interpolation.
    return fraction == 0 || low == high ? low : low + fraction * (high - low);
  }
}

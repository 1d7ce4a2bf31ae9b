package io.mixlaw.core.ingest;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/** Strict, locale-independent number parsing and formatting shared by the readers. */
final class Numbers {

  /** Significant digits used when a number is printed in a message. */
  static final int MESSAGE_DIGITS = 9;

  private static final Pattern DECIMAL =
      Pattern.compile("[+-]?(?:[0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(?:[eE][+-]?[0-9]+)?");

  /** Like {@link #DECIMAL} with a short exponent, so a whole number never needs huge arithmetic. */
  private static final Pattern WHOLE_CANDIDATE =
      Pattern.compile(
          "[+-]?(?:[0-9]{1,30}(?:\\.[0-9]{0,30})?|\\.[0-9]{1,30})(?:[eE][+-]?[0-9]{1,2})?");

  private static final BigDecimal LONG_MIN = BigDecimal.valueOf(Long.MIN_VALUE);
  private static final BigDecimal LONG_MAX = BigDecimal.valueOf(Long.MAX_VALUE);

  private Numbers() {}

  /**
   * Parses a decimal number, also accepting the spellings of NaN and infinity that Python and Java
   * write ({@code nan}, {@code NaN}, {@code inf}, {@code -Infinity}, ...), so that a bad value
   * reaches validation instead of being mistaken for a malformed line. Hexadecimal and
   * type-suffixed forms that {@link Double#parseDouble} would accept are refused.
   */
  static OptionalDouble parseDouble(String text) {
    String trimmed = text.trim();
    if (DECIMAL.matcher(trimmed).matches()) {
      return OptionalDouble.of(Double.parseDouble(trimmed));
    }
    switch (trimmed.toLowerCase(Locale.ROOT)) {
      case "nan", "+nan", "-nan":
        return OptionalDouble.of(Double.NaN);
      case "inf", "+inf", "infinity", "+infinity":
        return OptionalDouble.of(Double.POSITIVE_INFINITY);
      case "-inf", "-infinity":
        return OptionalDouble.of(Double.NEGATIVE_INFINITY);
      default:
        return OptionalDouble.empty();
    }
  }

  /**
   * Parses a whole number written as an integer or in exponent form ({@code 1.2e8}); empty when the
   * text is not a number, not whole, or outside the range of a long. Negative values are returned
   * as such: the caller decides whether they are allowed.
   */
  static OptionalLong parseWhole(String text) {
    String trimmed = text.trim();
    if (!WHOLE_CANDIDATE.matcher(trimmed).matches()) {
      return OptionalLong.empty();
    }
    BigDecimal number = new BigDecimal(trimmed);
    boolean whole = number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    if (!whole || number.compareTo(LONG_MIN) < 0 || number.compareTo(LONG_MAX) > 0) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(number.longValue());
  }

  /** Prints a number for a message: up to {@value #MESSAGE_DIGITS} significant digits. */
  static String format(double value) {
    if (Double.isNaN(value)) {
      return "NaN";
    }
    if (Double.isInfinite(value)) {
      return value > 0 ? "Infinity" : "-Infinity";
    }
    if (value == 0) {
      return "0";
    }
    return new BigDecimal(value)
        .round(new MathContext(MESSAGE_DIGITS))
        .stripTrailingZeros()
        .toPlainString();
  }
}

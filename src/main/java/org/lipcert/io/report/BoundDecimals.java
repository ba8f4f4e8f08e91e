package org.lipcert.io.report;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Decimal strings of the report's numbers for the human-readable formats (text, Markdown, the
 * messages of JUnit XML and SARIF), rounded in the safe direction: upper bounds and gaps up, lower
 * bounds down, so that a displayed upper bound is still an upper bound and a displayed lower bound
 * still a lower bound. Quantities that bound nothing (weight statistics, the witness step) are
 * rounded to nearest.
 *
 * <p>Magnitudes in {@code [1e-4, 1e9)} are written in plain notation, others in scientific notation
 * ({@code 1E+12}); trailing zeros are dropped; infinities and NaN as {@link Double#toString}.
 */
final class BoundDecimals {

  /** The significant digits of displayed bounds. */
  static final int SIGNIFICANT_DIGITS = 8;

  private static final MathContext UP = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.CEILING);
  private static final MathContext DOWN = new MathContext(SIGNIFICANT_DIGITS, RoundingMode.FLOOR);
  private static final MathContext NEAREST =
      new MathContext(SIGNIFICANT_DIGITS, RoundingMode.HALF_EVEN);
  private static final MathContext PERCENT = new MathContext(4, RoundingMode.HALF_EVEN);

  private BoundDecimals() {}

  /** Returns {@code value} rounded up to {@value #SIGNIFICANT_DIGITS} significant digits. */
  static String up(double value) {
    return rounded(value, UP);
  }

  /** Returns {@code value} rounded down to {@value #SIGNIFICANT_DIGITS} significant digits. */
  static String down(double value) {
    return rounded(value, DOWN);
  }

  /** Returns {@code value} rounded to nearest, {@value #SIGNIFICANT_DIGITS} significant digits. */
  static String nearest(double value) {
    return rounded(value, NEAREST);
  }

  /** Returns the shortest decimal that reads back as {@code value}. */
  static String exact(double value) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return decimal(BigDecimal.valueOf(value));
  }

  /**
   * Returns a fraction in {@code [0, 1]} as a percentage with at most 4 significant digits, e.g.
   * {@code 33.33%}; a fraction that is not exactly 0 or 1 never reads as {@code 0%} or {@code
   * 100%}.
   */
  static String percent(double fraction) {
    if (!Double.isFinite(fraction)) {
      return Double.toString(fraction);
    }
    String digits = decimal(new BigDecimal(fraction).scaleByPowerOfTen(2).round(PERCENT));
    if (fraction > 0 && fraction < 1 && (digits.equals("0") || digits.equals("100"))) {
      digits = fraction < 0.5 ? "<0.01" : ">99.99";
    }
    return digits + "%";
  }

  private static String rounded(double value, MathContext context) {
    if (!Double.isFinite(value)) {
      return Double.toString(value);
    }
    return decimal(new BigDecimal(value).round(context));
  }

  private static String decimal(BigDecimal value) {
    if (value.signum() == 0) {
      return "0";
    }
    BigDecimal stripped = value.stripTrailingZeros();
    double magnitude = stripped.abs().doubleValue();
    return magnitude >= 1e-4 && magnitude < 1e9 ? stripped.toPlainString() : stripped.toString();
  }
}

package org.lipcert.core.numeric;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Property tests of {@link UpwardArithmetic} on seeded random doubles.
 *
 * <p><b>Oracle.</b> The exact result in {@link BigDecimal}: sums and products exactly; a quotient
 * {@code r} versus {@code a/b} through the exact sign of {@code r·b − a}; a square root {@code r}
 * versus {@code √a} through {@code r² − a}, so no oracle rounding is involved. <b>Tolerance.</b>
 * None for the direction (upward results {@code ≥} exact, downward {@code ≤}); for tightness, a
 * result may differ from the exact one by at most 2 ulps of the result, since each function moves
 * the round-to-nearest value by one ulp. A result that overflowed to {@code ±∞} or {@code
 * ±MAX_VALUE} is checked for direction only.
 */
class UpwardArithmeticTest {

  private static final int PAIRS_PER_SOURCE = 4000;

  /**
   * Draws from one of five sources: random bit patterns, moderate, near-equal, subnormal, small.
   */
  private static double draw(Random random, int source, double partner) {
    return switch (source) {
      case 0 -> {
        double v;
        do {
          v = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(v));
        yield v;
      }
      case 1 -> random.nextGaussian() * Math.pow(10, random.nextInt(41) - 20);
      case 2 -> partner * (1 + random.nextGaussian() * 1e-12);
      case 3 -> (random.nextBoolean() ? 1 : -1) * random.nextDouble() * Double.MIN_NORMAL;
      default -> random.nextInt(2001) - 1000;
    };
  }

  private static BigDecimal exact(double v) {
    return new BigDecimal(v);
  }

  private static BigDecimal ulps(double r, int count) {
    return new BigDecimal(Math.ulp(r)).multiply(BigDecimal.valueOf(count));
  }

  /** Asserts {@code r ≥ e} (upward) or {@code r ≤ e}, and {@code |r − e| ≤ 2 ulp(r)}. */
  private static void assertDirected(double r, BigDecimal e, boolean upward, String what) {
    assertThat(Double.isNaN(r)).as("%s is not NaN", what).isFalse();
    if (Double.isInfinite(r) || Math.abs(r) == Double.MAX_VALUE) {
      boolean ok =
          upward ? (r > 0 || exact(r).compareTo(e) >= 0) : (r < 0 || exact(r).compareTo(e) <= 0);
      assertThat(ok)
          .as("%s = %s is on the right side of the overflowed exact value", what, r)
          .isTrue();
      return;
    }
    int cmp = exact(r).compareTo(e);
    if (upward) {
      assertThat(cmp).as("%s = %s ≥ exact %s", what, r, e).isGreaterThanOrEqualTo(0);
    } else {
      assertThat(cmp).as("%s = %s ≤ exact %s", what, r, e).isLessThanOrEqualTo(0);
    }
    assertThat(exact(r).subtract(e).abs())
        .as("%s = %s within 2 ulps of exact %s", what, r, e)
        .isLessThanOrEqualTo(ulps(r, 2));
  }

  @Test
  void addAndMultiplyBracketTheExactResult() {
    Random random = new Random(42);
    int checked = 0;
    for (int source = 0; source < 5; source++) {
      for (int k = 0; k < PAIRS_PER_SOURCE; k++) {
        double a = draw(random, source == 2 ? 1 : source, 0);
        double b = draw(random, source, -a);
        String pair = "(" + a + ", " + b + ")";
        BigDecimal sum = exact(a).add(exact(b));
        BigDecimal product = exact(a).multiply(exact(b));
        BigDecimal difference = exact(a).subtract(exact(b));
        assertDirected(UpwardArithmetic.add(a, b), sum, true, "add" + pair);
        assertDirected(UpwardArithmetic.multiply(a, b), product, true, "multiply" + pair);
        assertDirected(UpwardArithmetic.multiplyDown(a, b), product, false, "multiplyDown" + pair);
        assertDirected(
            UpwardArithmetic.subtractDown(a, b), difference, false, "subtractDown" + pair);
        checked++;
      }
    }
    assertThat(checked).as("pairs checked").isEqualTo(5 * PAIRS_PER_SOURCE);
  }

  @Test
  void divideBracketsTheExactQuotient() {
    Random random = new Random(43);
    int checked = 0;
    for (int source = 0; source < 5; source++) {
      for (int k = 0; k < PAIRS_PER_SOURCE; k++) {
        double a = draw(random, source == 2 ? 1 : source, 0);
        double b = draw(random, source, a);
        if (b == 0) {
          continue;
        }
        String pair = "(" + a + ", " + b + ")";
        double up = UpwardArithmetic.divide(a, b);
        double down = UpwardArithmetic.divideDown(a, b);
        assertQuotient(up, a, b, true, "divide" + pair);
        assertQuotient(down, a, b, false, "divideDown" + pair);
        assertThat(down).as("divideDown ≤ divide %s", pair).isLessThanOrEqualTo(up);
        checked++;
      }
    }
    assertThat(checked).as("pairs checked").isGreaterThan(4 * PAIRS_PER_SOURCE);
  }

  /** {@code r ≥ a/b ⟺ sign(b)·(r·b − a) ≥ 0}, exactly. */
  private static void assertQuotient(double r, double a, double b, boolean upward, String what) {
    assertThat(Double.isNaN(r)).as("%s is not NaN", what).isFalse();
    if (Double.isInfinite(r)) {
      assertThat(upward ? r > 0 : r < 0)
          .as("%s = %s overflowed in the right direction", what, r)
          .isTrue();
      return;
    }
    BigDecimal residual = exact(r).multiply(exact(b)).subtract(exact(a));
    int side = residual.signum() * (b > 0 ? 1 : -1);
    if (upward) {
      assertThat(side).as("%s = %s ≥ a/b", what, r).isGreaterThanOrEqualTo(0);
    } else {
      assertThat(side).as("%s = %s ≤ a/b", what, r).isLessThanOrEqualTo(0);
    }
    if (Math.abs(r) < Double.MAX_VALUE) {
      // |r − a/b| ≤ 2 ulp(r)  ⟺  |r·b − a| ≤ 2 ulp(r)·|b|
      assertThat(residual.abs())
          .as("%s = %s within 2 ulps of a/b", what, r)
          .isLessThanOrEqualTo(ulps(r, 2).multiply(exact(Math.abs(b))));
    }
  }

  @Test
  void squareRootsBracketTheExactRoot() {
    Random random = new Random(44);
    int checked = 0;
    for (int source = 0; source < 5; source++) {
      for (int k = 0; k < PAIRS_PER_SOURCE; k++) {
        double a = Math.abs(draw(random, source == 2 ? 1 : source, 0));
        double up = UpwardArithmetic.sqrt(a);
        double down = UpwardArithmetic.sqrtDown(a);
        BigDecimal ea = exact(a);
        assertThat(exact(up).pow(2).compareTo(ea))
            .as("sqrt(%s)² = %s² ≥ a", a, up)
            .isGreaterThanOrEqualTo(0);
        assertThat(exact(down).pow(2).compareTo(ea))
            .as("sqrtDown(%s)² = %s² ≤ a", a, down)
            .isLessThanOrEqualTo(0);
        assertThat(down).as("sqrtDown(%s) ≥ 0", a).isGreaterThanOrEqualTo(0.0);
        // within 2 ulps: (up − 2ulp)² ≤ a and (down + 2ulp)² ≥ a
        assertThat(exact(up).subtract(ulps(up, 2)).max(BigDecimal.ZERO).pow(2).compareTo(ea))
            .as("sqrt(%s) = %s within 2 ulps", a, up)
            .isLessThanOrEqualTo(0);
        assertThat(exact(down).add(ulps(down, 2)).pow(2).compareTo(ea))
            .as("sqrtDown(%s) = %s within 2 ulps", a, down)
            .isGreaterThanOrEqualTo(0);
        checked++;
      }
    }
    assertThat(UpwardArithmetic.sqrtDown(0)).as("sqrtDown(0)").isZero();
    assertThat(UpwardArithmetic.sqrtDown(-4)).as("sqrtDown(−4) = 0 (documented)").isZero();
    assertThat(UpwardArithmetic.sqrt(0)).as("sqrt(0) ≥ 0").isGreaterThanOrEqualTo(0.0);
    assertThat(checked).isEqualTo(5 * PAIRS_PER_SOURCE);
  }

  @Test
  void nonFiniteInputsPropagate() {
    assertThat(UpwardArithmetic.add(Double.POSITIVE_INFINITY, 1)).as("∞ + 1").isInfinite();
    assertThat(UpwardArithmetic.multiply(Double.NaN, 1)).as("NaN · 1").isNaN();
    assertThat(UpwardArithmetic.multiply(Double.MAX_VALUE, 2))
        .as("overflow rounds up to +∞")
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(UpwardArithmetic.multiplyDown(Double.MAX_VALUE, 2))
        .as("overflow rounded down stays ≤ the exact 2·MAX_VALUE")
        .isEqualTo(Double.MAX_VALUE);
  }

  @Test
  void exactResultsStayExactAndInexactOnesAreTheNearestOnTheSafeSide() {
    assertThat(UpwardArithmetic.multiply(9, 1)).as("9·1").isEqualTo(9);
    assertThat(UpwardArithmetic.add(1, 2)).as("1 + 2").isEqualTo(3);
    assertThat(UpwardArithmetic.divide(1, 4)).as("1/4").isEqualTo(0.25);
    assertThat(UpwardArithmetic.sqrt(4)).as("√4").isEqualTo(2);
    assertThat(UpwardArithmetic.sqrtDown(9)).as("√9 down").isEqualTo(3);
    assertThat(UpwardArithmetic.subtractDown(5, 2)).as("5 − 2 down").isEqualTo(3);
    Random random = new Random(44);
    for (int k = 0; k < 20_000; k++) {
      double a = random.nextGaussian() * Math.pow(10, random.nextInt(21) - 10);
      double b = random.nextGaussian() * Math.pow(10, random.nextInt(21) - 10);
      BigDecimal product = exact(a).multiply(exact(b));
      double up = UpwardArithmetic.multiply(a, b);
      assertThat(exact(Math.nextDown(up)).compareTo(product))
          .as("the next double below multiply(%s, %s) is below the exact product", a, b)
          .isLessThan(0);
      BigDecimal sum = exact(a).add(exact(b));
      double upSum = UpwardArithmetic.add(a, b);
      assertThat(exact(Math.nextDown(upSum)).compareTo(sum))
          .as("the next double below add(%s, %s) is below the exact sum", a, b)
          .isLessThan(0);
      double root = UpwardArithmetic.sqrt(Math.abs(a));
      assertThat(exact(root).multiply(exact(root)).compareTo(exact(Math.abs(a))))
          .as("sqrt(%s)² ≥ a", Math.abs(a))
          .isGreaterThanOrEqualTo(0);
      double below = Math.nextDown(root);
      assertThat(exact(below).multiply(exact(below)).compareTo(exact(Math.abs(a))))
          .as("the next double below sqrt(%s) squares below a", Math.abs(a))
          .isLessThan(0);
    }
  }
}

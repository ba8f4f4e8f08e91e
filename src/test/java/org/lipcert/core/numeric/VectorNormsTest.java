package org.lipcert.core.numeric;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Property tests of {@link VectorNorms} against an exact oracle.
 *
 * <p><b>Oracle.</b> {@code S = Σ x_i²} computed exactly in {@link BigDecimal} (every double is a
 * finite binary fraction, so the squares and their sum are exact). Soundness is checked without any
 * rounding at all: {@code upper² ≥ S} and {@code lower² ≤ S}, compared exactly. Tightness uses
 * {@code ‖x‖ = √S} rounded to 50 significant digits, whose own error (10⁻⁵⁰) is far below the
 * tolerance.
 *
 * <p><b>Tolerance for tightness.</b> Both bounds lie within {@code (n + 2)·u·‖x‖ + 4·2⁻¹⁰⁷⁴} of the
 * exact norm ({@code u = 2⁻⁵³}): {@code γ_{n+1}/2} from the sum of squares under the square root, a
 * few ulps from the directed roundings, and the absolute term for results in the subnormal range,
 * where an ulp is {@code 2⁻¹⁰⁷⁴}. Results beyond {@link Double#MAX_VALUE} are checked for soundness
 * only.
 */
class VectorNormsTest {

  private static final MathContext FIFTY_DIGITS = new MathContext(50, RoundingMode.HALF_EVEN);
  private static final int VECTORS_PER_FAMILY = 300;
  private static final int MAX_LENGTH = 200;

  private record Family(String name, BiFunction<Random, Integer, double[]> generator) {}

  private static List<Family> families() {
    List<Family> families = new ArrayList<>();
    families.add(new Family("scale 1", (r, n) -> gaussian(r, n, 1)));
    families.add(new Family("scale 1e-300", (r, n) -> gaussian(r, n, 1e-300)));
    families.add(new Family("scale 1e300", (r, n) -> gaussian(r, n, 1e300)));
    families.add(
        new Family(
            "subnormal entries",
            (r, n) -> {
              double[] x = new double[n];
              for (int i = 0; i < n; i++) {
                double magnitude =
                    r.nextBoolean()
                        ? r.nextDouble() * Double.MIN_NORMAL
                        : (1 + r.nextInt(1000)) * Double.MIN_VALUE;
                x[i] = r.nextBoolean() ? magnitude : -magnitude;
              }
              return x;
            }));
    families.add(
        new Family(
            "mixed magnitudes 1e-300..1e300",
            (r, n) -> {
              double[] x = new double[n];
              for (int i = 0; i < n; i++) {
                x[i] = r.nextGaussian() * Math.pow(10, 600 * r.nextDouble() - 300);
              }
              return x;
            }));
    families.add(
        new Family(
            "half zeros",
            (r, n) -> {
              double[] x = gaussian(r, n, 1);
              for (int i = 0; i < n; i++) {
                if (r.nextBoolean()) {
                  x[i] = r.nextBoolean() ? 0.0 : -0.0;
                }
              }
              return x;
            }));
    families.add(new Family("all zeros", (r, n) -> new double[n]));
    families.add(new Family("near the normal boundary", (r, n) -> gaussian(r, n, 0x1p-1020)));
    families.add(new Family("near overflow", (r, n) -> gaussian(r, n, 1e307)));
    return families;
  }

  private static double[] gaussian(Random random, int n, double scale) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian() * scale;
    }
    return x;
  }

  /** The exact sum of squares. */
  static BigDecimal exactSumOfSquares(double[] x) {
    BigDecimal sum = BigDecimal.ZERO;
    for (double v : x) {
      BigDecimal b = new BigDecimal(v);
      sum = sum.add(b.multiply(b));
    }
    return sum;
  }

  private static BigDecimal square(double v) {
    BigDecimal b = new BigDecimal(v);
    return b.multiply(b);
  }

  @Test
  void boundsBracketTheExactNormAndAreTight() {
    Random random = new Random(20260101L);
    int checked = 0;
    double worstUpper = 0;
    double worstLower = 0;
    for (Family family : families()) {
      for (int k = 0; k < VECTORS_PER_FAMILY; k++) {
        int n = 1 + random.nextInt(MAX_LENGTH);
        double[] x = family.generator().apply(random, n);
        double[] copy = x.clone();
        double upper = VectorNorms.norm2Upper(x);
        double lower = VectorNorms.norm2Lower(x);
        double plain = VectorNorms.norm2(x);
        assertThat(x).as("the vector is not modified").isEqualTo(copy);
        BigDecimal s = exactSumOfSquares(x);
        String where = family.name() + ", n = " + n + ", vector #" + k;

        assertThat(lower).as("lower ≥ 0 (%s)", where).isGreaterThanOrEqualTo(0.0);
        assertThat(lower).as("lower ≤ upper (%s)", where).isLessThanOrEqualTo(upper);
        assertThat(upper == Double.POSITIVE_INFINITY || square(upper).compareTo(s) >= 0)
            .as("upper² = %s ≥ exact Σx² = %s (%s)", square(upper), s, where)
            .isTrue();
        assertThat(square(lower).compareTo(s))
            .as("lower² ≤ exact Σx² (%s): lower = %s", where, lower)
            .isLessThanOrEqualTo(0);

        BigDecimal exact = s.sqrt(FIFTY_DIGITS);
        if (exact.compareTo(new BigDecimal(Double.MAX_VALUE)) < 0) {
          BigDecimal slack =
              exact
                  .multiply(BigDecimal.valueOf((n + 8) * RoundingModel.UNIT_ROUNDOFF))
                  .add(BigDecimal.valueOf(4 * Double.MIN_VALUE));
          BigDecimal upperExcess = new BigDecimal(upper).subtract(exact);
          BigDecimal lowerDeficit = exact.subtract(new BigDecimal(lower));
          BigDecimal plainError = new BigDecimal(plain).subtract(exact).abs();
          assertThat(upperExcess)
              .as(
                  "upper − ‖x‖ ≤ (n+8)u‖x‖ + 4·2⁻¹⁰⁷⁴ (%s): upper = %s, ‖x‖ = %s",
                  where, upper, exact)
              .isLessThanOrEqualTo(slack);
          assertThat(lowerDeficit)
              .as(
                  "‖x‖ − lower ≤ (n+8)u‖x‖ + 4·2⁻¹⁰⁷⁴ (%s): lower = %s, ‖x‖ = %s",
                  where, lower, exact)
              .isLessThanOrEqualTo(slack);
          assertThat(plainError)
              .as("|norm2 − ‖x‖| ≤ (n+8)u‖x‖ + 4·2⁻¹⁰⁷⁴ (%s)", where)
              .isLessThanOrEqualTo(slack);
          if (exact.signum() > 0 && exact.compareTo(BigDecimal.valueOf(Double.MIN_NORMAL)) > 0) {
            worstUpper =
                Math.max(worstUpper, upperExcess.divide(exact, FIFTY_DIGITS).doubleValue() / n);
            worstLower =
                Math.max(worstLower, lowerDeficit.divide(exact, FIFTY_DIGITS).doubleValue() / n);
          }
        } else {
          assertThat(upper).as("upper overflows to +∞ only when ‖x‖ does (%s)", where).isInfinite();
        }
        checked++;
      }
    }
    System.out.printf(
        "VectorNorms: %d vectors, worst (upper/‖x‖ − 1)/(n·u) = %.3f, worst (1 − lower/‖x‖)/(n·u)"
            + " = %.3f%n",
        checked,
        worstUpper / RoundingModel.UNIT_ROUNDOFF,
        worstLower / RoundingModel.UNIT_ROUNDOFF);
    assertThat(checked).as("number of vectors checked").isEqualTo(9 * VECTORS_PER_FAMILY);
  }

  @Test
  void specialVectors() {
    assertThat(VectorNorms.norm2Upper(new double[0])).as("empty vector: upper").isZero();
    assertThat(VectorNorms.norm2Lower(new double[0])).as("empty vector: lower").isZero();
    assertThat(VectorNorms.norm2Upper(new double[] {0.0, -0.0})).as("zero vector: upper").isZero();
    assertThat(VectorNorms.norm2Lower(new double[] {0.0, -0.0})).as("zero vector: lower").isZero();
    assertThat(VectorNorms.norm2(new double[] {0.0})).as("zero vector: plain").isZero();

    double[] pythagoras = {3, 4};
    assertThat(VectorNorms.norm2(pythagoras)).as("plain ‖(3, 4)‖ = 5").isEqualTo(5.0);
    assertThat(VectorNorms.norm2Upper(pythagoras)).as("upper ‖(3, 4)‖ > 5").isGreaterThan(5.0);
    assertThat(VectorNorms.norm2Lower(pythagoras)).as("lower ‖(3, 4)‖ < 5").isLessThan(5.0);

    double[] tiny = {Double.MIN_VALUE};
    assertThat(VectorNorms.norm2Upper(tiny))
        .as("upper ‖(2⁻¹⁰⁷⁴)‖ ≥ 2⁻¹⁰⁷⁴")
        .isGreaterThanOrEqualTo(Double.MIN_VALUE);
    assertThat(VectorNorms.norm2Lower(tiny))
        .as("lower ‖(2⁻¹⁰⁷⁴)‖ ≤ 2⁻¹⁰⁷⁴")
        .isLessThanOrEqualTo(Double.MIN_VALUE);

    double[] huge = {Double.MAX_VALUE, Double.MAX_VALUE};
    assertThat(VectorNorms.norm2Upper(huge)).as("upper overflows to +∞").isInfinite();
    assertThat(VectorNorms.norm2Lower(huge))
        .as("lower of a norm beyond MAX_VALUE is finite and ≤ ‖x‖")
        .isLessThanOrEqualTo(Double.MAX_VALUE);

    assertThat(VectorNorms.norm2Upper(new double[] {1, Double.POSITIVE_INFINITY}))
        .as("upper is +∞ for an infinite entry (documented)")
        .isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(VectorNorms.norm2Upper(new double[] {1, Double.NaN}))
        .as("upper is +∞ for a NaN entry (documented: not finite ⇒ +∞)")
        .isEqualTo(Double.POSITIVE_INFINITY);
  }
}

package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Tests of {@link PowerIteration} against the SVD oracle {@link RandomMatrices#sigmaMax} (relative
 * error below 10⁻¹³).
 *
 * <ul>
 *   <li>separated spectrum {@code 1, ½, ¼, …} at scales 1, 10⁻³⁰⁰, 10⁻¹⁵⁰, 10¹⁵⁰, 10³⁰⁰: estimate
 *       finite, {@code |estimate/σ − 1| < 10⁻⁸}, {@code converged} with {@code iterations <} cap;
 *   <li>clustered spectrum with a cap of 1: {@code converged = false}, {@code iterations = 1};
 *   <li>determinism: the same seed gives bit-identical vectors and estimates;
 *   <li>{@link PowerIteration#randomUnitVector}: {@code |‖x‖² − 1| ≤ (n + 6)u} (exact {@link
 *       BigDecimal} sum of squares; the plain norm it divides by is within {@code (n/2 + 2)u}, each
 *       division adds {@code u}), reproducible, seed-dependent.
 * </ul>
 */
class PowerIterationTest {

  private static final int CAP = 1000;

  @Test
  void convergesToSigmaOnASeparatedSpectrumAtEveryScale() {
    Random random = new Random(61);
    for (double scale : new double[] {1, 1e-300, 1e-150, 1e150, 1e300}) {
      for (int k = 0; k < 10; k++) {
        int m = 2 + random.nextInt(30);
        int n = 2 + random.nextInt(30);
        DenseMatrix w = RandomMatrices.separated(random, m, n, scale);
        double sigma = RandomMatrices.sigmaMax(w);
        PowerIteration.Result result =
            new PowerIteration(w).run(PowerIteration.randomUnitVector(n, k), 1e-12, CAP);
        String where = m + "×" + n + " scale " + scale + ", σ = " + sigma + ": " + describe(result);
        assertThat(result.estimate()).as("finite estimate for %s", where).isFinite();
        assertThat(Math.abs(result.estimate() / sigma - 1))
            .as("|estimate/σ − 1| < 1e-8 for %s", where)
            .isLessThan(1e-8);
        assertThat(result.converged()).as("converged for %s", where).isTrue();
        assertThat(result.iterations()).as("iterations < cap for %s", where).isBetween(1, CAP - 1);
        assertThat(NormWitness.lowerBound(w, result.vector()))
            .as("the final vector is a good witness for %s", where)
            .isBetween(sigma * (1 - 1e-8), sigma * (1 + RandomMatrices.ORACLE_SLACK));
      }
    }
  }

  @Test
  void reportsNonConvergenceAtTheCap() {
    Random random = new Random(62);
    DenseMatrix w =
        RandomMatrices.withSingularValues(
            random, 20, 20, new double[] {1, 1 - 1e-9, 1 - 1e-8, 0.5}, 1);
    PowerIteration.Result result =
        new PowerIteration(w).run(PowerIteration.randomUnitVector(20, 1), 1e-12, 1);
    assertThat(result.converged())
        .as("one iteration cannot converge: %s", describe(result))
        .isFalse();
    assertThat(result.iterations()).as("iterations = cap = 1").isEqualTo(1);
    assertThat(result.estimate())
        .as("estimate ≤ σ(1 + 1e-13) even when not converged")
        .isLessThanOrEqualTo(RandomMatrices.sigmaMax(w) * (1 + RandomMatrices.ORACLE_SLACK));
  }

  @Test
  void sameSeedGivesIdenticalResults() {
    Random random = new Random(63);
    DenseMatrix w = RandomMatrices.gaussian(random, 25, 17, 1);
    PowerIteration iteration = new PowerIteration(w);
    PowerIteration.Result first =
        iteration.run(PowerIteration.randomUnitVector(17, 99), 1e-10, 500);
    PowerIteration.Result again =
        iteration.run(PowerIteration.randomUnitVector(17, 99), 1e-10, 500);
    PowerIteration.Result fresh =
        new PowerIteration(w).run(PowerIteration.randomUnitVector(17, 99), 1e-10, 500);
    for (PowerIteration.Result other : new PowerIteration.Result[] {again, fresh}) {
      assertThat(other.vector()).as("identical vector").isEqualTo(first.vector());
      assertThat(other.estimate()).as("identical estimate").isEqualTo(first.estimate());
      assertThat(other.iterations()).as("identical iteration count").isEqualTo(first.iterations());
    }
    assertThat(first.vector()).as("the result owns a copy").isNotSameAs(again.vector());
  }

  @Test
  void randomUnitVectorIsUnitAndReproducible() {
    for (int n : new int[] {1, 2, 3, 10, 100, 1000}) {
      for (long seed = 0; seed < 20; seed++) {
        double[] x = PowerIteration.randomUnitVector(n, seed);
        assertThat(x).as("length n = %d", n).hasSize(n);
        BigDecimal sum = BigDecimal.ZERO;
        for (double v : x) {
          sum = sum.add(new BigDecimal(v).multiply(new BigDecimal(v)));
        }
        assertThat(Math.abs(sum.doubleValue() - 1))
            .as("|‖x‖² − 1| ≤ (n + 6)u for n = %d, seed %d", n, seed)
            .isLessThanOrEqualTo((n + 6) * 0x1p-53);
        assertThat(PowerIteration.randomUnitVector(n, seed))
            .as("same seed ⇒ same vector (n = %d, seed %d)", n, seed)
            .isEqualTo(x);
        if (n > 1) {
          assertThat(PowerIteration.randomUnitVector(n, seed + 1000))
              .as("another seed ⇒ another vector")
              .isNotEqualTo(x);
        }
      }
    }
  }

  @Test
  void zeroStartIsRejectedAndZeroOperatorStopsAtOnce() {
    DenseMatrix w = DenseMatrix.of(2, 2, new double[] {1, 2, 3, 4});
    assertThatThrownBy(() -> new PowerIteration(w).run(new double[2], 1e-6, 10))
        .as("zero start vector")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new PowerIteration(w).run(new double[] {1, Double.NaN}, 1e-6, 10))
        .as("NaN start vector")
        .isInstanceOf(IllegalArgumentException.class);
    PowerIteration.Result zero =
        new PowerIteration(DenseMatrix.of(2, 2, new double[4])).run(new double[] {1, 0}, 1e-6, 10);
    assertThat(zero.estimate()).as("zero operator: estimate 0").isZero();
    assertThat(zero.converged()).as("zero operator: not converged").isFalse();
    assertThat(zero.iterations()).as("zero operator: one iteration").isEqualTo(1);
  }

  private static String describe(PowerIteration.Result r) {
    return "estimate "
        + r.estimate()
        + ", iterations "
        + r.iterations()
        + ", converged "
        + r.converged();
  }
}

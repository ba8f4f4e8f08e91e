package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Property tests of {@link GramIteration} (Delattre et al. 2023) against the SVD oracle {@link
 * RandomMatrices#sigmaMax} (relative error below 10⁻¹³).
 *
 * <ul>
 *   <li><b>soundness</b>: {@code upper ≥ σ(1 − 10⁻¹³)} for every family of {@link SpectralFamilies}
 *       (shapes 1–30 incl. 1×n, n×1, rank-1, clustered, repeated {@code {2,2,2,1}}, mixed
 *       magnitudes) at scales 1, 10⁻³⁰⁰, 10⁻¹⁵⁰, 10¹⁵⁰, 10³⁰⁰ and step caps 0–40;
 *   <li><b>convergence</b>: on the separated spectrum {@code 1, ½, ¼, …} the bound reaches {@code
 *       upper/σ − 1 ≤ 10⁻⁹} within 40 steps;
 *   <li>the reported step count is {@code ≤ maxSteps};
 *   <li>{@code maxSteps = 0} gives the Frobenius norm: {@code ≥ ‖W‖_F} (exact, in {@link
 *       BigDecimal}) and {@code ≤ ‖W‖_F(1 + 10⁻¹³)}.
 * </ul>
 */
class GramIterationTest {

  private static final int[] STEP_CAPS = {0, 1, 2, 3, 5, 10, 40};

  @Test
  void upperBoundIsSoundForEveryFamilyScaleAndStepCap() {
    List<SpectralFamilies.Case> cases =
        SpectralFamilies.cases(41L, new double[] {1, 1e-300, 1e-150, 1e150, 1e300}, 30, 20);
    int checked = 0;
    for (SpectralFamilies.Case c : cases) {
      double sigma = RandomMatrices.sigmaMax(c.weights());
      for (int cap : STEP_CAPS) {
        GramIteration.Result result = GramIteration.upperBound(c.weights(), 0, 1e-12, cap);
        String where = c + ", maxSteps " + cap + ": " + result + ", σ = " + sigma;
        assertThat(result.upper())
            .as("upper ≥ σ(1 − 1e-13) for %s", where)
            .isGreaterThanOrEqualTo(sigma * (1 - RandomMatrices.ORACLE_SLACK));
        assertThat(result.upper()).as("upper is finite for %s", where).isFinite();
        assertThat(result.steps()).as("0 ≤ steps ≤ maxSteps for %s", where).isBetween(0, cap);
        checked++;
      }
    }
    assertThat(checked).as("(matrix, cap) pairs").isGreaterThanOrEqualTo(1000);
  }

  /** Shapes 60–200 exercise EJML's other product kernels; soundness and 10⁻⁹ convergence. */
  @Test
  void largerMatricesAreBoundedSoundly() {
    Random random = new Random(46);
    for (int k = 0; k < 8; k++) {
      int m = 60 + random.nextInt(141);
      int n = 60 + random.nextInt(141);
      DenseMatrix w =
          k % 2 == 0
              ? RandomMatrices.separated(random, m, n, 1e100)
              : RandomMatrices.withSingularValues(random, m, n, new double[] {2, 2, 2, 1}, 1);
      double sigma = RandomMatrices.sigmaMax(w);
      GramIteration.Result result = GramIteration.upperBound(w, 0, 0, 40);
      String where = m + "×" + n + " #" + k + ": " + result + ", σ = " + sigma;
      assertThat(result.upper() / sigma - 1)
          .as("upper/σ − 1 ∈ [−1e-13, 1e-9] for %s", where)
          .isBetween(-RandomMatrices.ORACLE_SLACK, 1e-9);
    }
  }

  @Test
  void separatedSpectrumConvergesToOneBillionthWithinFortySteps() {
    Random random = new Random(42);
    int worstSteps = 0;
    for (double scale : new double[] {1, 1e-150, 1e150}) {
      for (int k = 0; k < 20; k++) {
        int m = 2 + random.nextInt(39);
        int n = 2 + random.nextInt(39);
        DenseMatrix w = RandomMatrices.separated(random, m, n, scale);
        double sigma = RandomMatrices.sigmaMax(w);
        GramIteration.Result result = GramIteration.upperBound(w, 0, 0, 40);
        String where = m + "×" + n + " scale " + scale + ": " + result + ", σ = " + sigma;
        assertThat(result.upper() / sigma - 1)
            .as("upper/σ − 1 ∈ [−1e-13, 1e-9] for %s", where)
            .isBetween(-RandomMatrices.ORACLE_SLACK, 1e-9);
        assertThat(result.steps()).as("1 ≤ steps ≤ 40 for %s", where).isBetween(1, 40);
        GramIteration.Result targeted = GramIteration.upperBound(w, sigma * (1 + 1e-9), 0, 40);
        assertThat(targeted.upper())
            .as("with target σ(1 + 1e-9), the target is reached for %s: %s", where, targeted)
            .isBetween(sigma * (1 - RandomMatrices.ORACLE_SLACK), sigma * (1 + 1e-9));
        worstSteps = Math.max(worstSteps, targeted.steps());
      }
    }
    System.out.println(
        "GramIteration: separated spectra, most steps to reach σ(1 + 1e-9) = " + worstSteps);
  }

  @Test
  void repeatedTopSingularValueIsBoundedSoundlyAndApproachesSigma() {
    Random random = new Random(43);
    for (int k = 0; k < 10; k++) {
      int m = 4 + random.nextInt(20);
      int n = 4 + random.nextInt(20);
      DenseMatrix w = RandomMatrices.withSingularValues(random, m, n, new double[] {2, 2, 2, 1}, 1);
      double sigma = RandomMatrices.sigmaMax(w);
      GramIteration.Result result = GramIteration.upperBound(w, 0, 0, 40);
      String where = m + "×" + n + ": " + result + ", σ = " + sigma;
      assertThat(result.upper())
          .as("upper ≥ σ(1 − 1e-13) for %s", where)
          .isGreaterThanOrEqualTo(sigma * (1 - RandomMatrices.ORACLE_SLACK));
      assertThat(result.upper() / sigma - 1)
          .as("upper/σ − 1 ≤ 1e-9 for %s", where)
          .isLessThan(1e-9);
    }
  }

  @Test
  void stopsAtTheTargetAndOnStalling() {
    Random random = new Random(44);
    DenseMatrix w = RandomMatrices.gaussian(random, 20, 30, 1);
    double sigma = RandomMatrices.sigmaMax(w);
    GramIteration.Result loose = GramIteration.upperBound(w, 2 * sigma, 0, 40);
    assertThat(loose.upper()).as("stops once ≤ target 2σ: %s", loose).isBetween(sigma, 2 * sigma);
    GramIteration.Result full = GramIteration.upperBound(w, 0, 0, 40);
    assertThat(loose.steps()).as("target reached in fewer steps").isLessThanOrEqualTo(full.steps());
    GramIteration.Result stalled = GramIteration.upperBound(w, 0, 0.5, 40);
    assertThat(stalled.steps())
        .as("a relative tolerance of 1/2 stops after few steps: %s", stalled)
        .isLessThan(full.steps());
    assertThat(stalled.upper()).as("still ≥ σ").isGreaterThanOrEqualTo(sigma);
  }

  @Test
  void zeroStepsGiveTheFrobeniusNorm() {
    Random random = new Random(45);
    MathContext mc = new MathContext(50);
    for (double scale : new double[] {1, 1e-300, 1e300}) {
      for (int k = 0; k < 20; k++) {
        DenseMatrix w =
            RandomMatrices.gaussian(random, 1 + random.nextInt(30), 1 + random.nextInt(30), scale);
        BigDecimal sum = BigDecimal.ZERO;
        for (double v : w.toRowMajorArray()) {
          BigDecimal b = new BigDecimal(v);
          sum = sum.add(b.multiply(b));
        }
        BigDecimal frobenius = sum.sqrt(mc);
        GramIteration.Result result = GramIteration.upperBound(w, 0, 0, 0);
        assertThat(result.steps()).as("no steps").isZero();
        BigDecimal upper = new BigDecimal(result.upper());
        assertThat(upper.compareTo(frobenius))
            .as("upper %s ≥ ‖W‖_F %s (scale %s)", result.upper(), frobenius, scale)
            .isGreaterThanOrEqualTo(0);
        assertThat(upper.divide(frobenius, mc).doubleValue() - 1)
            .as("upper ≤ ‖W‖_F(1 + 1e-13) (scale %s)", scale)
            .isLessThanOrEqualTo(1e-13);
        assertThat(result.upper())
            .as("‖W‖_F ≥ σ")
            .isGreaterThanOrEqualTo(RandomMatrices.sigmaMax(w));
      }
    }
  }
}

package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Property tests of {@link NormWitness} against the SVD oracle {@link RandomMatrices#sigmaMax}
 * (relative error below 10⁻¹³) and its right singular vector {@link
 * RandomMatrices#topRightSingularVector}.
 *
 * <ul>
 *   <li>{@code 0 ≤ lowerBound(W, v) ≤ σ(1 + 10⁻¹³)} for random {@code v} of norms 10⁻¹⁰⁰–10¹⁰⁰, for
 *       the oracle's top vector, on every family at scales 1, 10⁻³⁰⁰, 10⁻¹⁵⁰, 10¹⁵⁰, 10³⁰⁰ and for
 *       subnormal weights;
 *   <li>for the top vector at normal scales, {@code lowerBound ≥ σ(1 − 10⁻¹²)} (the witness is
 *       tight when the direction is right);
 *   <li>{@code v = 0} gives 0.
 * </ul>
 */
class NormWitnessTest {

  @Test
  void lowerBoundNeverExceedsSigmaAndIsTightForTheTopVector() {
    List<SpectralFamilies.Case> cases =
        SpectralFamilies.cases(51L, new double[] {1, 1e-300, 1e-150, 1e150, 1e300}, 40, 20);
    Random random = new Random(52);
    int checked = 0;
    for (SpectralFamilies.Case c : cases) {
      DenseMatrix w = c.weights();
      double sigma = RandomMatrices.sigmaMax(w);
      double[] top = RandomMatrices.topRightSingularVector(w);
      double topBound = NormWitness.lowerBound(w, top);
      assertThat(topBound)
          .as("top vector: 0 ≤ lower ≤ σ(1 + 1e-13) for %s, σ = %s", c, sigma)
          .isBetween(0.0, sigma * (1 + RandomMatrices.ORACLE_SLACK));
      if (!c.family().startsWith("mixed")) {
        assertThat(topBound)
            .as("top vector: lower ≥ σ(1 − 1e-12) for %s, σ = %s", c, sigma)
            .isGreaterThanOrEqualTo(sigma * (1 - 1e-12));
      }
      for (int k = 0; k < 5; k++) {
        double norm = Math.pow(10, random.nextInt(201) - 100);
        double[] v = new double[w.cols()];
        for (int j = 0; j < v.length; j++) {
          v[j] = random.nextGaussian() * norm;
        }
        double[] copy = v.clone();
        double bound = NormWitness.lowerBound(w, v);
        assertThat(v).as("v is not modified").isEqualTo(copy);
        assertThat(bound)
            .as("random v (‖v‖ ~ %s): 0 ≤ lower ≤ σ(1 + 1e-13) for %s, σ = %s", norm, c, sigma)
            .isBetween(0.0, sigma * (1 + RandomMatrices.ORACLE_SLACK));
        checked++;
      }
    }
    assertThat(checked).as("random directions checked").isGreaterThanOrEqualTo(1000);
  }

  @Test
  void subnormalWeightsGiveASoundNonNegativeBound() {
    Random random = new Random(53);
    for (int k = 0; k < 50; k++) {
      DenseMatrix w =
          RandomMatrices.gaussian(random, 1 + random.nextInt(20), 1 + random.nextInt(20), 1e-310);
      double sigma = RandomMatrices.sigmaMax(w);
      double bound = NormWitness.lowerBound(w, RandomMatrices.topRightSingularVector(w));
      assertThat(bound)
          .as("subnormal weights: 0 ≤ lower ≤ σ(1 + 1e-13), σ = %s", sigma)
          .isBetween(0.0, sigma * (1 + RandomMatrices.ORACLE_SLACK));
    }
  }

  @Test
  void zeroDirectionAndZeroMatrixGiveZero() {
    DenseMatrix w = DenseMatrix.of(2, 3, new double[] {1, 2, 3, 4, 5, 6});
    assertThat(NormWitness.lowerBound(w, new double[3])).as("v = 0").isZero();
    assertThat(NormWitness.lowerBound(w, new double[] {0.0, -0.0, 0.0})).as("v = ±0").isZero();
    DenseMatrix zero = DenseMatrix.of(2, 3, new double[6]);
    assertThat(NormWitness.lowerBound(zero, new double[] {1, 2, 3})).as("W = 0").isZero();
  }

  @Test
  void exactCaseDiagonal() {
    DenseMatrix w = DenseMatrix.of(2, 2, new double[] {3, 0, 0, -5});
    double bound = NormWitness.lowerBound(w, new double[] {0, 1});
    assertThat(bound)
        .as("‖diag(3, −5)·e₂‖ = 5: lower within 1e-14")
        .isBetween(5 * (1 - 1e-14), 5.0);
  }
}

package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.DenseMatrix;

/**
 * {@link DenseSpectralNorm} on Gaussian matrices (shapes 1–20) at scales beyond those of {@code
 * DenseSpectralNormTest}: 10±²⁰⁰, 10±³⁰⁰, 10¹⁰⁶ and subnormal 10⁻³¹⁰. Oracle: {@link
 * RandomMatrices#sigmaMax} (relative error below 10⁻¹³). Properties: the bracket contains the
 * oracle for every method; AUTO and GRAM converge at the default tolerance 10⁻⁶.
 */
class DenseSpectralNormExtremeScalesTest {

  private static final double[] SCALES = {1e200, 1e-200, 1e300, 1e-300, 1e306, 1e-310};

  @Test
  void bracketIsSoundForEveryMethodAndAutoConverges() {
    Random random = new Random(131);
    int checked = 0;
    for (double scale : SCALES) {
      for (int k = 0; k < 15; k++) {
        DenseMatrix w =
            RandomMatrices.gaussian(random, 1 + random.nextInt(20), 1 + random.nextInt(20), scale);
        double sigma = RandomMatrices.sigmaMax(w);
        for (UpperBoundMethod method : UpperBoundMethod.values()) {
          SpectralBracket b =
              DenseSpectralNorm.bracket(w, SpectralOptions.defaults().withUpperBoundMethod(method));
          String where = method + " at scale " + scale + ": " + b + ", σ = " + sigma;
          assertThat(b.lower())
              .as("lower ≤ σ(1 + 1e-13) for %s", where)
              .isLessThanOrEqualTo(sigma * (1 + RandomMatrices.ORACLE_SLACK));
          assertThat(b.upper())
              .as("upper ≥ σ(1 − 1e-13) for %s", where)
              .isGreaterThanOrEqualTo(sigma * (1 - RandomMatrices.ORACLE_SLACK));
          if (method == UpperBoundMethod.AUTO || method == UpperBoundMethod.GRAM) {
            assertThat(b.converged()).as("converged for %s", where).isTrue();
          }
          checked++;
        }
      }
    }
    assertThat(checked).isEqualTo(SCALES.length * 15 * UpperBoundMethod.values().length);
  }

  /**
   * {@link CholeskyCertificate#tryCertify} takes the trial {@code t ≈ σ²} in the units of {@code
   * W}, so for {@code σ ≳ 1.3·10¹⁵⁴} the trial overflows to {@code +∞} (and for {@code σ ≲ 10⁻¹⁵⁴}
   * it underflows to 0) and every attempt is refused, although the certificate itself works on the
   * scaled copy. Under {@link UpperBoundMethod#CHOLESKY} the bracket silently degrades to the
   * Frobenius norm (sound, but {@code converged = false}); AUTO falls back to Gram iteration.
   * Reproduction: a 10×10 Gaussian matrix (seed 132) times 10²⁰⁰: {@code σ²(1 + 10⁻⁶) = +∞}, the
   * certificate is empty and the CHOLESKY bracket is "svd+frobenius".
   */
  @Test
  void choleskyCertifiesAtEveryRepresentableScale() {
    for (double scale : new double[] {1e200, 1e-200}) {
      DenseMatrix w = RandomMatrices.gaussian(new Random(132), 10, 10, scale);
      double sigma = RandomMatrices.sigmaMax(w);
      OptionalDouble bound = new CholeskyCertificate(w).tryCertify(sigma * Math.sqrt(1 + 1e-6));
      assertThat(bound).as("certificate at scale %s (σ = %s)", scale, sigma).isPresent();
      SpectralBracket b =
          DenseSpectralNorm.bracket(
              w, SpectralOptions.defaults().withUpperBoundMethod(UpperBoundMethod.CHOLESKY));
      assertThat(b.method()).as("CHOLESKY bracket at scale %s", scale).isEqualTo("svd+cholesky");
      assertThat(b.converged()).as("converged at scale %s: %s", scale, b).isTrue();
    }
  }
}

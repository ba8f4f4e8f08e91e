package org.lipcert.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.WeightedOperator;
import org.lipcert.core.spectral.OperatorNorms;
import org.lipcert.core.spectral.RandomMatrices;
import org.lipcert.core.spectral.SpectralOptions;

class ClipSearchTest {

  private static final SpectralOptions OPTIONS = SpectralOptions.defaults();

  private static double exactClipped(WeightedOperator operator, double c) {
    return RandomMatrices.sigmaMax(
        operator.mapWeights(w -> Math.max(-c, Math.min(c, w))).materialize());
  }

  private static void assertSearchIsSound(WeightedOperator operator, Random random, String what) {
    double upper = OperatorNorms.bracket(operator, OPTIONS).upper();
    double budget = upper * (0.02 + 0.96 * random.nextDouble());
    ClipSearch clip = ClipSearch.search(operator, upper, budget, OPTIONS);
    double exact = exactClipped(operator, clip.threshold());
    assertThat(exact)
        .as(
            "%s: exact norm clipped at the threshold %s is within the budget",
            what, clip.threshold())
        .isLessThanOrEqualTo(budget * (1 + RandomMatrices.ORACLE_SLACK));
    assertThat(clip.clippedUpper())
        .as("%s: the reported certified norm brackets the exact one and meets the budget", what)
        .isGreaterThanOrEqualTo(exact * (1 - RandomMatrices.ORACLE_SLACK))
        .isLessThanOrEqualTo(budget);
    assertThat(clip.threshold())
        .as("%s: at least the weight-independent threshold", what)
        .isGreaterThanOrEqualTo(clip.anyWeightsThreshold());
    assertThat((double) (float) clip.threshold())
        .as("%s: the threshold is a float32 value", what)
        .isEqualTo(clip.threshold());
  }

  @Test
  void thresholdsOfRandomDenseLayersAreCertifiedAndBeatTheWeightIndependentOnes() {
    Random random = new Random(81);
    int better = 0;
    for (int k = 0; k < 150; k++) {
      int m = 2 + random.nextInt(20);
      int n = 2 + random.nextInt(20);
      double[] w = new double[m * n];
      for (int i = 0; i < w.length; i++) {
        w[i] = random.nextGaussian() * (random.nextInt(10) == 0 ? 5 : 1);
      }
      DenseMatrix matrix = DenseMatrix.of(m, n, w);
      assertSearchIsSound(matrix, random, "dense " + m + "×" + n);
      double upper = OperatorNorms.bracket(matrix, OPTIONS).upper();
      ClipSearch clip = ClipSearch.search(matrix, upper, upper / 2, OPTIONS);
      if (clip.threshold() > 1.5 * clip.anyWeightsThreshold()) {
        better++;
      }
    }
    assertThat(better)
        .as("for Gaussian weights the searched threshold is well above σ* / sqrt(mn) almost always")
        .isGreaterThan(140);
  }

  @Test
  void thresholdsOfRandomConvolutionsAreCertified() {
    Random random = new Random(82);
    for (int k = 0; k < 40; k++) {
      int stride = 1 + random.nextInt(2);
      ConvolutionGeometry g =
          new ConvolutionGeometry(
              1 + random.nextInt(3),
              1 + random.nextInt(3),
              1,
              6,
              6,
              3,
              3,
              stride,
              stride,
              1,
              1,
              1,
              1,
              1,
              1);
      double[] kernel = new double[g.kernelSize()];
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] = random.nextGaussian();
      }
      assertSearchIsSound(new Convolution(g, kernel), random, "conv " + g);
    }
  }

  @Test
  void aLayerAlreadyWithinItsBudgetNeedsNoClipping() {
    DenseMatrix w = DenseMatrix.of(2, 2, new double[] {0.5, -0.25, 0.125, 0.3});
    double upper = OperatorNorms.bracket(w, OPTIONS).upper();
    ClipSearch clip = ClipSearch.search(w, upper, upper * 2, OPTIONS);
    assertThat(clip.threshold())
        .as("clipping at max|w| changes nothing")
        .isGreaterThanOrEqualTo(0.5);
    assertThat(clip.steps()).as("no bracket computed").isZero();
  }

  @Test
  void aZeroBudgetClipsEverythingToZero() {
    DenseMatrix w = DenseMatrix.of(2, 2, new double[] {1, 2, 3, 4});
    ClipSearch clip = ClipSearch.search(w, 5.5, 0, OPTIONS);
    assertThat(clip.threshold()).isZero();
    assertThat(clip.clippedUpper()).isZero();
  }
}

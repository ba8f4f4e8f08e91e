package org.lipcert.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.ConvolutionTranspose;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.WeightedOperator;
import org.lipcert.core.spectral.RandomMatrices;

/**
 * The weight-independent clip threshold {@code σ* / g} ({@link WeightedOperator#clipGain()}) holds
 * for any weights: random dense matrices and convolution kernels, clipped there, have an exact
 * spectral norm (SVD of the materialised operator) at most {@code σ*}.
 */
class ClipGainPropertyTest {

  private static final int CASES = 1000;

  /** Draws weights: Gaussian, uniform, all ±1 signs (the extreme points of the box), or sparse. */
  private static double[] weights(Random random, int n, double scale) {
    double[] w = new double[n];
    int kind = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      w[i] =
          switch (kind) {
            case 0 -> random.nextGaussian() * scale;
            case 1 -> (2 * random.nextDouble() - 1) * scale;
            case 2 -> random.nextBoolean() ? scale : -scale;
            default -> random.nextInt(4) == 0 ? random.nextGaussian() * scale : 0;
          };
    }
    return w;
  }

  /** Clips the operator at the weight-independent threshold of a random budget and checks it. */
  private static void assertThresholdHolds(WeightedOperator operator, Random random, String what) {
    double budget = Math.exp(random.nextGaussian() * 2);
    double threshold =
        ClipSearch.float32Down(UpwardArithmetic.divideDown(budget, operator.clipGain()));
    WeightedOperator clipped =
        operator.mapWeights(w -> Math.max(-threshold, Math.min(threshold, w)));
    double exact = RandomMatrices.sigmaMax(clipped.materialize());
    assertThat(exact)
        .as("%s clipped at σ* / g = %s has norm ≤ σ* = %s", what, threshold, budget)
        .isLessThanOrEqualTo(budget * (1 + RandomMatrices.ORACLE_SLACK));
  }

  @Test
  void denseMatricesClippedToTheThresholdMeetTheBudget() {
    Random random = new Random(61);
    for (int k = 0; k < CASES; k++) {
      int m = 1 + random.nextInt(12);
      int n = 1 + random.nextInt(12);
      DenseMatrix w = DenseMatrix.of(m, n, weights(random, m * n, Math.exp(random.nextGaussian())));
      assertThresholdHolds(w, random, "dense " + m + "×" + n);
    }
  }

  @Test
  void convolutionKernelsClippedToTheThresholdMeetTheBudget() {
    Random random = new Random(62);
    int done = 0;
    while (done < CASES) {
      Convolution conv = randomConvolution(random);
      if (conv == null) {
        continue;
      }
      done++;
      assertThresholdHolds(conv, random, "conv " + conv.geometry());
    }
  }

  @Test
  void transposedConvolutionsClippedToTheThresholdMeetTheBudget() {
    Random random = new Random(63);
    int done = 0;
    while (done < CASES / 4) {
      int groups = 1 + random.nextInt(2);
      int cin = groups * (1 + random.nextInt(2));
      int cout = groups * (1 + random.nextInt(2));
      int[] kernel = {1 + random.nextInt(3), 1 + random.nextInt(3)};
      int[] stride = {1 + random.nextInt(3), 1 + random.nextInt(3)};
      int[] dilation = {1 + random.nextInt(2), 1 + random.nextInt(2)};
      int[] pads = {random.nextInt(2), random.nextInt(2), random.nextInt(2), random.nextInt(2)};
      int[] input = {1 + random.nextInt(4), 1 + random.nextInt(4)};
      double[] w = weights(random, cin * (cout / groups) * kernel[0] * kernel[1], 1);
      ConvolutionTranspose t;
      try {
        t =
            new ConvolutionTranspose(
                cin, cout, groups, input, kernel, stride, dilation, pads, new int[] {0, 0}, w);
      } catch (InvalidModelException e) {
        continue;
      }
      done++;
      assertThresholdHolds(t, random, "conv-transpose");
    }
  }

  @Test
  void theDenseGainIsAttainedByAConstantMatrix() {
    DenseMatrix ones = DenseMatrix.of(3, 5, new double[15]).mapWeights(w -> 1.0);
    assertThat(RandomMatrices.sigmaMax(ones))
        .as("‖1·1ᵀ‖₂ = sqrt(m·n): the dense threshold is the best possible")
        .isCloseTo(ones.clipGain(), org.assertj.core.data.Percentage.withPercentage(1e-10));
  }

  @Test
  void theConvolutionGainCountsTheTapsThatReadOneInput() {
    // stride 2, dilation 1, kernel 3: an input entry is read by ⌈3·1/2⌉ = 2 taps per axis
    ConvolutionGeometry g = new ConvolutionGeometry(2, 3, 1, 8, 8, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1);
    Convolution conv = new Convolution(g, new double[g.kernelSize()]);
    assertThat(conv.clipGain())
        .as("sqrt(C_in·C_out·k_h·k_w·m_h·m_w) = sqrt(2·3·9·2·2)")
        .isEqualTo(Math.sqrt(2 * 3 * 9 * 2 * 2));
    // stride 2, dilation 2: every tap of a column reads the same parity, all 3 taps per axis
    ConvolutionGeometry dilated =
        new ConvolutionGeometry(1, 1, 1, 9, 9, 3, 3, 2, 2, 2, 2, 0, 0, 0, 0);
    assertThat(new Convolution(dilated, new double[9]).clipGain())
        .as("gcd(s, d) = 2: m = ⌈3·2/2⌉ = 3")
        .isEqualTo(Math.sqrt(9 * 9));
  }

  private static Convolution randomConvolution(Random random) {
    int groups = 1 + random.nextInt(3);
    int cin = groups * (1 + random.nextInt(2));
    int cout = groups * (1 + random.nextInt(2));
    boolean oneD = random.nextInt(4) == 0;
    int h = oneD ? 1 : 1 + random.nextInt(7);
    int w = 1 + random.nextInt(7);
    int kh = oneD ? 1 : 1 + random.nextInt(4);
    int kw = 1 + random.nextInt(4);
    int sh = oneD ? 1 : 1 + random.nextInt(3);
    int sw = 1 + random.nextInt(3);
    int dh = oneD ? 1 : 1 + random.nextInt(3);
    int dw = 1 + random.nextInt(3);
    int[] pad = new int[4];
    for (int i = 0; i < 4; i++) {
      pad[i] = oneD && i % 2 == 0 ? 0 : random.nextInt(3);
    }
    try {
      ConvolutionGeometry g =
          new ConvolutionGeometry(
              cin, cout, groups, h, w, kh, kw, sh, sw, dh, dw, pad[0], pad[1], pad[2], pad[3]);
      if ((long) g.inputSize() * g.outputSize() > 40_000) {
        return null;
      }
      return new Convolution(g, weights(random, g.kernelSize(), Math.exp(random.nextGaussian())));
    } catch (InvalidModelException e) {
      return null;
    }
  }
}

package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.DenseMatrix;

/**
 * {@link SectionOperator}: its adjoint, its band Gram matrix against the materialised {@code ÂᵀÂ},
 * and the Fourier identity behind {@link SectionBound}: for a convolution that wraps around along
 * one axis and is zero-padded along the other (materialised here with wrap-around indices), the
 * exact norm equals {@code max_ω ‖A_ω‖/√s} over the lines of the circular axis, each line
 * materialised and given EJML's SVD.
 */
class SectionOperatorTest {

  @Test
  void adjointAndGramMatchTheMaterialisedOperator() {
    Random random = new Random(3);
    int checked = 0;
    while (checked < 30) {
      Convolution conv = randomConvolution(random, random.nextBoolean() ? 0 : 1, false);
      if (conv == null) {
        continue;
      }
      int axis = random.nextInt(2);
      ConvolutionGeometry g = conv.geometry();
      int grid =
          CircularEmbeddingBound.gridSize(
              axis == 0 ? g.inputHeight() : g.inputWidth(),
              axis == 0 ? g.outputHeight() : g.outputWidth(),
              axis == 0 ? g.kernelHeight() : g.kernelWidth(),
              axis == 0 ? g.strideHeight() : g.strideWidth(),
              axis == 0 ? g.dilationHeight() : g.dilationWidth(),
              axis == 0 ? g.padTop() : g.padLeft(),
              axis == 0 ? g.padBottom() : g.padRight());
      int stride = axis == 0 ? g.strideHeight() : g.strideWidth();
      int frequency = random.nextInt(grid / stride);
      SectionOperator line =
          SectionOperator.of(
              conv, random.nextInt(g.groups()), axis, grid, random.nextBoolean(), frequency);
      if (line == null) {
        continue;
      }
      double[] x = gaussian(random, line.inputSize());
      double[] y = gaussian(random, line.outputSize());
      double[] ax = new double[line.outputSize()];
      double[] aty = new double[line.inputSize()];
      line.apply(x, ax);
      line.applyAdjoint(y, aty);
      assertThat(dot(ax, y))
          .as("⟨Ax, y⟩ = ⟨x, Aᵀy⟩ for %s", g)
          .isCloseTo(dot(x, aty), within(1e-9 * (1 + Math.abs(dot(ax, y)))));

      DenseMatrix a = line.materialize();
      BandMatrix gram = line.gram();
      int n = line.inputSize();
      for (int i = 0; i < n; i++) {
        for (int j = 0; j < n; j++) {
          double expected = 0;
          for (int r = 0; r < a.rows(); r++) {
            expected += a.get(r, i) * a.get(r, j);
          }
          assertThat(gram.get(i, j))
              .as("(ÂᵀÂ)[%d][%d] for %s", i, j, g)
              .isCloseTo(expected, within(1e-10 * (1 + Math.abs(expected))));
        }
      }
      checked++;
    }
  }

  @Test
  void linesGiveTheExactNormOfTheHalfCircularConvolution() {
    Random random = new Random(17);
    int checked = 0;
    double worst = 0;
    while (checked < 40) {
      int axis = random.nextInt(2);
      Convolution conv = randomConvolution(random, axis, true);
      if (conv == null) {
        continue;
      }
      ConvolutionGeometry g = conv.geometry();
      int grid = axis == 0 ? g.inputHeight() : g.inputWidth();
      int stride = axis == 0 ? g.strideHeight() : g.strideWidth();
      double lines = 0;
      for (int group = 0; group < g.groups(); group++) {
        for (int w = 0; w < grid / stride; w++) {
          SectionOperator line = SectionOperator.of(conv, group, axis, grid, false, w);
          if (line != null) {
            double norm = RandomMatrices.sigmaMax(line.materialize());
            lines = Math.max(lines, Math.scalb(norm, line.exponent()) / Math.sqrt(stride));
          }
        }
      }
      double exact = RandomMatrices.sigmaMax(halfCircular(conv, axis));
      assertThat(lines)
          .as("max over lines = norm of the convolution circular along axis %d: %s", axis, g)
          .isCloseTo(exact, within(1e-10 * exact));
      worst = Math.max(worst, Math.abs(lines / exact - 1));
      checked++;
    }
    System.out.printf(
        "half-circular convolutions: worst |max_ω ‖A_ω‖/√s / exact − 1| = %.3g%n", worst);
  }

  /**
   * Returns a random convolution, or {@code null} when the draw does not fit; with {@code
   * wrapReady}, the axis {@code axis} has no padding and an input size that is a multiple of its
   * stride and at least its dilated kernel, so that it can wrap around.
   */
  static Convolution randomConvolution(Random random, int axis, boolean wrapReady) {
    int groups = 1 + random.nextInt(2);
    int cin = groups * (1 + random.nextInt(3));
    int cout = groups * (1 + random.nextInt(3));
    int[] kernels = {1, 2, 3, 5};
    int[] k = {kernels[random.nextInt(4)], kernels[random.nextInt(4)]};
    int[] s = {1 + random.nextInt(3), 1 + random.nextInt(3)};
    int[] d = {1 + random.nextInt(2), 1 + random.nextInt(2)};
    int[] pads = {random.nextInt(3), random.nextInt(3), random.nextInt(3), random.nextInt(3)};
    int[] size = {1 + random.nextInt(8), 1 + random.nextInt(8)};
    if (wrapReady) {
      pads[axis] = 0;
      pads[axis + 2] = 0;
      int extent = d[axis] * (k[axis] - 1) + 1;
      size[axis] = s[axis] * ((extent + s[axis] - 1) / s[axis] + random.nextInt(3));
    }
    try {
      ConvolutionGeometry geometry =
          ConvolutionGeometry.of2d(cin, cout, groups, size, k, s, d, pads);
      return new Convolution(geometry, gaussian(random, geometry.kernelSize()));
    } catch (InvalidModelException e) {
      return null;
    }
  }

  /**
   * The strided correlation whose inputs wrap around along {@code axis} (the grid is the input,
   * {@code n/s} outputs) and are zero-padded along the other axis, as the geometry says.
   */
  private static DenseMatrix halfCircular(Convolution conv, int axis) {
    ConvolutionGeometry g = conv.geometry();
    int h = g.inputHeight();
    int w = g.inputWidth();
    int ho = axis == 0 ? h / g.strideHeight() : g.outputHeight();
    int wo = axis == 1 ? w / g.strideWidth() : g.outputWidth();
    int cinG = g.inChannelsPerGroup();
    int coutG = g.outChannelsPerGroup();
    int n = g.inChannels() * h * w;
    int m = g.outChannels() * ho * wo;
    double[] data = new double[m * n];
    for (int o = 0; o < g.outChannels(); o++) {
      for (int cl = 0; cl < cinG; cl++) {
        int c = (o / coutG) * cinG + cl;
        for (int a = 0; a < g.kernelHeight(); a++) {
          for (int b = 0; b < g.kernelWidth(); b++) {
            for (int i = 0; i < ho; i++) {
              for (int j = 0; j < wo; j++) {
                int row = i * g.strideHeight() + a * g.dilationHeight() - g.padTop();
                int col = j * g.strideWidth() + b * g.dilationWidth() - g.padLeft();
                if (axis == 0) {
                  row = Math.floorMod(row, h);
                } else {
                  col = Math.floorMod(col, w);
                }
                if (row < 0 || row >= h || col < 0 || col >= w) {
                  continue;
                }
                data[((o * ho + i) * wo + j) * n + (c * h + row) * w + col] +=
                    conv.kernel(o, cl, a, b);
              }
            }
          }
        }
      }
    }
    return DenseMatrix.of(m, n, data);
  }

  static double[] gaussian(Random random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}

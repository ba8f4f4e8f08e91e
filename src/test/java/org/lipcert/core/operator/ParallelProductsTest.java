package org.lipcert.core.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Products large enough to be split between threads (and the fused Gram product of a dense matrix)
 * agree with the definitions they parallelise: the convolution sum written out naively here, and
 * {@code Wᵀ(Wx)} evaluated in two passes.
 */
class ParallelProductsTest {

  @Test
  void largeConvolutionsMatchTheNaiveSumAndTheirAdjoint() {
    // channels-last (≥ 8 channels per group) with groups, strides 1–3, dilation 2, asymmetric pads
    Random random = new Random(21);
    int[][] shapes = {
      {32, 32, 1, 1, 16, 1}, {32, 48, 2, 2, 33, 1}, {48, 48, 3, 1, 20, 1}, {16, 32, 1, 2, 44, 2}
    };
    for (int[] shape : shapes) {
      int cin = shape[0];
      int cout = shape[1];
      int groups = shape[2];
      int stride = shape[3];
      int n = shape[4];
      int dilation = shape[5];
      ConvolutionGeometry g =
          ConvolutionGeometry.of2d(
              cin,
              cout,
              groups,
              new int[] {n, n},
              new int[] {3, 3},
              new int[] {stride, stride},
              new int[] {dilation, dilation},
              new int[] {1, 2, 1, 0});
      double[] kernel = gaussian(random, g.kernelSize());
      Convolution conv = new Convolution(g, kernel);
      assertThat((long) conv.outputSize() * conv.termsPerOutput())
          .as("large enough to run in parallel")
          .isGreaterThan(1L << 20);
      double[] x = gaussian(random, conv.inputSize());
      double[] y = new double[conv.outputSize()];
      conv.apply(x, y);
      double[] expected = naive(conv, x);
      for (int i = 0; i < y.length; i++) {
        assertThat(y[i]).as("output %d of %s", i, g).isCloseTo(expected[i], within(1e-9));
      }
      double[] v = gaussian(random, conv.outputSize());
      double[] adjoint = new double[conv.inputSize()];
      conv.applyAdjoint(v, adjoint);
      assertThat(dot(y, v))
          .as("⟨Ax, v⟩ = ⟨x, Aᵀv⟩ for %s", g)
          .isCloseTo(dot(x, adjoint), within(1e-9 * Math.abs(dot(y, v)) + 1e-9));
    }
  }

  @Test
  void fusedGramProductMatchesTwoPasses() {
    Random random = new Random(22);
    for (int[] shape : new int[][] {{600, 700}, {1023, 301}, {3, 5}}) {
      DenseMatrix w = DenseMatrix.of(shape[0], shape[1], gaussian(random, shape[0] * shape[1]));
      double[] x = gaussian(random, shape[1]);
      double[] image = new double[shape[0]];
      double[] gram = new double[shape[1]];
      w.applyGram(x, image, gram, new double[shape[1]]);
      double[] y = new double[shape[0]];
      w.apply(x, y);
      double[] twoPasses = new double[shape[1]];
      w.applyAdjoint(y, twoPasses);
      assertThat(image).as("image of the fused product is W x").containsExactly(y);
      double scale = 0;
      for (double value : twoPasses) {
        scale = Math.max(scale, Math.abs(value));
      }
      for (int j = 0; j < gram.length; j++) {
        assertThat(gram[j]).as("entry %d", j).isCloseTo(twoPasses[j], within(1e-12 * scale));
      }
    }
  }

  /** The convolution sum of ONNX's Conv, term by term. */
  private static double[] naive(Convolution conv, double[] x) {
    ConvolutionGeometry g = conv.geometry();
    double[] y = new double[conv.outputSize()];
    int cinG = g.inChannelsPerGroup();
    int coutG = g.outChannelsPerGroup();
    for (int o = 0; o < g.outChannels(); o++) {
      for (int i = 0; i < g.outputHeight(); i++) {
        for (int j = 0; j < g.outputWidth(); j++) {
          double sum = 0;
          for (int cl = 0; cl < cinG; cl++) {
            int c = (o / coutG) * cinG + cl;
            for (int a = 0; a < g.kernelHeight(); a++) {
              for (int b = 0; b < g.kernelWidth(); b++) {
                int row = i * g.strideHeight() + a * g.dilationHeight() - g.padTop();
                int col = j * g.strideWidth() + b * g.dilationWidth() - g.padLeft();
                if (row >= 0 && row < g.inputHeight() && col >= 0 && col < g.inputWidth()) {
                  sum +=
                      conv.kernel(o, cl, a, b)
                          * x[(c * g.inputHeight() + row) * g.inputWidth() + col];
                }
              }
            }
          }
          y[(o * g.outputHeight() + i) * g.outputWidth() + j] = sum;
        }
      }
    }
    return y;
  }

  private static double[] gaussian(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }
}

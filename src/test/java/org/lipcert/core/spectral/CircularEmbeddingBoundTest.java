package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.DenseMatrix;

/**
 * The Fourier computation of {@link CircularEmbeddingBound} is exact for circular convolutions: on
 * a convolution without padding whose input size is a multiple of the stride, the grid is the input
 * itself, and the bound must equal the norm of the circular, strided, dilated, grouped convolution
 * on that grid — materialised here with wrap-around indices and given EJML's SVD (oracle slack
 * 1e-13) — to within {@code 10⁻⁶}.
 */
class CircularEmbeddingBoundTest {

  @Test
  void isExactForCircularConvolutions() {
    Random random = new Random(99);
    int checked = 0;
    double worst = 0;
    while (checked < 60) {
      int groups = 1 + random.nextInt(3);
      int cin = groups * (1 + random.nextInt(4));
      int cout = groups * (1 + random.nextInt(4));
      int k = 1 + random.nextInt(4);
      int s = 1 + random.nextInt(3);
      int d = 1 + random.nextInt(2);
      int h = s * (1 + random.nextInt(8 / s + 1));
      int w = s * (1 + random.nextInt(8 / s + 1));
      if (h < d * (k - 1) + 1 || w < d * (k - 1) + 1) {
        continue;
      }
      ConvolutionGeometry geometry =
          ConvolutionGeometry.of2d(
              cin,
              cout,
              groups,
              new int[] {h, w},
              new int[] {k, k},
              new int[] {s, s},
              new int[] {d, d},
              new int[] {0, 0, 0, 0});
      double[] kernel = new double[geometry.kernelSize()];
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] = random.nextGaussian();
      }
      Convolution conv = new Convolution(geometry, kernel);
      CircularEmbeddingBound.Result result = CircularEmbeddingBound.upperBound(conv, 1e-10);
      assertThat(result.gridHeight()).as("grid is the input").isEqualTo(h);
      double exact = RandomMatrices.sigmaMax(circular(conv, h, w));
      assertThat(result.upper())
          .as("bound ≥ circular norm for %s", geometry)
          .isGreaterThanOrEqualTo(exact * (1 - RandomMatrices.ORACLE_SLACK));
      double excess = result.upper() / exact - 1;
      worst = Math.max(worst, excess);
      assertThat(excess).as("bound is the circular norm for %s", geometry).isLessThan(1e-6);
      checked++;
    }
    System.out.printf("circular convolutions: worst bound/exact − 1 = %.3g%n", worst);
  }

  /** The circular strided correlation on an h × w grid, {@code (h/s) × (w/s)} outputs. */
  private static DenseMatrix circular(Convolution conv, int h, int w) {
    ConvolutionGeometry g = conv.geometry();
    int s = g.strideHeight();
    int d = g.dilationHeight();
    int ho = h / s;
    int wo = w / s;
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
                int row = (i * s + a * d) % h;
                int col = (j * s + b * d) % w;
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
}

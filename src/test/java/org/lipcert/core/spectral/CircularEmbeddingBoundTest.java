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
      Convolution conv = randomUnpadded(random, 1);
      if (conv == null) {
        continue;
      }
      ConvolutionGeometry geometry = conv.geometry();
      int h = geometry.inputHeight();
      int w = geometry.inputWidth();
      CircularEmbeddingBound.Result result = CircularEmbeddingBound.upperBound(conv, false, false);
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

  /**
   * On the half-step grids the bound must equal the norm of the skew-circular convolution (inputs
   * that wrap around change sign, {@code x[m + N] = −x[m]}), whose modes are {@code e^{2πim(ν +
   * ½)/N}}: the grids the twisted bound samples.
   */
  @Test
  void isExactForSkewCircularConvolutions() {
    Random random = new Random(7);
    int checked = 0;
    double worst = 0;
    while (checked < 60) {
      Convolution conv = randomUnpadded(random, 2);
      if (conv == null) {
        continue;
      }
      boolean twistHeight = random.nextBoolean();
      boolean twistWidth = !twistHeight || random.nextBoolean();
      ConvolutionGeometry geometry = conv.geometry();
      int h = geometry.inputHeight();
      int w = geometry.inputWidth();
      CircularEmbeddingBound.Result result =
          CircularEmbeddingBound.upperBound(conv, twistHeight, twistWidth);
      double exact =
          RandomMatrices.sigmaMax(circular(conv, h, w, twistHeight ? -1 : 1, twistWidth ? -1 : 1));
      assertThat(result.upper())
          .as("bound ≥ skew-circular norm for %s", geometry)
          .isGreaterThanOrEqualTo(exact * (1 - RandomMatrices.ORACLE_SLACK));
      double excess = result.upper() / exact - 1;
      worst = Math.max(worst, excess);
      assertThat(excess).as("bound is the skew-circular norm for %s", geometry).isLessThan(1e-6);
      checked++;
    }
    System.out.printf("skew-circular convolutions: worst bound/exact − 1 = %.3g%n", worst);
  }

  /**
   * On zero-padded convolutions, the automatic choice between the plain and the half-step grids
   * never gives a larger bound than the plain grid alone (up to the certificate's slack), and both
   * stay above the exact norm.
   */
  @Test
  void choosingTheGridNeverLoosensTheBound() {
    Random random = new Random(11);
    int tighter = 0;
    for (int trial = 0; trial < 25; trial++) {
      int c = 1 + random.nextInt(4);
      int n = 3 + random.nextInt(6);
      ConvolutionGeometry geometry =
          ConvolutionGeometry.of2d(
              c,
              c,
              1,
              new int[] {n, n},
              new int[] {3, 3},
              new int[] {1, 1},
              new int[] {1, 1},
              new int[] {1, 1, 1, 1});
      double[] kernel = new double[geometry.kernelSize()];
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] = random.nextGaussian();
      }
      Convolution conv = new Convolution(geometry, kernel);
      double exact = RandomMatrices.sigmaMax(conv.materialize());
      double plain = CircularEmbeddingBound.upperBound(conv, false, false).upper();
      CircularEmbeddingBound.Result chosen = CircularEmbeddingBound.upperBound(conv, 1e-10);
      assertThat(chosen.upper())
          .as("bound ≥ exact norm for %s", geometry)
          .isGreaterThanOrEqualTo(exact * (1 - RandomMatrices.ORACLE_SLACK));
      assertThat(chosen.upper())
          .as("chosen grid no looser than the plain grid for %s", geometry)
          .isLessThanOrEqualTo(plain * (1 + 1e-8));
      if (chosen.upper() < plain * (1 - 1e-6)) {
        tighter++;
      }
    }
    System.out.printf("half-step grids tightened %d of 25 zero-padded bounds%n", tighter);
    assertThat(tighter).as("the half-step grid helps some kernels").isPositive();
  }

  /**
   * Returns a random convolution without padding whose input size is a multiple of its stride (so
   * that the grid is the input), kernel size at least {@code minKernel}, or {@code null} when the
   * draw does not fit its input.
   */
  private static Convolution randomUnpadded(Random random, int minKernel) {
    int groups = 1 + random.nextInt(3);
    int cin = groups * (1 + random.nextInt(4));
    int cout = groups * (1 + random.nextInt(4));
    int k = minKernel + random.nextInt(5 - minKernel);
    int s = 1 + random.nextInt(3);
    int d = 1 + random.nextInt(2);
    int h = s * (1 + random.nextInt(8 / s + 1));
    int w = s * (1 + random.nextInt(8 / s + 1));
    if (h < d * (k - 1) + 1 || w < d * (k - 1) + 1) {
      return null;
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
    return new Convolution(geometry, kernel);
  }

  /** The circular strided correlation on an h × w grid, {@code (h/s) × (w/s)} outputs. */
  private static DenseMatrix circular(Convolution conv, int h, int w) {
    return circular(conv, h, w, 1, 1);
  }

  /**
   * The strided correlation on an h × w grid whose inputs wrap around with the factor {@code
   * wrapHeight} or {@code wrapWidth} (1: circular, −1: skew-circular).
   */
  private static DenseMatrix circular(
      Convolution conv, int h, int w, int wrapHeight, int wrapWidth) {
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
                int sign =
                    ((i * s + a * d) / h % 2 == 1 ? wrapHeight : 1)
                        * ((j * s + b * d) / w % 2 == 1 ? wrapWidth : 1);
                data[((o * ho + i) * wo + j) * n + (c * h + row) * w + col] +=
                    sign * conv.kernel(o, cl, a, b);
              }
            }
          }
        }
      }
    }
    return DenseMatrix.of(m, n, data);
  }
}

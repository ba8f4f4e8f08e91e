package org.lipcert.core.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AveragePool} and {@link ConvolutionTranspose} against outputs of PyTorch 1.13 ({@code
 * torch.nn.functional}), hard-coded: the tests need no Python.
 *
 * <p>The data were drawn in this order from {@code g = torch.Generator().manual_seed(20240611)}:
 * the average-pooling input {@code torch.randint(-9, 10, (1, 2, 6, 7), generator=g).double()}; a
 * max-pooling input used by {@code graph.MaxPoolTorchReferenceTest}; then {@code x =
 * torch.randint(-3, 4, (1, 4, 3, 4))}, {@code w = torch.randint(-3, 4, (4, 3, 3, 2))}, {@code x =
 * torch.randint(-3, 4, (1, 2, 3, 3))}, {@code w = torch.randint(-3, 4, (2, 3, 3, 3))} (all {@code
 * generator=g}, {@code .double()}) for the transposed convolutions. Each case names its exact call.
 * Symmetric torch padding {@code (p_h, p_w)} is LipCert's {@code top = bottom = p_h}, {@code left =
 * right = p_w}.
 *
 * <p><b>Tolerance.</b> Average pooling: {@code 10⁻¹⁴} absolute (outputs below 10; torch divides the
 * sum by the count, LipCert multiplies by {@code fl(1/n₁)·fl(1/n₂)}, a few ulps apart). Transposed
 * convolution: exact (integers).
 */
class TorchReferenceTest {

  private record AvgCase(
      String torchCall,
      int[] kernel,
      int[] stride,
      int[] padding,
      boolean ceilMode,
      boolean countIncludePad,
      int[] outputSize,
      double[] expected) {}

  /** The input {@code x}: {@code torch.randint(-9, 10, (1, 2, 6, 7), generator=g).double()}. */
  private static final double[] AVG_INPUT =
      new double[] {
        3, 6, 6, 4, 7, -5, 2, 4, 7, -7, 0, -3, -5, -3, -1, 1, 7, -9, 3, 7, -5, 3, -9, 7, 2, 5, 6,
        -2, -8, 6, -3, 3, -3, -3, 3, -1, -5, 5, 6, -4, 5, 6, 0, 9, 8, 9, -3, 8, 8, -7, -8, -4, -1,
        6, -4, 5, 4, 2, 4, 8, 9, -3, -5, 8, -7, 2, 2, 5, 7, -5, 5, 7, 6, 1, 2, 5, -8, -5, -5, 6, 6,
        9, 9, 1
      };

  private static final List<AvgCase> AVG_CASES =
      List.of(
          new AvgCase(
              "F.avg_pool2d(x, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), ceil_mode=False, count_include_pad=True)",
              new int[] {3, 3},
              new int[] {2, 2},
              new int[] {1, 1},
              false,
              true,
              new int[] {3, 4},
              new double[] {
                2.2222222222222223,
                1.7777777777777777,
                -0.2222222222222222,
                -1.2222222222222223,
                0.5555555555555556,
                -0.1111111111111111,
                0.6666666666666666,
                -0.2222222222222222,
                -1.5555555555555556,
                1.3333333333333333,
                1.8888888888888888,
                1.6666666666666667,
                -0.6666666666666666,
                1.4444444444444444,
                1.6666666666666667,
                1.8888888888888888,
                -0.8888888888888888,
                -0.2222222222222222,
                3.2222222222222223,
                -0.5555555555555556,
                0.3333333333333333,
                2,
                5.111111111111111,
                1
              }),
          new AvgCase(
              "F.avg_pool2d(x, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), ceil_mode=False, count_include_pad=False)",
              new int[] {3, 3},
              new int[] {2, 2},
              new int[] {1, 1},
              false,
              false,
              new int[] {3, 4},
              new double[] {
                5,
                2.6666666666666665,
                -0.3333333333333333,
                -2.75,
                0.8333333333333334,
                -0.1111111111111111,
                0.6666666666666666,
                -0.3333333333333333,
                -2.3333333333333335,
                1.3333333333333333,
                1.8888888888888888,
                2.5,
                -1.5,
                2.1666666666666665,
                2.5,
                4.25,
                -1.3333333333333333,
                -0.2222222222222222,
                3.2222222222222223,
                -0.8333333333333334,
                0.5,
                2,
                5.111111111111111,
                1.5
              }),
          new AvgCase(
              "F.avg_pool2d(x, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), ceil_mode=True, count_include_pad=True)",
              new int[] {3, 3},
              new int[] {2, 2},
              new int[] {1, 1},
              true,
              true,
              new int[] {4, 4},
              new double[] {
                2.2222222222222223,
                1.7777777777777777,
                -0.2222222222222222,
                -1.2222222222222223,
                0.5555555555555556,
                -0.1111111111111111,
                0.6666666666666666,
                -0.2222222222222222,
                -1.5555555555555556,
                1.3333333333333333,
                1.8888888888888888,
                1.6666666666666667,
                -1,
                1,
                1.1666666666666667,
                1.8333333333333333,
                -0.6666666666666666,
                1.4444444444444444,
                1.6666666666666667,
                1.8888888888888888,
                -0.8888888888888888,
                -0.2222222222222222,
                3.2222222222222223,
                -0.5555555555555556,
                0.3333333333333333,
                2,
                5.111111111111111,
                1,
                -1.6666666666666667,
                1.1666666666666667,
                4,
                1.6666666666666667
              }),
          new AvgCase(
              "F.avg_pool2d(x, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), ceil_mode=True, count_include_pad=False)",
              new int[] {3, 3},
              new int[] {2, 2},
              new int[] {1, 1},
              true,
              false,
              new int[] {4, 4},
              new double[] {
                5,
                2.6666666666666665,
                -0.3333333333333333,
                -2.75,
                0.8333333333333334,
                -0.1111111111111111,
                0.6666666666666666,
                -0.3333333333333333,
                -2.3333333333333335,
                1.3333333333333333,
                1.8888888888888888,
                2.5,
                -3,
                2,
                2.3333333333333335,
                5.5,
                -1.5,
                2.1666666666666665,
                2.5,
                4.25,
                -1.3333333333333333,
                -0.2222222222222222,
                3.2222222222222223,
                -0.8333333333333334,
                0.5,
                2,
                5.111111111111111,
                1.5,
                -5,
                2.3333333333333335,
                8,
                5
              }),
          new AvgCase(
              "F.avg_pool2d(x, kernel_size=(2, 3), stride=(3, 2), padding=(1, 1), ceil_mode=True, count_include_pad=True)",
              new int[] {2, 3},
              new int[] {3, 2},
              new int[] {1, 1},
              true,
              true,
              new int[] {3, 4},
              new double[] {
                1.5,
                2.6666666666666665,
                1,
                -0.5,
                -1,
                -0.16666666666666666,
                2.3333333333333335,
                1,
                -1,
                1,
                1.1666666666666667,
                1.8333333333333333,
                1.5,
                4.333333333333333,
                2.3333333333333335,
                2.6666666666666665,
                1.1666666666666667,
                1.8333333333333333,
                4.666666666666667,
                -1,
                -1.6666666666666667,
                1.1666666666666667,
                4,
                1.6666666666666667
              }),
          new AvgCase(
              "F.avg_pool2d(x, kernel_size=(2, 3), stride=(3, 2), padding=(1, 1), ceil_mode=True, count_include_pad=False)",
              new int[] {2, 3},
              new int[] {3, 2},
              new int[] {1, 1},
              true,
              false,
              new int[] {3, 4},
              new double[] {
                4.5,
                5.333333333333333,
                2,
                -1.5,
                -1.5,
                -0.16666666666666666,
                2.3333333333333335,
                1.5,
                -3,
                2,
                2.3333333333333335,
                5.5,
                4.5,
                8.666666666666666,
                4.666666666666667,
                8,
                1.75,
                1.8333333333333333,
                4.666666666666667,
                -1.5,
                -5,
                2.3333333333333335,
                8,
                5
              }),
          new AvgCase(
              "F.avg_pool2d(x, kernel_size=(3, 2), stride=(2, 3), padding=(0, 1), ceil_mode=True, count_include_pad=False)",
              new int[] {3, 2},
              new int[] {2, 3},
              new int[] {0, 1},
              true,
              false,
              new int[] {3, 3},
              new double[] {
                2,
                0.16666666666666666,
                -1.5,
                -2,
                1.1666666666666667,
                1,
                -4.5,
                2.75,
                2.75,
                -1,
                4,
                1.5,
                5.666666666666667,
                3.8333333333333335,
                -1.5,
                0,
                4.75,
                1.75
              }));

  @Test
  void averagePoolMatchesTorch() {
    for (AvgCase c : AVG_CASES) {
      PoolingGeometry geometry =
          new PoolingGeometry(
              2,
              6,
              7,
              c.kernel()[0],
              c.kernel()[1],
              c.stride()[0],
              c.stride()[1],
              1,
              1,
              c.padding()[0],
              c.padding()[1],
              c.padding()[0],
              c.padding()[1],
              c.ceilMode());
      assertThat(new int[] {geometry.outputHeight(), geometry.outputWidth()})
          .as("output size of %s", c.torchCall())
          .containsExactly(c.outputSize());
      AveragePool pool = new AveragePool(geometry, c.countIncludePad());
      double[] y = new double[pool.outputSize()];
      pool.apply(AVG_INPUT, y);
      assertThat(y).as("length of %s", c.torchCall()).hasSameSizeAs(c.expected());
      for (int i = 0; i < y.length; i++) {
        assertThat(y[i])
            .as("output %d of %s", i, c.torchCall())
            .isCloseTo(c.expected()[i], within(1e-14));
      }
    }
  }

  private static final double[] FIRST_INPUT =
      new double[] {
        -3, -1, 3, 1, -1, 1, -1, 1, -3, 2, -2, 1, 0, -3, 0, 0, 0, -2, 1, 0, -3, 0, 1, 3, 2, 0, 0, 2,
        -2, 2, 0, -1, 0, 3, 3, 1, -1, -3, -1, 3, 1, 2, 2, 1, 1, 1, 0, -3
      };

  private static final double[] FIRST_WEIGHTS =
      new double[] {
        -3, -1, -3, 3, -2, -1, 2, -2, 1, 2, 3, 2, 3, -2, 0, 0, 1, 3, 1, 1, 1, -3, 1, -1, -2, 1, -1,
        -3, -3, 2, -3, -3, 0, -1, -3, -2, -3, 3, 2, 1, -3, -1, -2, -1, 1, 0, 1, -1, -1, 2, -1, -3,
        2, -1, 3, -1, -3, 2, 1, 3, -1, 3, -3, 2, -1, -1, 1, -3, -2, 1, 2, 3
      };

  private static final double[] FIRST_OUTPUT =
      new double[] {
        9, 0, -9, 0, 0, 6, -9, 0, 9, -3, 0, 3, 0, 0, 9, 0, 4, -6, 0, 1, -2, 0, -1, -5, 0, -2, 0, 0,
        3, 0, -3, -5, 0, 9, 4, 0, -6, -3, 0, 3, 0, 0, 8, 0, 1, -10, 0, -1, 10, 0, 3, -2, 0, 1, 0, 0,
        6, 0, 0, -6, 0, 6, 7, 0, -9, 0, 0, -6, 0, 0, 3, 0, 6, -4, 0, -2, 5, 0, 1, 1, 0, -4, 0, 0,
        -3, 0, -6, 2, 0, 7, 3, 0, 6, 1, 0, 2, 0, 0, -11, 0, -4, 12, 0, -12, 5, 0, 9, 5, 0, 0, 0, 0,
        -1, 0, -2, 3, 0, 8, -2, 0, -5, 1, 0, 2, 0, 0, -3, 0, 1, 13, 0, -6, -12, 0, 5, -1, 0, 3, 0,
        0, 0, 0, 3, 2, 0, 4, -3, 0, -7, -2, 0, -7, 0, 0, 0, 0, -12, 6, 0, 4, -9, 0, -2, -6, 0, 8, 0,
        0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 0, -6, 0, -7, 17, 0, 7, -3, 0, 8, 4, 0, 1, 0, 0,
        0, 0, 0, 0, 0, 2, 0, 0, -1, 0, 0, 0, 0, 0, -1, 0, 12, 13, 0, 3, -13, 0, -4, -5, 0, -8, 0, 0,
        0, 0, 3, 0, 0, 0, 0, 0, -1, 0, 0, -3, 0, 0, 6, 0, -3, 2, 0, 6, -5, 0, -8, -8, 0, -3, 0, 0,
        7, 0, 0, 9, 0, -6, 3, 0, -2, -5, 0, 8, 0, 0, 2, 0, -12, -3, 0, -5, 5, 0, -5, 3, 0, 3, 0, 0,
        -7, 0, 0, -2, 0, 6, -6, 0, 4, -5, 0, 1, 0, 0, 10, 0, 4, -10, 0, 12, -7, 0, 15, -8, 0, 10, 0,
        0, -3, 0, 2, 3, 0, 5, 6, 0, 3, 11, 0, -5, 0, 0, 1, 0, 3, -8, 0, 0, -9, 0, -3, -6, 0, -10, 0,
        0, 5, 0, -2, 9, 0, -6, 3, 0, -2, -7, 0, 6, 0, 0, 6, 0, 4, -3, 0, 7, -1, 0, 7, 0, 0, -1, 0,
        0, -5, 0, 2, -4, 0, 4, -6, 0, 4, -4, 0, 2, 0, 0, -4, 0, 4, -7, 0, -4, -8, 0, -5, -1, 0, -10,
        0, 0, -3, 0, 2, 0, 0, 2, 3, 0, 0, 10, 0, -6, 0, 0, -1, 0, -1, 2, 0, -4, 3, 0, -3, 4, 0, 2,
        0, 0, 0, 0, -7, 6, 0, -3, 2, 0, -1, -8, 0, -3, 0, 0, 5, 0, -12, -6, 0, -11, 0, 0, -9, 12, 0,
        2, 0, 0, 0, 0, 7, -6, 0, -4, -4, 0, 2, -1, 0, 4, 0, 0, -1, 0, 2, 6, 0, 7, 1, 0, 12, -4, 0,
        15, 0, 0, -2, 0, 1, -5, 0, -8, -3, 0, -9, 5, 0, -6, 0, 0, 2, 0, 3, 8, 0, 0, 6, 0, -3, -4, 0,
        -10, 0, 0
      };

  private static final double[] SECOND_INPUT =
      new double[] {3, 3, 3, -1, 0, 2, -1, -1, 3, 3, 0, 3, -3, 0, 3, -2, 0, -2};

  private static final double[] SECOND_WEIGHTS =
      new double[] {
        2, 1, -2, -2, 2, 3, -2, -1, -1, -2, 1, 3, 1, 1, -3, -2, 3, 1, -3, 2, 2, 0, 2, -3, 0, 3, 3,
        2, -3, -3, -1, 3, -3, 3, -3, -3, 3, -3, -2, -3, 2, -3, 0, 0, -3, 2, 1, 1, 1, 2, -3, 0, -3,
        -1
      };

  private static final double[] SECOND_OUTPUT =
      new double[] {
        13, 5, 32, 11, -18, 0, 19, 0, -21, -5, -21, -6, 15, 0, -1, 0, -4, 2, 1, -12, -14, 0, 20, 0,
        7, 8, 11, 6, -7, 0, 14, 0, -2, 4, -6, -11, -5, 0, 22, 0, -8, 7, 17, 12, 6, 0, -3, 0
      };

  // output shapes: (1, 6, 6, 14) and (1, 3, 4, 4)

  /**
   * {@code F.conv_transpose2d(x, w, stride=(2,3), padding=(1,0), output_padding=(1,2), groups=2,
   * dilation=(1,2))}, output {@code (1, 6, 6, 14)}; and {@code F.conv_transpose2d(x, w, stride=1,
   * padding=2, output_padding=1, groups=1, dilation=2)}, output {@code (1, 3, 4, 4)}: exact.
   */
  @Test
  void transposedConvolutionMatchesTorch() {
    ConvolutionTranspose first =
        new ConvolutionTranspose(
            4,
            6,
            2,
            new int[] {3, 4},
            new int[] {3, 2},
            new int[] {2, 3},
            new int[] {1, 2},
            new int[] {1, 0, 1, 0},
            new int[] {1, 2},
            FIRST_WEIGHTS);
    assertThat(new int[] {first.outputHeight(), first.outputWidth()})
        .as("first output size")
        .containsExactly(6, 14);
    double[] y = new double[first.outputSize()];
    first.apply(FIRST_INPUT, y);
    assertThat(y)
        .as(
            "F.conv_transpose2d(x, w, stride=(2,3), padding=(1,0), output_padding=(1,2), groups=2, dilation=(1,2))")
        .containsExactly(FIRST_OUTPUT);

    ConvolutionTranspose second =
        new ConvolutionTranspose(
            2,
            3,
            1,
            new int[] {3, 3},
            new int[] {3, 3},
            new int[] {1, 1},
            new int[] {2, 2},
            new int[] {2, 2, 2, 2},
            new int[] {1, 1},
            SECOND_WEIGHTS);
    assertThat(new int[] {second.outputHeight(), second.outputWidth()})
        .as("second output size")
        .containsExactly(4, 4);
    double[] z = new double[second.outputSize()];
    second.apply(SECOND_INPUT, z);
    assertThat(z)
        .as("F.conv_transpose2d(x, w, stride=1, padding=2, output_padding=1, groups=1, dilation=2)")
        .containsExactly(SECOND_OUTPUT);
  }
}

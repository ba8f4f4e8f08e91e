package org.lipcert.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.PoolingGeometry;

/**
 * {@link MaxPool} against outputs of PyTorch 1.13's {@code torch.nn.functional.max_pool2d} with
 * dilation and {@code ceil_mode}, hard-coded: the test needs no Python. The input is a permutation
 * of {@code −70…57} (no ties, negative values, so that padding taps must count as {@code −∞}, not
 * 0), the second draw from {@code g = torch.Generator().manual_seed(20240611)} after {@code
 * torch.randint(-9, 10, (1, 2, 6, 7), generator=g)} (see {@code operator.TorchReferenceTest}). Each
 * case names its exact call; torch padding {@code (p_h, p_w)} is LipCert's {@code top = bottom =
 * p_h}, {@code left = right = p_w}. The first case's width exercises PyTorch's rule that drops a
 * last {@code ceil_mode} window starting in the right padding. Exact equality.
 */
class MaxPoolTorchReferenceTest {

  private record TorchCase(
      String torchCall,
      int[] kernel,
      int[] stride,
      int[] padding,
      int[] dilation,
      boolean ceilMode,
      int[] outputSize,
      double[] expected) {}

  /**
   * The input {@code x}: {@code (torch.randperm(128, generator=g).double() - 70).reshape(1, 2, 8,
   * 8)}.
   */
  private static final double[] INPUT =
      new double[] {
        34, -18, -7, -37, -51, 52, 39, 32, -19, 36, -27, 44, -31, -12, -22, -52, -23, 33, 35, -56,
        56, -16, 24, -2, -21, 30, 31, 15, 13, 22, -54, -14, 45, 9, 46, -48, -44, -61, 21, 55, 18,
        17, 16, -49, -62, 4, -15, -5, 26, -28, -20, 14, -32, -11, -41, -43, 6, -69, 42, -17, -3, 38,
        20, -60, 25, 37, -46, 54, 8, -50, -58, -38, 11, 10, -29, 0, -64, -53, 51, -1, -47, -26, -30,
        -40, 3, -36, 1, -59, 53, 41, -45, 40, -8, -13, -9, -24, -6, -65, -67, -68, 2, -55, 29, -33,
        -63, -34, 43, -57, -42, -35, 50, -39, 19, -66, 27, 23, 28, -70, 5, 7, -10, -25, -4, 48, 47,
        12, 49, 57
      };

  private static final List<TorchCase> CASES =
      List.of(
          new TorchCase(
              "F.max_pool2d(x, kernel_size=(3, 2), stride=(2, 3), padding=(1, 1), dilation=(2, 2), ceil_mode=True)",
              new int[] {3, 2},
              new int[] {2, 3},
              new int[] {1, 1},
              new int[] {2, 2},
              true,
              new int[] {4, 3},
              new double[] {
                36, 31, 22, 36, 31, 22, 30, 42, 38, 17, 42, 38, 41, -8, -1, 41, 43, -1, 41, 47, 57,
                -25, 47, 57
              }),
          new TorchCase(
              "F.max_pool2d(x, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(1, 1), ceil_mode=True)",
              new int[] {3, 3},
              new int[] {2, 2},
              new int[] {1, 1},
              new int[] {1, 1},
              true,
              new int[] {5, 5},
              new double[] {
                36, 44, 52, 52, 32, 36, 44, 56, 24, -2, 45, 46, 22, 55, 55, 26, 42, 38, 38, -5,
                6, 42, 38, 38, -60, 37, 54, 54, 51, -1, 53, 41, 40, 51, -1, 53, 43, 40, 50, -24,
                19, 48, 48, 57, 57, -10, 48, 48, 57, 57
              }),
          new TorchCase(
              "F.max_pool2d(x, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), dilation=(1, 1), ceil_mode=False)",
              new int[] {3, 3},
              new int[] {2, 2},
              new int[] {1, 1},
              new int[] {1, 1},
              false,
              new int[] {4, 4},
              new double[] {
                36, 44, 52, 52, 36, 44, 56, 24, 45, 46, 22, 55, 26, 42, 38, 38, 37, 54, 54, 51, 53,
                41, 40, 51, 53, 43, 40, 50, 19, 48, 48, 57
              }),
          new TorchCase(
              "F.max_pool2d(x, kernel_size=(2, 3), stride=(3, 1), padding=(1, 1), dilation=(3, 2), ceil_mode=True)",
              new int[] {2, 3},
              new int[] {3, 1},
              new int[] {1, 1},
              new int[] {3, 2},
              true,
              new int[] {3, 6},
              new double[] {
                33, 56, 33, 56, -2, 56, 33, 56, 33, 56, 4, 56, 17, 18, 17, 16, 4, -15, -26, 3, -26,
                3, -36, 3, -26, 43, -26, 50, -35, 50, -34, 43, -34, 50, -35, 50
              }),
          new TorchCase(
              "F.max_pool2d(x, kernel_size=(3, 3), stride=(1, 2), padding=(1, 1), dilation=(1, 2), ceil_mode=False)",
              new int[] {3, 3},
              new int[] {1, 2},
              new int[] {1, 1},
              new int[] {1, 2},
              false,
              new int[] {8, 3},
              new double[] {
                44, 52, 52, 44, 52, 52, 44, 44, 44, 33, 33, 55, 30, 30, 55, 17, 17, 55, 17, 38,
                38, 14, 38, 38, 54, 54, 54, 54, 54, 54, 41, 41, 40, 41, 41, 40, 41, 41, 40, 23,
                23, 23, 48, 48, 57, 48, 48, 57
              }));

  @Test
  void maxPoolMatchesTorch() {
    for (TorchCase c : CASES) {
      PoolingGeometry geometry =
          new PoolingGeometry(
              2,
              8,
              8,
              c.kernel()[0],
              c.kernel()[1],
              c.stride()[0],
              c.stride()[1],
              c.dilation()[0],
              c.dilation()[1],
              c.padding()[0],
              c.padding()[1],
              c.padding()[0],
              c.padding()[1],
              c.ceilMode());
      MaxPool pool = new MaxPool("MaxPool", geometry);
      Shape out = pool.outputShape(new Shape[] {Shape.of(2, 8, 8)});
      assertThat(out)
          .as("output shape of %s", c.torchCall())
          .isEqualTo(Shape.of(2, c.outputSize()[0], c.outputSize()[1]));
      assertThat(pool.evaluate(new double[][] {INPUT}))
          .as(c.torchCall())
          .containsExactly(c.expected());
    }
  }
}

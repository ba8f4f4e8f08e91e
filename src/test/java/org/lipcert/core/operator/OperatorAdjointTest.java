package org.lipcert.core.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * For every linear operator: the adjoint identity {@code ⟨Ax, y⟩ = ⟨x, Aᵀy⟩} on seeded random
 * vectors (relative tolerance 1e-12), and {@code A x} equal to the product with the materialised
 * matrix (1e-12). Independent oracles for the semantics: a naive transposed convolution written
 * from the ONNX definition (scatter), and naive padding and average pooling.
 */
class OperatorAdjointTest {

  private static final double TOLERANCE = 1e-12;

  private static double[] gaussian(Random random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static List<LinearOperator> operators(Random random) {
    List<LinearOperator> ops = new ArrayList<>();
    ops.add(DenseMatrix.of(3, 5, gaussian(random, 15)));
    for (int k = 0; k < 30; k++) {
      int groups = 1 + random.nextInt(3);
      int cin = groups * (1 + random.nextInt(3));
      int cout = groups * (1 + random.nextInt(3));
      int kernel = 1 + random.nextInt(4);
      int[] stride = {1 + random.nextInt(3), 1 + random.nextInt(3)};
      int[] dilation = {1 + random.nextInt(2), 1 + random.nextInt(2)};
      int[] pads = {random.nextInt(3), random.nextInt(3), random.nextInt(3), random.nextInt(3)};
      int h = 2 + random.nextInt(8);
      int w = 2 + random.nextInt(8);
      try {
        ConvolutionGeometry g =
            ConvolutionGeometry.of2d(
                cin,
                cout,
                groups,
                new int[] {h, w},
                new int[] {kernel, kernel},
                stride,
                dilation,
                pads);
        ops.add(new Convolution(g, gaussian(random, g.kernelSize())));
        int[] op = {
          random.nextInt(Math.max(stride[0], dilation[0])),
          random.nextInt(Math.max(stride[1], dilation[1]))
        };
        ops.add(
            new ConvolutionTranspose(
                cin,
                cout,
                groups,
                new int[] {h, w},
                new int[] {kernel, kernel},
                stride,
                dilation,
                pads,
                op,
                gaussian(random, cin * (cout / groups) * kernel * kernel)));
      } catch (org.lipcert.core.InvalidModelException e) {
        // kernel larger than the padded input: draw again
      }
    }
    ops.add(
        new Convolution(ConvolutionGeometry.of1d(2, 3, 1, 9, 3, 2, 1, 1, 0), gaussian(random, 18)));
    ops.add(ScaledSelection.transpose(new int[] {2, 3, 4}, new int[] {2, 0, 1}));
    for (String mode : List.of("constant", "reflect", "edge")) {
      ops.add(
          ScaledSelection.pad(new int[] {2, 4, 5}, new int[] {0, 1, 2}, new int[] {0, 2, 1}, mode));
    }
    ops.add(
        ScaledSelection.broadcastMultiply(
            new int[] {1, 4, 3}, new int[] {2, 1, 3}, gaussian(random, 6), "scale"));
    for (boolean include : new boolean[] {true, false}) {
      for (boolean ceil : new boolean[] {true, false}) {
        ops.add(
            new AveragePool(
                new PoolingGeometry(2, 7, 6, 3, 2, 2, 2, 1, 1, 1, 0, 1, 1, ceil), include));
      }
    }
    ops.add(AveragePool.global(3, 4, 5));
    return ops;
  }

  @Test
  void everyOperatorSatisfiesTheAdjointIdentityAndMatchesItsMatrix() {
    Random random = new Random(2026);
    for (LinearOperator op : operators(random)) {
      double[] x = gaussian(random, op.inputSize());
      double[] y = gaussian(random, op.outputSize());
      double[] ax = new double[op.outputSize()];
      double[] aty = new double[op.inputSize()];
      op.apply(x, ax);
      op.applyAdjoint(y, aty);
      double left = dot(ax, y);
      double right = dot(x, aty);
      double scale = Math.abs(left) + Math.abs(right) + 1e-300;
      assertThat(Math.abs(left - right) / scale)
          .as("⟨Ax, y⟩ = ⟨x, Aᵀy⟩ for %s", op.getClass().getSimpleName())
          .isLessThan(TOLERANCE);
      DenseMatrix matrix = op.materialize();
      double[] mx = new double[op.outputSize()];
      matrix.apply(x, mx);
      for (int i = 0; i < mx.length; i++) {
        assertThat(mx[i])
            .as("A x = materialised A · x for %s", op.getClass().getSimpleName())
            .isCloseTo(ax[i], within(TOLERANCE * (1 + Math.abs(ax[i]))));
      }
    }
  }

  @Test
  void transposedConvolutionMatchesTheOnnxScatterDefinition() {
    Random random = new Random(5);
    for (int t = 0; t < 20; t++) {
      int groups = 1 + random.nextInt(2);
      int cin = groups * (1 + random.nextInt(3));
      int cout = groups * (1 + random.nextInt(3));
      int k = 1 + random.nextInt(3);
      int s = 1 + random.nextInt(3);
      int d = 1 + random.nextInt(2);
      int p = random.nextInt(2);
      int op = random.nextInt(Math.max(s, d));
      int h = 2 + random.nextInt(4);
      double[] w = gaussian(random, cin * (cout / groups) * k * k);
      ConvolutionTranspose t2;
      try {
        t2 =
            new ConvolutionTranspose(
                cin,
                cout,
                groups,
                new int[] {h, h},
                new int[] {k, k},
                new int[] {s, s},
                new int[] {d, d},
                new int[] {p, p, p, p},
                new int[] {op, op},
                w);
      } catch (org.lipcert.core.InvalidModelException e) {
        continue;
      }
      int ho = s * (h - 1) + op + d * (k - 1) + 1 - 2 * p;
      assertThat(t2.outputHeight()).isEqualTo(ho);
      double[] x = gaussian(random, cin * h * h);
      double[] expected = new double[cout * ho * ho];
      int coutG = cout / groups;
      int cinG = cin / groups;
      for (int c = 0; c < cin; c++) {
        int group = c / cinG;
        for (int i = 0; i < h; i++) {
          for (int j = 0; j < h; j++) {
            for (int o2 = 0; o2 < coutG; o2++) {
              for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                  int r = i * s + a * d - p;
                  int q = j * s + b * d - p;
                  if (r >= 0 && r < ho && q >= 0 && q < ho) {
                    int o = group * coutG + o2;
                    expected[(o * ho + r) * ho + q] +=
                        w[((c * coutG + o2) * k + a) * k + b] * x[(c * h + i) * h + j];
                  }
                }
              }
            }
          }
        }
      }
      double[] actual = new double[expected.length];
      t2.apply(x, actual);
      for (int i = 0; i < actual.length; i++) {
        assertThat(actual[i])
            .as("ConvTranspose output %d", i)
            .isCloseTo(expected[i], within(1e-12 * (1 + Math.abs(expected[i]))));
      }
    }
  }

  @Test
  void averagePoolingMatchesPyTorchSemantics() {
    // 1 channel, 5 × 5 input, kernel 3, stride 2, padding 1, ceil mode: the windows and divisors
    // of torch.nn.AvgPool2d(3, 2, 1, ceil_mode=True, count_include_pad=False / True)
    double[] x = new double[25];
    for (int i = 0; i < 25; i++) {
      x[i] = i + 1;
    }
    PoolingGeometry g = new PoolingGeometry(1, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, true);
    assertThat(g.outputHeight()).as("ceil((5 + 2 − 3)/2) + 1 = 3").isEqualTo(3);
    double[] exclude = new double[9];
    new AveragePool(g, false).apply(x, exclude);
    // top-left window covers rows 0–1, cols 0–1: (1 + 2 + 6 + 7)/4
    assertThat(exclude[0]).isCloseTo(16.0 / 4, within(1e-15));
    double[] include = new double[9];
    new AveragePool(g, true).apply(x, include);
    assertThat(include[0]).as("padding counts: /9").isCloseTo(16.0 / 9, within(1e-15));
    // centre window rows 1–3, cols 1–3
    assertThat(include[4])
        .isCloseTo((7 + 8 + 9 + 12 + 13 + 14 + 17 + 18 + 19) / 9.0, within(1e-14));
  }

  /**
   * Oracle: {@code torch.nn.functional.avg_pool2d} (PyTorch 2, float64) on {@code arange(1, 43)} as
   * 7 × 6, kernel (3, 2), stride 2, padding (1, 0), {@code ceil_mode=True}, {@code
   * count_include_pad=True}: the last row of windows hangs over the padding.
   */
  @Test
  void averagePoolingWithCeilModeMatchesTorchOutput() {
    double[] x = new double[42];
    for (int i = 0; i < 42; i++) {
      x[i] = i + 1;
    }
    PoolingGeometry g = new PoolingGeometry(1, 7, 6, 3, 2, 2, 2, 1, 1, 1, 0, 1, 0, true);
    double[] y = new double[g.outputHeight() * g.outputWidth()];
    new AveragePool(g, true).apply(x, y);
    double[] torch = {
      3.0, 13.0 / 3, 17.0 / 3, 13.5, 15.5, 17.5, 25.5, 27.5, 29.5, 23.0, 73.0 / 3, 77.0 / 3
    };
    assertThat(g.outputHeight()).isEqualTo(4);
    for (int i = 0; i < torch.length; i++) {
      assertThat(y[i]).as("output %d", i).isCloseTo(torch[i], within(1e-13));
    }
  }

  @Test
  void reflectAndEdgePaddingMatchNumpy() {
    // numpy.pad(np.arange(4), (2, 3), mode) on one axis
    ScaledSelection reflect =
        ScaledSelection.pad(new int[] {4}, new int[] {2}, new int[] {3}, "reflect");
    ScaledSelection edge = ScaledSelection.pad(new int[] {4}, new int[] {2}, new int[] {3}, "edge");
    double[] x = {0, 1, 2, 3};
    double[] y = new double[9];
    reflect.apply(x, y);
    assertThat(y).containsExactly(2, 1, 0, 1, 2, 3, 2, 1, 0);
    edge.apply(x, y);
    assertThat(y).containsExactly(0, 0, 0, 1, 2, 3, 3, 3, 3);
    assertThat(reflect.normUpperBound())
        .as("input 1 is copied 3 times: √3")
        .isGreaterThanOrEqualTo(Math.sqrt(3))
        .isCloseTo(Math.sqrt(3), within(1e-14));
    assertThat(reflect.normLowerBound())
        .isLessThanOrEqualTo(Math.sqrt(3))
        .isCloseTo(Math.sqrt(3), within(1e-14));
    assertThat(edge.normUpperBound())
        .as("input 3 is copied 4 times: 2")
        .isGreaterThanOrEqualTo(2)
        .isCloseTo(2, within(1e-14));
  }
}

package org.lipcert.core.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;

/**
 * {@link AxisLinear}, {@link AxisMean} and {@link ScaledSelection} (identity, select with repeated
 * indices, transpose, pad, broadcast multiplication): the adjoint identity {@code ⟨Ax, y⟩ = ⟨x,
 * Aᵀy⟩} (relative {@code 10⁻¹²}), {@code A x} equal to the product with {@link
 * LinearOperator#materialize()} ({@code 10⁻¹²}), and the semantics against naive multi-index
 * definitions (exact, or {@code 10⁻¹³} relative where the naive sum is ordered differently) and
 * against {@code numpy.pad} outputs hard-coded below. Draws are seeded.
 */
class AxisOperatorsTest {

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

  private static int[] randomDims(Random random, int rank, int max) {
    int[] dims = new int[rank];
    for (int k = 0; k < rank; k++) {
      dims[k] = 1 + random.nextInt(max);
    }
    return dims;
  }

  private static int size(int[] dims) {
    int s = 1;
    for (int d : dims) {
      s *= d;
    }
    return s;
  }

  private static int flat(int[] index, int[] dims) {
    int f = 0;
    for (int k = 0; k < dims.length; k++) {
      f = f * dims[k] + index[k];
    }
    return f;
  }

  private static boolean increment(int[] index, int[] dims) {
    for (int k = dims.length - 1; k >= 0; k--) {
      if (++index[k] < dims[k]) {
        return true;
      }
      index[k] = 0;
    }
    return false;
  }

  /** Checks the adjoint identity and the materialised matrix; returns {@code A x}. */
  static double[] assertAdjointAndMaterialized(LinearOperator op, Random random, String what) {
    double[] x = gaussian(random, op.inputSize());
    double[] y = gaussian(random, op.outputSize());
    double[] ax = new double[op.outputSize()];
    double[] aty = new double[op.inputSize()];
    Arrays.fill(ax, Double.NaN); // apply and applyAdjoint must overwrite their outputs
    Arrays.fill(aty, Double.NaN);
    op.apply(x, ax);
    op.applyAdjoint(y, aty);
    double left = dot(ax, y);
    double right = dot(x, aty);
    double scale = Math.sqrt(dot(ax, ax) * dot(y, y)) + Math.sqrt(dot(x, x) * dot(aty, aty));
    assertThat(Math.abs(left - right))
        .as("⟨Ax, y⟩ = ⟨x, Aᵀy⟩ for %s: %s vs %s", what, left, right)
        .isLessThanOrEqualTo(TOLERANCE * scale + 1e-300);
    DenseMatrix matrix = op.materialize();
    assertThat(matrix.rows()).as("rows of %s", what).isEqualTo(op.outputSize());
    assertThat(matrix.cols()).as("columns of %s", what).isEqualTo(op.inputSize());
    double[] mx = new double[op.outputSize()];
    matrix.apply(x, mx);
    for (int i = 0; i < mx.length; i++) {
      assertThat(mx[i])
          .as("A x = materialised A · x at %d for %s", i, what)
          .isCloseTo(ax[i], within(TOLERANCE * (1 + Math.abs(ax[i]))));
    }
    return ax;
  }

  /**
   * AxisLinear on {@code outer × k × inner}: oracle {@code y[a, i, b] = Σ_l W[i, l]·x[a, l, b]}
   * summed in the same order ({@code l} ascending), exact; the materialised matrix is {@code
   * I_outer ⊗ W ⊗ I_inner} entry by entry, exact; its only Kronecker factor is {@code W}.
   */
  @Test
  void axisLinearIsTheKroneckerProductWithTheIdentities() {
    Random random = new Random(3401);
    for (int t = 0; t < 120; t++) {
      int m = 1 + random.nextInt(6);
      int k = 1 + random.nextInt(6);
      int outer = 1 + random.nextInt(4);
      int inner = 1 + random.nextInt(4);
      double[] w = gaussian(random, m * k);
      if (t % 4 == 0) {
        w[random.nextInt(w.length)] = 0; // the apply loop skips zero weights
      }
      DenseMatrix weights = DenseMatrix.of(m, k, w);
      AxisLinear op = new AxisLinear(weights, outer, inner);
      String what = "AxisLinear " + m + "×" + k + " outer " + outer + " inner " + inner;
      assertThat(op.inputSize()).as("input size").isEqualTo(outer * k * inner);
      assertThat(op.outputSize()).as("output size").isEqualTo(outer * m * inner);
      double[] ax = assertAdjointAndMaterialized(op, random, what);
      double[] x = gaussian(random, op.inputSize());
      op.apply(x, ax);
      for (int a = 0; a < outer; a++) {
        for (int i = 0; i < m; i++) {
          for (int b = 0; b < inner; b++) {
            double s = 0;
            for (int l = 0; l < k; l++) {
              if (w[i * k + l] != 0) {
                s += w[i * k + l] * x[(a * k + l) * inner + b];
              }
            }
            assertThat(ax[(a * m + i) * inner + b])
                .as("y[%d, %d, %d] of %s", a, i, b, what)
                .isEqualTo(s);
          }
        }
      }
      DenseMatrix matrix = op.materialize();
      for (int row = 0; row < op.outputSize(); row++) {
        int a = row / (m * inner);
        int i = row / inner % m;
        int b = row % inner;
        for (int col = 0; col < op.inputSize(); col++) {
          int a2 = col / (k * inner);
          int l = col / inner % k;
          int b2 = col % inner;
          double expected = a == a2 && b == b2 ? w[i * k + l] : 0;
          assertThat(matrix.get(row, col))
              .as("entry (%d, %d) of %s", row, col, what)
              .isEqualTo(expected);
        }
      }
      assertThat(op.kroneckerFactors()).as("factors").containsExactly(weights);
      assertThat(op.termsPerOutput()).as("terms per output").isEqualTo(k);
    }
  }

  /**
   * AxisMean over random subsets of the axes of 1–4-d shapes (none, some, all): oracle the
   * multi-index mean {@code Σ x / r} (relative {@code 10⁻¹³}: the operator multiplies by {@code
   * fl(1/r)}); the materialised matrix has {@code fl(1/r)} where the input lies in the output's
   * fibre and 0 elsewhere, exactly.
   */
  @Test
  void axisMeanAveragesOverTheReducedAxes() {
    Random random = new Random(3402);
    for (int t = 0; t < 150; t++) {
      int rank = 1 + random.nextInt(4);
      int[] dims = randomDims(random, rank, 4);
      boolean[] reduced = new boolean[rank];
      int count = 0;
      for (int k = 0; k < rank; k++) {
        reduced[k] = random.nextBoolean();
        count += reduced[k] ? 1 : 0;
      }
      int[] axes = new int[count];
      int c = 0;
      for (int k = rank - 1; k >= 0; k--) { // descending: the order must not matter
        if (reduced[k]) {
          axes[c++] = k;
        }
      }
      AxisMean op = new AxisMean(dims, axes);
      String what = "AxisMean " + Arrays.toString(dims) + " over " + Arrays.toString(axes);
      int[] outDims = dims.clone();
      int r = 1;
      for (int k = 0; k < rank; k++) {
        if (reduced[k]) {
          outDims[k] = 1;
          r *= dims[k];
        }
      }
      assertThat(op.outputSize()).as("output size of %s", what).isEqualTo(size(outDims));
      assertAdjointAndMaterialized(op, random, what);
      double[] x = gaussian(random, size(dims));
      double[] y = new double[op.outputSize()];
      op.apply(x, y);
      double[] sums = new double[y.length];
      int[] index = new int[rank];
      DenseMatrix matrix = op.materialize();
      do {
        int[] outIndex = index.clone();
        for (int k = 0; k < rank; k++) {
          if (reduced[k]) {
            outIndex[k] = 0;
          }
        }
        int o = flat(outIndex, outDims);
        int i = flat(index, dims);
        sums[o] += x[i];
        for (int row = 0; row < y.length; row++) {
          assertThat(matrix.get(row, i))
              .as("entry (%d, %d) of %s", row, i, what)
              .isEqualTo(row == o ? 1.0 / r : 0.0);
        }
      } while (increment(index, dims));
      for (int o = 0; o < y.length; o++) {
        assertThat(y[o])
            .as("mean %d of %s", o, what)
            .isCloseTo(sums[o] / r, within(1e-13 * (1 + Math.abs(sums[o]))));
      }
    }
    assertThatThrownBy(() -> new AxisMean(new int[] {2, 3}, new int[] {1, 1}))
        .as("repeated axis")
        .isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> new AxisMean(new int[] {2, 3}, new int[] {2}))
        .as("axis outside the shape")
        .isInstanceOf(InvalidModelException.class);
  }

  /**
   * ScaledSelection.select with repeated and permuted indices per axis: oracle {@code y[o₀, …] =
   * x[indices[0][o₀], …]}, exact; and the identity, exact.
   */
  @Test
  void selectCopiesTheIndexedElementsAndIdentityCopiesAll() {
    Random random = new Random(3403);
    for (int t = 0; t < 150; t++) {
      int rank = 1 + random.nextInt(4);
      int[] dims = randomDims(random, rank, 4);
      int[][] indices = new int[rank][];
      int[] outDims = new int[rank];
      for (int k = 0; k < rank; k++) {
        outDims[k] = 1 + random.nextInt(5);
        indices[k] = new int[outDims[k]];
        for (int o = 0; o < outDims[k]; o++) {
          indices[k][o] = random.nextInt(dims[k]); // repeats are likely
        }
      }
      ScaledSelection op = ScaledSelection.select(dims, indices, "gather");
      String what = "select " + Arrays.deepToString(indices) + " from " + Arrays.toString(dims);
      assertAdjointAndMaterialized(op, random, what);
      double[] x = gaussian(random, size(dims));
      double[] y = new double[op.outputSize()];
      op.apply(x, y);
      int[] index = new int[rank];
      do {
        int[] inIndex = new int[rank];
        for (int k = 0; k < rank; k++) {
          inIndex[k] = indices[k][index[k]];
        }
        assertThat(y[flat(index, outDims)])
            .as("%s at %s", what, Arrays.toString(index))
            .isEqualTo(x[flat(inIndex, dims)]);
      } while (increment(index, outDims));

      ScaledSelection identity = ScaledSelection.identity(size(dims));
      assertAdjointAndMaterialized(identity, random, "identity");
      double[] z = new double[x.length];
      identity.apply(x, z);
      assertThat(z).as("identity").containsExactly(x);
    }
    assertThatThrownBy(() -> ScaledSelection.select(new int[] {3}, new int[][] {{0, 3}}, "gather"))
        .as("index outside its axis")
        .isInstanceOf(InvalidModelException.class);
  }

  /**
   * Transpose, pad and broadcast multiplication. Oracles: the multi-index definitions — {@code
   * y[i_{π(0)}, …] = x[i₀, …]}; NumPy broadcasting {@code y = x·c} with size-1 axes stretched,
   * exact — and, for padding, {@code numpy.pad} (NumPy 1.24.2) of {@code arange(24).reshape(2, 3,
   * 4)} with {@code ((0, 1), (2, 1), (1, 3))}, hard-coded, exact.
   */
  @Test
  void transposePadAndBroadcastFollowTheirDefinitions() {
    Random random = new Random(3404);
    for (int t = 0; t < 100; t++) {
      int rank = 1 + random.nextInt(4);
      int[] dims = randomDims(random, rank, 4);
      int[] perm = new int[rank];
      for (int k = 0; k < rank; k++) {
        perm[k] = k;
      }
      for (int k = rank - 1; k > 0; k--) {
        int j = random.nextInt(k + 1);
        int tmp = perm[k];
        perm[k] = perm[j];
        perm[j] = tmp;
      }
      ScaledSelection transpose = ScaledSelection.transpose(dims, perm);
      assertAdjointAndMaterialized(transpose, random, "transpose");
      int[] outDims = new int[rank];
      for (int k = 0; k < rank; k++) {
        outDims[k] = dims[perm[k]];
      }
      double[] x = gaussian(random, size(dims));
      double[] y = new double[x.length];
      transpose.apply(x, y);
      int[] index = new int[rank];
      do {
        int[] outIndex = new int[rank];
        for (int k = 0; k < rank; k++) {
          outIndex[k] = index[perm[k]];
        }
        assertThat(y[flat(outIndex, outDims)])
            .as("transpose %s", Arrays.toString(perm))
            .isEqualTo(x[flat(index, dims)]);
      } while (increment(index, dims));

      int[] constantDims = new int[rank];
      int[] inputDims = dims.clone();
      for (int k = 0; k < rank; k++) {
        constantDims[k] = random.nextBoolean() ? 1 : dims[k];
        if (constantDims[k] != 1 && random.nextInt(3) == 0) {
          inputDims[k] = 1; // the input is broadcast along this axis
        }
      }
      double[] c = gaussian(random, size(constantDims));
      ScaledSelection multiply =
          ScaledSelection.broadcastMultiply(inputDims, constantDims, c, "scale");
      assertAdjointAndMaterialized(multiply, random, "broadcast");
      double[] in = gaussian(random, size(inputDims));
      double[] out = new double[multiply.outputSize()];
      multiply.apply(in, out);
      int[] broadcast = ScaledSelection.broadcastShape(inputDims, constantDims);
      assertThat(out).as("broadcast output size").hasSize(size(broadcast));
      int[] o = new int[rank];
      do {
        int[] i = new int[rank];
        int[] j = new int[rank];
        for (int k = 0; k < rank; k++) {
          i[k] = inputDims[k] == 1 ? 0 : o[k];
          j[k] = constantDims[k] == 1 ? 0 : o[k];
        }
        assertThat(out[flat(o, broadcast)])
            .as("broadcast %s × %s", Arrays.toString(inputDims), Arrays.toString(constantDims))
            .isEqualTo(c[flat(j, constantDims)] * in[flat(i, inputDims)]);
      } while (increment(o, broadcast));
    }

    double[] arange = new double[24];
    for (int i = 0; i < 24; i++) {
      arange[i] = i;
    }
    int[] dims = {2, 3, 4};
    int[] begin = {0, 2, 1};
    int[] end = {1, 1, 3};
    for (String mode : new String[] {"constant", "reflect", "edge"}) {
      ScaledSelection pad = ScaledSelection.pad(dims, begin, end, mode);
      assertAdjointAndMaterialized(pad, random, mode + " pad");
      double[] y = new double[pad.outputSize()];
      pad.apply(arange, y);
      assertThat(y)
          .as("numpy.pad(arange(24).reshape(2, 3, 4), ((0, 1), (2, 1), (1, 3)), mode='%s')", mode)
          .containsExactly(NUMPY_PAD.get(mode));
    }
    // a negative pad crops (ONNX Pad): arange(24).reshape(2, 3, 4)[:, 1:, :3]
    ScaledSelection crop =
        ScaledSelection.pad(dims, new int[] {0, -1, 0}, new int[] {0, 0, -1}, "constant");
    double[] cropped = new double[crop.outputSize()];
    crop.apply(arange, cropped);
    assertThat(cropped)
        .as("crop by negative padding")
        .containsExactly(4, 5, 6, 8, 9, 10, 16, 17, 18, 20, 21, 22);
    assertThatThrownBy(
            () -> ScaledSelection.pad(dims, new int[] {0, 3, 0}, new int[] {0, 0, 0}, "reflect"))
        .as("reflect pad as wide as the axis")
        .isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> ScaledSelection.pad(dims, new int[3], new int[3], "wrap"))
        .as("unknown mode")
        .isInstanceOf(InvalidModelException.class);
  }

  /** {@code numpy.pad(np.arange(24).reshape(2, 3, 4), ((0, 1), (2, 1), (1, 3)), mode=…)}. */
  private static final java.util.Map<String, double[]> NUMPY_PAD =
      java.util.Map.of(
          "constant",
          new double[] {
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 0, 0, 0, 0, 4, 5, 6, 7,
            0, 0, 0, 0, 8, 9, 10, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 12, 13, 14, 15, 0, 0, 0, 0, 16, 17, 18, 19, 0, 0, 0, 0, 20, 21, 22,
            23, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
            0, 0
          },
          "reflect",
          new double[] {
            9, 8, 9, 10, 11, 10, 9, 8, 5, 4, 5, 6, 7, 6, 5, 4, 1, 0, 1, 2, 3, 2, 1, 0, 5, 4, 5, 6,
            7, 6, 5, 4, 9, 8, 9, 10, 11, 10, 9, 8, 5, 4, 5, 6, 7, 6, 5, 4, 21, 20, 21, 22, 23, 22,
            21, 20, 17, 16, 17, 18, 19, 18, 17, 16, 13, 12, 13, 14, 15, 14, 13, 12, 17, 16, 17, 18,
            19, 18, 17, 16, 21, 20, 21, 22, 23, 22, 21, 20, 17, 16, 17, 18, 19, 18, 17, 16, 9, 8, 9,
            10, 11, 10, 9, 8, 5, 4, 5, 6, 7, 6, 5, 4, 1, 0, 1, 2, 3, 2, 1, 0, 5, 4, 5, 6, 7, 6, 5,
            4, 9, 8, 9, 10, 11, 10, 9, 8, 5, 4, 5, 6, 7, 6, 5, 4
          },
          "edge",
          new double[] {
            0, 0, 1, 2, 3, 3, 3, 3, 0, 0, 1, 2, 3, 3, 3, 3, 0, 0, 1, 2, 3, 3, 3, 3, 4, 4, 5, 6, 7,
            7, 7, 7, 8, 8, 9, 10, 11, 11, 11, 11, 8, 8, 9, 10, 11, 11, 11, 11, 12, 12, 13, 14, 15,
            15, 15, 15, 12, 12, 13, 14, 15, 15, 15, 15, 12, 12, 13, 14, 15, 15, 15, 15, 16, 16, 17,
            18, 19, 19, 19, 19, 20, 20, 21, 22, 23, 23, 23, 23, 20, 20, 21, 22, 23, 23, 23, 23, 12,
            12, 13, 14, 15, 15, 15, 15, 12, 12, 13, 14, 15, 15, 15, 15, 12, 12, 13, 14, 15, 15, 15,
            15, 16, 16, 17, 18, 19, 19, 19, 19, 20, 20, 21, 22, 23, 23, 23, 23, 20, 20, 21, 22, 23,
            23, 23, 23
          });
}

package org.lipcert.core.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.lipcert.core.numeric.RoundingModel;

/**
 * Tests of {@link OperatorFusion}: each fused operator stands for the exact composition of its
 * parts within its stated {@link OperatorFusion.Fused#error()}.
 *
 * <p><b>Oracles.</b> (1) The parts applied one after the other to seeded random vectors. (2) The
 * exact composition in {@link BigDecimal}: the parts are materialised (their entries are stored
 * weights or factors, hence exact — a convolution's entries are single kernel weights, a scaling's
 * its factors) and multiplied exactly; the difference {@code E = fused − exact} is exact too. For a
 * scaling with a stated relative error {@code ε}, the exact factors are taken as {@code d_i(1 +
 * ε·r_i)}, {@code r_i ∈ {−1, 1}} and random in between, any of which the stated error must cover.
 *
 * <p><b>Tolerances.</b> (1) {@code ‖Fx − A_k(⋯A₁x)‖ ≤ error·‖x‖ + 10⁻¹²·Π‖|A_i|‖·‖x‖} (the second
 * term covers the rounding of applying the parts). (2) {@code error ≥ ‖E‖₂}, shown exactly by
 * {@code error² ≥ ‖E‖_F²} in {@code BigDecimal} where that suffices, otherwise by {@code error ≥
 * σ_max(fl(E))·(1 + 10⁻¹²)} (EJML SVD of the rounded difference, backward stable).
 */
class OperatorFusionTest {

  private static final double APPLY_SLACK = 1e-12;

  private static final MathContext MC = new MathContext(60);

  private int frobeniusProofs;
  private int svdProofs;
  private double largestShare;

  /** Returns entries {@code N(0, 1)·10^k}, {@code k} uniform in {@code [−decades, decades]}. */
  private static double[] entries(Random random, int n, int decades) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian() * Math.pow(10, decades * (2 * random.nextDouble() - 1));
    }
    return x;
  }

  private static DenseMatrix dense(Random random, int rows, int cols, int decades) {
    return DenseMatrix.of(rows, cols, entries(random, rows * cols, decades));
  }

  /** A diagonal scaling on {@code n} elements with the given factors and relative error. */
  private static ScaledSelection diagonal(double[] factors, double relativeError) {
    int n = factors.length;
    int[] source = new int[n];
    for (int i = 0; i < n; i++) {
      source[i] = i;
    }
    return new ScaledSelection(n, source, factors, "scale", relativeError);
  }

  /** A per-channel scaling of a {@code C×H×W} tensor. */
  private static ScaledSelection channelScale(
      Random random, int c, int h, int w, double relativeError) {
    return ScaledSelection.broadcastMultiply(
        new int[] {c, h, w}, new int[] {c, 1, 1}, entries(random, c, 2), "scale", relativeError);
  }

  private static Convolution convolution(Random random, int cin, int cout, int h, int w) {
    int pad = random.nextInt(2);
    int stride = 1 + random.nextInt(2);
    ConvolutionGeometry g =
        ConvolutionGeometry.of2d(
            cin,
            cout,
            1,
            new int[] {h, w},
            new int[] {3, 3},
            new int[] {stride, stride},
            new int[] {1, 1},
            new int[] {pad, pad, pad, pad});
    return new Convolution(g, entries(random, g.kernelSize(), 3));
  }

  /** Returns the exact matrix of an operator: its materialised entries, which are exact. */
  private static BigDecimal[][] exact(LinearOperator op, BigDecimal[] rowFactors) {
    DenseMatrix m = op.materialize();
    BigDecimal[][] a = new BigDecimal[m.rows()][m.cols()];
    for (int i = 0; i < m.rows(); i++) {
      for (int j = 0; j < m.cols(); j++) {
        BigDecimal v = new BigDecimal(m.get(i, j));
        a[i][j] = rowFactors == null ? v : v.multiply(rowFactors[i]);
      }
    }
    return a;
  }

  private static BigDecimal[][] multiply(BigDecimal[][] b, BigDecimal[][] a) {
    int m = b.length;
    int k = a.length;
    int n = a[0].length;
    BigDecimal[][] c = new BigDecimal[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        BigDecimal s = BigDecimal.ZERO;
        for (int l = 0; l < k; l++) {
          if (b[i][l].signum() != 0 && a[l][j].signum() != 0) {
            s = s.add(b[i][l].multiply(a[l][j]));
          }
        }
        c[i][j] = s;
      }
    }
    return c;
  }

  /**
   * Returns, for a diagonal scaling with relative error {@code ε}, "exact" factors within {@code ε}
   * of the stored ones (the extremes {@code ±ε} and values in between), else the stored factors.
   */
  private static BigDecimal[] exactFactors(LinearOperator op, Random random) {
    if (!(op instanceof ScaledSelection s) || s.diagonal() == null) {
      return null;
    }
    double[] d = s.diagonal();
    BigDecimal epsilon = new BigDecimal(s.relativeError());
    BigDecimal[] exact = new BigDecimal[d.length];
    for (int i = 0; i < d.length; i++) {
      double r =
          switch (random.nextInt(3)) {
            case 0 -> 1;
            case 1 -> -1;
            default -> 2 * random.nextDouble() - 1;
          };
      // the factor 1 + εr (exactly), applied to row i of the diagonal
      exact[i] = BigDecimal.ONE.add(epsilon.multiply(new BigDecimal(r)));
    }
    return exact;
  }

  /** Returns the exact composition {@code A_k ⋯ A₁}, with "exact" factors for the scalings. */
  private static BigDecimal[][] exactComposition(List<LinearOperator> parts, Random random) {
    BigDecimal[][] product = null;
    for (LinearOperator part : parts) {
      BigDecimal[][] a = exact(part, exactFactors(part, random));
      product = product == null ? a : multiply(a, product);
    }
    return product;
  }

  private static double norm(double[] x) {
    double s = 0;
    for (double v : x) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  /** Fuses {@code parts}, expects one fused operator, and checks it against both oracles. */
  private void check(String what, List<LinearOperator> parts, Random random) {
    List<OperatorFusion.Fused> fused = OperatorFusion.fuse(parts);
    assertThat(fused).as("%s: fuses into one operator", what).hasSize(1);
    LinearOperator f = fused.get(0).operator();
    double error = fused.get(0).error();
    assertThat(error).as("%s: error is a finite non-negative number", what).isBetween(0.0, 1e300);

    // oracle 1: apply the parts in turn
    double magnitude = 1;
    for (LinearOperator part : parts) {
      magnitude *= part.absoluteNormUpperBound();
    }
    for (int t = 0; t < 3; t++) {
      double[] x = entries(random, f.inputSize(), 0);
      double[] current = x;
      for (LinearOperator part : parts) {
        double[] next = new double[part.outputSize()];
        part.apply(current, next);
        current = next;
      }
      double[] y = new double[f.outputSize()];
      f.apply(x, y);
      double[] d = new double[y.length];
      for (int i = 0; i < y.length; i++) {
        d[i] = y[i] - current[i];
      }
      assertThat(norm(d))
          .as("%s: ‖Fx − composition(x)‖ ≤ (error + 1e-12·Π‖|A|‖)·‖x‖", what)
          .isLessThanOrEqualTo((error + APPLY_SLACK * magnitude) * norm(x));
    }

    // oracle 2: the exact difference
    BigDecimal[][] exact = exactComposition(parts, random);
    BigDecimal[][] computed = exact(f, null);
    BigDecimal frobeniusSquared = BigDecimal.ZERO;
    DMatrixRMaj difference = new DMatrixRMaj(computed.length, computed[0].length);
    for (int i = 0; i < computed.length; i++) {
      for (int j = 0; j < computed[0].length; j++) {
        BigDecimal e = computed[i][j].subtract(exact[i][j]);
        frobeniusSquared = frobeniusSquared.add(e.multiply(e));
        difference.set(i, j, e.doubleValue());
      }
    }
    BigDecimal stated = new BigDecimal(error);
    double actual;
    if (stated.multiply(stated).compareTo(frobeniusSquared) >= 0) {
      frobeniusProofs++;
      actual = frobeniusSquared.sqrt(MC).doubleValue();
    } else {
      actual = sigmaMax(difference);
      assertThat(error)
          .as(
              "%s: error ≥ ‖fused − exact‖₂ = %s (‖·‖_F = %s)",
              what, actual, frobeniusSquared.sqrt(MC))
          .isGreaterThanOrEqualTo(actual * (1 + 1e-12));
      svdProofs++;
    }
    if (error > 0) {
      largestShare = Math.max(largestShare, actual / error);
    }
  }

  private static double sigmaMax(DMatrixRMaj a) {
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(a.numRows, a.numCols, false, false, true);
    if (!svd.decompose(a.copy())) {
      throw new AssertionError("oracle SVD did not converge");
    }
    double max = 0;
    for (double s : svd.getSingularValues()) {
      max = Math.max(max, s);
    }
    return max;
  }

  private void report(String title) {
    System.out.printf(
        "OperatorFusion %s: %d proofs by Frobenius, %d by SVD; largest actual/stated error %.3g%n",
        title, frobeniusProofs, svdProofs, largestShare);
  }

  /**
   * 200 products {@code B·A} and 100 triple products {@code C·B·A} of dense matrices (sides 1–8,
   * entries over ±3 decades, so the products cancel): both oracles.
   */
  @Test
  void denseProductsStandForTheExactProduct() {
    Random random = new Random(9101);
    for (int k = 0; k < 300; k++) {
      int n = 1 + random.nextInt(8);
      int m = 1 + random.nextInt(8);
      int p = 1 + random.nextInt(8);
      List<LinearOperator> parts = new ArrayList<>();
      parts.add(dense(random, m, n, 3));
      parts.add(dense(random, p, m, 3));
      if (k >= 200) {
        parts.add(dense(random, 1 + random.nextInt(8), p, 3));
      }
      check("product #" + k, parts, random);
    }
    report("dense·dense");
  }

  /**
   * 200 scalings next to a dense matrix — {@code B·diag(d)} and {@code diag(d)·A}, half with a
   * stated relative error ({@code 4u}, as a batch normalisation's, or {@code 10⁻⁹}), a third
   * followed or preceded by another dense matrix: both oracles, the exact factors anywhere within
   * the stated relative error.
   */
  @Test
  void diagonalScalingsNextToDenseMatricesStandForTheExactComposition() {
    Random random = new Random(9102);
    double[] errors = {0, 4 * RoundingModel.UNIT_ROUNDOFF, 1e-9};
    for (int k = 0; k < 200; k++) {
      int n = 1 + random.nextInt(8);
      int m = 1 + random.nextInt(8);
      double epsilon = errors[random.nextInt(errors.length)];
      List<LinearOperator> parts = new ArrayList<>();
      boolean before = random.nextBoolean();
      DenseMatrix w = dense(random, m, n, 3);
      if (before) {
        parts.add(diagonal(entries(random, n, 4), epsilon));
        parts.add(w);
      } else {
        parts.add(w);
        parts.add(diagonal(entries(random, m, 4), epsilon));
      }
      if (k % 3 == 0) {
        parts.add(dense(random, 1 + random.nextInt(8), m, 3));
      }
      check((before ? "diag·dense #" : "dense·diag #") + k, parts, random);
    }
    report("diagonal and dense");
  }

  /**
   * 150 convolutions (3×3, 1–3 channels in and out, 3–6 pixels a side, padding 0/1, stride 1/2)
   * with a per-channel scaling after (batch normalisation) or before (input normalisation), half
   * with a stated relative error: both oracles.
   */
  @Test
  void perChannelScalingsFoldIntoConvolutionsExactlyEnough() {
    Random random = new Random(9103);
    double[] errors = {0, 4 * RoundingModel.UNIT_ROUNDOFF};
    for (int k = 0; k < 150; k++) {
      int cin = 1 + random.nextInt(3);
      int cout = 1 + random.nextInt(3);
      int h = 3 + random.nextInt(4);
      int w = 3 + random.nextInt(4);
      Convolution conv = convolution(random, cin, cout, h, w);
      ConvolutionGeometry g = conv.geometry();
      double epsilon = errors[random.nextInt(errors.length)];
      List<LinearOperator> parts = new ArrayList<>();
      boolean after = random.nextBoolean();
      if (after) {
        parts.add(conv);
        parts.add(channelScale(random, cout, g.outputHeight(), g.outputWidth(), epsilon));
      } else {
        parts.add(channelScale(random, cin, h, w, epsilon));
        parts.add(conv);
      }
      check((after ? "conv·scale #" : "scale·conv #") + k, parts, random);
    }
    report("convolution and scaling");
  }

  /** Identities vanish, and an identity alone is kept: exact, with error 0. */
  @Test
  void identitiesVanish() {
    Random random = new Random(9104);
    DenseMatrix a = dense(random, 3, 4, 1);
    List<OperatorFusion.Fused> fused =
        OperatorFusion.fuse(List.of(ScaledSelection.identity(4), a, ScaledSelection.identity(3)));
    assertThat(fused).hasSize(1);
    assertThat(fused.get(0).operator()).isSameAs(a);
    assertThat(fused.get(0).error()).isZero();
    ScaledSelection identity = ScaledSelection.identity(5);
    List<OperatorFusion.Fused> alone = OperatorFusion.fuse(List.of(identity));
    assertThat(alone).hasSize(1);
    assertThat(alone.get(0).operator()).isSameAs(identity);
    assertThat(alone.get(0).error()).isZero();
  }
}

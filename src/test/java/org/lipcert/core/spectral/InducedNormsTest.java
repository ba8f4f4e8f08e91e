package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.operator.AveragePool;
import org.lipcert.core.operator.ComposedOperator;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.ConvolutionTranspose;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.LinearOperator;
import org.lipcert.core.operator.PoolingGeometry;
import org.lipcert.core.operator.ScaledSelection;

/**
 * ℓ1 and ℓ∞ brackets against the oracle: the largest absolute column and row sums of the
 * materialised matrix, summed in {@code BigDecimal}. Every operator but a composition is bracketed
 * exactly (to a few ulps); a composition's bracket contains the truth.
 */
public class InducedNormsTest {

  /** Exact {@code ‖A‖₁} or {@code ‖A‖_∞} of a materialised matrix. */
  public static double exact(DenseMatrix a, Norm norm) {
    int m = a.rows();
    int n = a.cols();
    java.math.BigDecimal best = java.math.BigDecimal.ZERO;
    int outer = norm == Norm.LINF ? m : n;
    int inner = norm == Norm.LINF ? n : m;
    for (int i = 0; i < outer; i++) {
      java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
      for (int j = 0; j < inner; j++) {
        double v = norm == Norm.LINF ? a.get(i, j) : a.get(j, i);
        sum = sum.add(new java.math.BigDecimal(Math.abs(v)));
      }
      best = best.max(sum);
    }
    return best.doubleValue();
  }

  private static void assertExact(LinearOperator op, String what) {
    for (Norm norm : List.of(Norm.L1, Norm.LINF)) {
      SpectralBracket b = InducedNorms.bracket(op, norm, 1e-9);
      double truth = exact(op.materialize(), norm);
      assertThat(b.lower()).as("%s %s lower ≤ exact", what, norm).isLessThanOrEqualTo(truth);
      assertThat(b.upper()).as("%s %s upper ≥ exact", what, norm).isGreaterThanOrEqualTo(truth);
      assertThat(b.upper())
          .as("%s %s: exact to 1e-12", what, norm)
          .isLessThanOrEqualTo(b.lower() * (1 + 1e-12) + Double.MIN_NORMAL);
    }
  }

  @Test
  void denseConvolutionAndSelectionNormsAreExact() {
    Random random = new Random(121);
    for (int k = 0; k < 300; k++) {
      int m = 1 + random.nextInt(9);
      int n = 1 + random.nextInt(9);
      double[] w = new double[m * n];
      for (int i = 0; i < w.length; i++) {
        w[i] = random.nextGaussian() * Math.exp(3 * random.nextGaussian());
      }
      assertExact(DenseMatrix.of(m, n, w), "dense");
    }
    int done = 0;
    while (done < 150) {
      int s = 1 + random.nextInt(2);
      ConvolutionGeometry g;
      try {
        g =
            new ConvolutionGeometry(
                1 + random.nextInt(2),
                1 + random.nextInt(3),
                1,
                2 + random.nextInt(5),
                2 + random.nextInt(5),
                1 + random.nextInt(3),
                1 + random.nextInt(3),
                s,
                s,
                1,
                1,
                random.nextInt(2),
                random.nextInt(2),
                random.nextInt(2),
                random.nextInt(2));
      } catch (InvalidModelException e) {
        continue;
      }
      double[] kernel = new double[g.kernelSize()];
      for (int i = 0; i < kernel.length; i++) {
        kernel[i] = random.nextGaussian();
      }
      assertExact(new Convolution(g, kernel), "conv " + g);
      done++;
    }
    ConvolutionTranspose t =
        new ConvolutionTranspose(
            2,
            3,
            1,
            new int[] {3, 3},
            new int[] {3, 3},
            new int[] {2, 2},
            new int[] {1, 1},
            new int[] {1, 1, 1, 1},
            new int[] {1, 1},
            gaussian(random, 2 * 3 * 9));
    assertExact(t, "conv-transpose");
    assertExact(
        ScaledSelection.broadcastMultiply(
            new int[] {2, 3}, new int[] {1, 3}, new double[] {-2, 0.5, 3}, "scale"),
        "broadcast multiply");
    assertExact(
        new AveragePool(new PoolingGeometry(2, 5, 5, 3, 3, 2, 2, 1, 1, 1, 1, 1, 1, false), false),
        "avgpool");
  }

  @Test
  void aCompositionsBracketContainsTheTruth() {
    Random random = new Random(122);
    for (int k = 0; k < 100; k++) {
      int a = 1 + random.nextInt(6);
      int b = 1 + random.nextInt(6);
      int c = 1 + random.nextInt(6);
      DenseMatrix first = DenseMatrix.of(b, a, gaussian(random, a * b));
      DenseMatrix second = DenseMatrix.of(c, b, gaussian(random, b * c));
      ComposedOperator composed = new ComposedOperator(List.of(first, second));
      for (Norm norm : List.of(Norm.L1, Norm.LINF)) {
        SpectralBracket bracket = InducedNorms.bracket(composed, norm, 1e-9);
        double truth = exact(composed.materialize(), norm);
        assertThat(truth).isBetween(bracket.lower() * (1 - 1e-12), bracket.upper() * (1 + 1e-12));
        assertThat(bracket.upper())
            .as("never above the product of the parts' norms")
            .isLessThanOrEqualTo(exact(first, norm) * exact(second, norm) * (1 + 1e-12));
      }
    }
  }

  private static double[] gaussian(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }
}

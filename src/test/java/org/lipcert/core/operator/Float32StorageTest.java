package org.lipcert.core.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.spectral.OperatorNorms;
import org.lipcert.core.spectral.SpectralBracket;
import org.lipcert.core.spectral.SpectralOptions;

/**
 * A matrix stored in float32 is the same operator as the float64 matrix of its widened entries:
 * every product is bit for bit the same (the loops accumulate in float64 in the same order), and so
 * are its norms, statistics and bracket; its Frobenius bound is still an upper bound.
 */
class Float32StorageTest {

  @Test
  void float32StorageIsTheSameOperatorAsItsWidenedCopy() {
    Random random = new Random(31);
    for (int[] shape : new int[][] {{7, 5}, {600, 700}, {1, 9}}) {
      int m = shape[0];
      int n = shape[1];
      float[] floats = new float[m * n];
      double[] widened = new double[m * n];
      for (int k = 0; k < floats.length; k++) {
        floats[k] = (float) random.nextGaussian();
        widened[k] = floats[k];
      }
      DenseMatrix single = DenseMatrix.ofFloat32(m, n, floats);
      DenseMatrix dbl = DenseMatrix.of(m, n, widened);
      assertThat(single.isFloat32()).isTrue();
      assertThat(dbl.isFloat32()).isFalse();
      double[] x = gaussian(random, n);
      double[] y = gaussian(random, m);
      assertThat(product(single, x)).as("W x, %d × %d", m, n).isEqualTo(product(dbl, x));
      assertThat(adjoint(single, y)).as("Wᵀ y").isEqualTo(adjoint(dbl, y));
      double[] image1 = new double[m];
      double[] image2 = new double[m];
      double[] gram1 = new double[n];
      double[] gram2 = new double[n];
      single.applyGram(x, image1, gram1, new double[n]);
      dbl.applyGram(x, image2, gram2, new double[n]);
      assertThat(gram1).as("WᵀW x").isEqualTo(gram2);
      assertThat(single.toRowMajorArray()).isEqualTo(widened);
      assertThat(single.transpose().toRowMajorArray()).isEqualTo(dbl.transpose().toRowMajorArray());
      assertThat(single.maxAbs()).isEqualTo(dbl.maxAbs());
      assertThat(single.weightStatistics()).isEqualTo(dbl.weightStatistics());
      double frobenius = 0;
      for (double w : widened) {
        frobenius += w * w;
      }
      assertThat(single.frobeniusNormUpperBound())
          .as("Frobenius bound of the float32 storage")
          .isGreaterThanOrEqualTo(Math.sqrt(frobenius))
          .isLessThan(Math.sqrt(frobenius) * (1 + 1e-9));
      if (m * n <= 100) {
        // the certificates differ only in how the Frobenius bound sums: within an ulp or two
        SpectralBracket a = OperatorNorms.bracket(single, SpectralOptions.defaults());
        SpectralBracket b = OperatorNorms.bracket(dbl, SpectralOptions.defaults());
        assertThat(a.upper()).isCloseTo(b.upper(), within(1e-14 * b.upper()));
        assertThat(a.lower()).isCloseTo(b.lower(), within(1e-14 * b.lower()));
      }
    }
  }

  @Test
  void float32StorageRejectsNonFiniteEntries() {
    assertThatThrownBy(() -> DenseMatrix.ofFloat32(2, 2, new float[] {1, 2, Float.NaN, 4}))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("entry [1][0] is NaN");
    assertThatThrownBy(() -> DenseMatrix.ofFloat32(2, 2, new float[3]))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("needs 4 entries");
  }

  private static double[] product(DenseMatrix w, double[] x) {
    double[] y = new double[w.rows()];
    w.apply(x, y);
    return y;
  }

  private static double[] adjoint(DenseMatrix w, double[] y) {
    double[] x = new double[w.cols()];
    w.applyAdjoint(y, x);
    return x;
  }

  private static double[] gaussian(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = random.nextGaussian();
    }
    return v;
  }
}

package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/**
 * {@link GramMatrix} sums every entry exactly as the textbook loop does (increasing {@code k}), so
 * its result is bit for bit the loop's, for dense and sparse matrices of awkward sizes: the
 * rounding bound {@code γ_p|S||S|ᵀ} that {@link CholeskyCertificate} relies on holds unchanged.
 */
class GramMatrixTest {

  @Test
  void gramMatricesEqualTheTextbookLoop() {
    Random random = new Random(41);
    int[][] shapes = {{1, 1}, {3, 7}, {9, 4}, {37, 53}, {130, 61}, {64, 300}};
    for (int[] shape : shapes) {
      for (double density : new double[] {1.0, 0.1}) {
        DMatrixRMaj s = new DMatrixRMaj(shape[0], shape[1]);
        for (int k = 0; k < s.data.length; k++) {
          s.data[k] = random.nextDouble() < density ? random.nextGaussian() : 0;
        }
        assertThat(GramMatrix.outer(s).data)
            .as("S Sᵀ of a %d × %d matrix, density %.1f", shape[0], shape[1], density)
            .isEqualTo(textbook(s, false).data);
        assertThat(GramMatrix.inner(s).data)
            .as("Sᵀ S of a %d × %d matrix, density %.1f", shape[0], shape[1], density)
            .isEqualTo(textbook(s, true).data);
      }
    }
  }

  private static DMatrixRMaj textbook(DMatrixRMaj s, boolean inner) {
    int size = inner ? s.numCols : s.numRows;
    int length = inner ? s.numRows : s.numCols;
    DMatrixRMaj g = new DMatrixRMaj(size, size);
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        double sum = 0;
        for (int k = 0; k < length; k++) {
          sum += inner ? s.get(k, i) * s.get(k, j) : s.get(i, k) * s.get(j, k);
        }
        g.set(i, j, sum);
      }
    }
    return g;
  }
}

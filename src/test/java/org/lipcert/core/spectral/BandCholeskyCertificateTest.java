package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.junit.jupiter.api.Test;

/**
 * {@link BandCholeskyCertificate} against EJML's symmetric eigenvalue decomposition of the same
 * band matrix: just above the largest eigenvalue the certificate succeeds and never reports less
 * than it; clearly below it, the factorisation must fail.
 */
class BandCholeskyCertificateTest {

  @Test
  void certifiesJustAboveTheLargestEigenvalueAndFailsBelowIt() {
    Random random = new Random(41);
    for (int trial = 0; trial < 40; trial++) {
      int n = 2 + random.nextInt(60);
      int bandwidth = random.nextInt(n);
      BandMatrix band = randomGram(random, n, bandwidth);
      double largest = largestEigenvalue(band);
      OptionalDouble above = BandCholeskyCertificate.tryCertify(band, largest * (1 + 1e-9));
      assertThat(above).as("certifies λ(1 + 1e-9) for n=%d w=%d", n, bandwidth).isPresent();
      assertThat(above.getAsDouble())
          .as("certified value ≥ λ_max for n=%d w=%d", n, bandwidth)
          .isGreaterThanOrEqualTo(largest * (1 - RandomMatrices.ORACLE_SLACK))
          .isLessThan(largest * (1 + 1e-8));
      assertThat(BandCholeskyCertificate.tryCertify(band, largest * (1 - 1e-6)))
          .as("no certificate below λ_max for n=%d w=%d", n, bandwidth)
          .isEmpty();
    }
  }

  /** Returns {@code BᵀB} for a random {@code B} with upper bandwidth {@code w}: PSD and banded. */
  private static BandMatrix randomGram(Random random, int n, int bandwidth) {
    double[][] b = new double[n][n];
    for (int i = 0; i < n; i++) {
      for (int j = i; j <= Math.min(n - 1, i + bandwidth); j++) {
        b[i][j] = random.nextGaussian();
      }
    }
    BandMatrix band = new BandMatrix(n, bandwidth);
    double[] entry = new double[1];
    for (int i = 0; i < n; i++) {
      for (int j = Math.max(0, i - bandwidth); j <= i; j++) {
        double sum = 0;
        for (int k = 0; k < n; k++) {
          sum += b[k][i] * b[k][j];
        }
        entry[0] = sum;
        band.addBlock(i, j, 1, entry, false);
      }
    }
    return band.withError(0);
  }

  private static double largestEigenvalue(BandMatrix band) {
    int n = band.size();
    DMatrixRMaj dense = new DMatrixRMaj(n, n);
    for (int i = 0; i < n; i++) {
      for (int j = 0; j < n; j++) {
        dense.set(i, j, band.get(i, j));
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
    assertThat(eig.decompose(dense)).as("EJML eigen decomposition").isTrue();
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < n; i++) {
      max = Math.max(max, eig.getEigenvalue(i).real);
    }
    return max;
  }
}

package org.lipcert.core.spectral;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.lipcert.core.operator.DenseMatrix;

/** Seeded families of test matrices shared by the spectral tests: a family name and a matrix. */
final class SpectralFamilies {

  private SpectralFamilies() {}

  record Case(String family, boolean gaussian, DenseMatrix weights) {
    @Override
    public String toString() {
      return family + " (" + weights.rows() + "×" + weights.cols() + ")";
    }
  }

  /**
   * Returns, for every scale: Gaussian matrices with shapes 1–{@code maxDimension}, rank-1
   * matrices, 1×n rows and n×1 columns, clustered spectra {@code 1, 1 − 10⁻⁹, 1 − 10⁻⁸, ½, ¼} and
   * repeated {@code 2, 2, 2, 1}; plus, once, matrices of mixed magnitudes (entries over 200
   * decades).
   */
  static List<Case> cases(long seed, double[] scales, int maxDimension, int gaussianPerScale) {
    Random random = new Random(seed);
    List<Case> cases = new ArrayList<>();
    for (double scale : scales) {
      for (int k = 0; k < gaussianPerScale; k++) {
        int m = 1 + random.nextInt(maxDimension);
        int n = 1 + random.nextInt(maxDimension);
        cases.add(
            new Case(
                "gaussian scale " + scale, true, RandomMatrices.gaussian(random, m, n, scale)));
      }
      cases.add(
          new Case(
              "gaussian scale " + scale,
              true,
              RandomMatrices.gaussian(random, maxDimension, maxDimension, scale)));
      for (int k = 0; k < 8; k++) {
        int m = 1 + random.nextInt(maxDimension);
        int n = 1 + random.nextInt(maxDimension);
        cases.add(
            new Case("rank-1 scale " + scale, false, RandomMatrices.rankOne(random, m, n, scale)));
      }
      for (int k = 0; k < 5; k++) {
        int n = 1 + random.nextInt(maxDimension);
        cases.add(
            new Case("row scale " + scale, false, RandomMatrices.gaussian(random, 1, n, scale)));
        cases.add(
            new Case("column scale " + scale, false, RandomMatrices.gaussian(random, n, 1, scale)));
      }
      for (int k = 0; k < 8; k++) {
        int m = 4 + random.nextInt(maxDimension - 3);
        int n = 4 + random.nextInt(maxDimension - 3);
        boolean repeated = k % 2 == 0;
        double[] sigma =
            repeated ? new double[] {2, 2, 2, 1} : new double[] {1, 1 - 1e-9, 1 - 1e-8, 0.5, 0.25};
        cases.add(
            new Case(
                (repeated ? "repeated {2,2,2,1}" : "clustered") + " scale " + scale,
                false,
                RandomMatrices.withSingularValues(random, m, n, sigma, scale)));
      }
    }
    for (int k = 0; k < 8; k++) {
      int m = 1 + random.nextInt(maxDimension);
      int n = 1 + random.nextInt(maxDimension);
      cases.add(
          new Case("mixed magnitudes", false, RandomMatrices.mixedMagnitudes(random, m, n, 200)));
    }
    return cases;
  }
}

package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Property test of the dense bracket against the SVD oracle: {@code lower ≤ σ_max ≤ upper} on
 * seeded random matrices of many shapes and scales, for every certificate method, and {@code
 * upper/σ_max − 1 ≤ 10⁻⁹} whenever a bracket reports convergence at tolerance {@code 10⁻¹⁰}.
 */
class DenseSpectralNormTest {

  private static final double TIGHT_TOLERANCE = 1e-10;
  private static final double CONVERGED_EXCESS = 1e-9;

  private record Case(String family, DenseMatrix weights) {}

  private static List<Case> cases() {
    Random random = new Random(20261124L);
    List<Case> cases = new ArrayList<>();
    double[] scales = {1, 1e-150, 1e150, 3.7e-5, 6.1e4};
    for (double scale : scales) {
      for (int k = 0; k < 40; k++) {
        int m = 1 + random.nextInt(30);
        int n = 1 + random.nextInt(30);
        cases.add(
            new Case(
                "gaussian " + m + "x" + n + " scale " + scale,
                RandomMatrices.gaussian(random, m, n, scale)));
      }
      for (int k = 0; k < 10; k++) {
        int m = 1 + random.nextInt(25);
        int n = 1 + random.nextInt(25);
        cases.add(
            new Case(
                "rank-1 " + m + "x" + n + " scale " + scale,
                RandomMatrices.rankOne(random, m, n, scale)));
      }
      for (int k = 0; k < 10; k++) {
        int n = 1 + random.nextInt(60);
        cases.add(new Case("row 1x" + n, RandomMatrices.gaussian(random, 1, n, scale)));
        cases.add(new Case("column " + n + "x1", RandomMatrices.gaussian(random, n, 1, scale)));
      }
      for (int k = 0; k < 12; k++) {
        int m = 3 + random.nextInt(20);
        int n = 3 + random.nextInt(20);
        double[] sigma = {1, 1 - 1e-9, 1 - 1e-8, 0.5, 0.25};
        if (k % 3 == 0) {
          sigma = new double[] {2, 2, 2, 1};
        }
        cases.add(
            new Case(
                "clustered " + m + "x" + n + " scale " + scale,
                RandomMatrices.withSingularValues(random, m, n, sigma, scale)));
      }
    }
    return cases;
  }

  private static final Map<String, Function<SpectralOptions, SpectralOptions>> CONFIGURATIONS =
      new LinkedHashMap<>();

  static {
    CONFIGURATIONS.put("auto (svd witness)", o -> o);
    CONFIGURATIONS.put("auto (power witness)", o -> o.withExactSvdMaxDimension(0));
    CONFIGURATIONS.put("cholesky", o -> o.withUpperBoundMethod(UpperBoundMethod.CHOLESKY));
    CONFIGURATIONS.put("gram", o -> o.withUpperBoundMethod(UpperBoundMethod.GRAM));
    CONFIGURATIONS.put(
        "gram (power witness)",
        o -> o.withUpperBoundMethod(UpperBoundMethod.GRAM).withExactSvdMaxDimension(0));
    CONFIGURATIONS.put("frobenius", o -> o.withUpperBoundMethod(UpperBoundMethod.FROBENIUS));
  }

  @Test
  void bracketContainsTheSvdOracleForEveryMethodShapeAndScale() {
    List<Case> cases = cases();
    SpectralOptions base = SpectralOptions.defaults().withTolerance(TIGHT_TOLERANCE);
    int checked = 0;
    StringBuilder summary = new StringBuilder();
    for (var configuration : CONFIGURATIONS.entrySet()) {
      SpectralOptions options = configuration.getValue().apply(base);
      int converged = 0;
      double worstExcess = 0;
      for (Case c : cases) {
        double sigma = RandomMatrices.sigmaMax(c.weights());
        SpectralBracket bracket = DenseSpectralNorm.bracket(c.weights(), options);
        String where =
            configuration.getKey() + " on " + c.family() + ": " + bracket + ", oracle σ = " + sigma;
        assertThat(bracket.lower())
            .as("lower ≤ σ (oracle slack 1e-13) for %s", where)
            .isLessThanOrEqualTo(sigma * (1 + RandomMatrices.ORACLE_SLACK));
        assertThat(bracket.upper())
            .as("upper ≥ σ (oracle slack 1e-13) for %s", where)
            .isGreaterThanOrEqualTo(sigma * (1 - RandomMatrices.ORACLE_SLACK));
        if (bracket.converged()) {
          converged++;
          double excess = bracket.upper() / sigma - 1;
          worstExcess = Math.max(worstExcess, excess);
          assertThat(excess)
              .as("upper/σ − 1 ≤ 1e-9 when converged, for %s", where)
              .isLessThanOrEqualTo(CONVERGED_EXCESS);
        }
        checked++;
      }
      summary.append(
          String.format(
              "%-22s converged %4d / %d, worst upper/σ − 1 = %.3g%n",
              configuration.getKey(), converged, cases.size(), worstExcess));
    }
    System.out.print(summary);
    assertThat(checked).as("number of (matrix, method) cases").isGreaterThanOrEqualTo(1000);
  }

  @Test
  void autoConvergesOnWellSeparatedMatricesAtTheDefaultTolerance() {
    Random random = new Random(7);
    for (int k = 0; k < 50; k++) {
      DenseMatrix w =
          RandomMatrices.gaussian(random, 5 + random.nextInt(40), 5 + random.nextInt(40), 1);
      SpectralBracket bracket = DenseSpectralNorm.bracket(w, SpectralOptions.defaults());
      assertThat(bracket.converged()).as("auto bracket %s converges", bracket).isTrue();
      assertThat(bracket.method()).isEqualTo("svd+cholesky");
    }
  }

  @Test
  void zeroMatrixHasTheExactBracketZero() {
    SpectralBracket bracket =
        DenseSpectralNorm.bracket(DenseMatrix.of(2, 3, new double[6]), SpectralOptions.defaults());
    assertThat(bracket.lower()).isZero();
    assertThat(bracket.upper()).isZero();
    assertThat(bracket.converged()).isTrue();
  }

  @Test
  void lanczosWitnessConvergesOnALargerLayer() {
    Random random = new Random(11);
    DenseMatrix w = RandomMatrices.gaussian(random, 400, 300, 0.05);
    double sigma = RandomMatrices.sigmaMax(w);
    SpectralBracket bracket = DenseSpectralNorm.bracket(w, SpectralOptions.defaults());
    assertThat(bracket.method()).startsWith("lanczos");
    assertThat(bracket.lower()).isLessThanOrEqualTo(sigma * (1 + RandomMatrices.ORACLE_SLACK));
    assertThat(bracket.upper()).isGreaterThanOrEqualTo(sigma);
    assertThat(bracket.converged()).as("%s", bracket).isTrue();
  }
}

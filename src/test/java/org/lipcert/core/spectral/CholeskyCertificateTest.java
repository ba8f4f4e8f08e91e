package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalDouble;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Property tests of {@link CholeskyCertificate} (Rump 2006) against the SVD oracle {@link
 * RandomMatrices#sigmaMax} (relative error below {@link RandomMatrices#ORACLE_SLACK} = 10⁻¹³).
 *
 * <p>Matrices: {@link SpectralFamilies#cases} at scales 1, 10⁻¹⁵⁰, 10¹⁵⁰, shapes 1–40. Trials
 * {@code t = σ²(1 + δ)}, {@code δ ∈ {10⁻³, 10⁻⁶, 10⁻⁹}}, and {@code t = σ²(1 − δ)}, {@code δ ∈
 * {10⁻³, 10⁻⁶}}. Properties and tolerances:
 *
 * <ul>
 *   <li><b>soundness</b>: every returned bound is {@code ≥ σ(1 − 10⁻¹³)};
 *   <li><b>refusal below σ²</b>: at {@code t = σ²(1 − δ)} the result is empty — a success there
 *       would certify a number about {@code σ(1 − δ/2)} below the truth;
 *   <li><b>success</b>: Gaussian matrices up to 40×40 are certified at every {@code δ ≥ 10⁻⁹}, and
 *       every family at {@code δ = 10⁻⁶};
 *   <li><b>tightness</b>: the bound is {@code ≤ √t·(1 + 10⁻⁹)};
 *   <li>{@link CholeskyCertificate#relativeAllowance} is below 10⁻¹⁰ for these sizes.
 * </ul>
 */
class CholeskyCertificateTest {

  private static final double[] ABOVE = {1e-3, 1e-6, 1e-9};
  private static final double[] BELOW = {1e-3, 1e-6};
  private static final double TIGHTNESS = 1e-9;
  private static final double MAX_RELATIVE_ALLOWANCE = 1e-10;

  private static List<SpectralFamilies.Case> cases() {
    return SpectralFamilies.cases(31L, new double[] {1, 1e-150, 1e150}, 40, 40);
  }

  @Test
  void certifiesSoundlyAndTightlyAboveSigmaSquaredAndRefusesBelow() {
    int attempts = 0;
    int successes = 0;
    List<SpectralFamilies.Case> cases = cases();
    for (SpectralFamilies.Case c : cases) {
      DenseMatrix w = c.weights();
      double sigma = RandomMatrices.sigmaMax(w);
      CholeskyCertificate certificate = new CholeskyCertificate(w);
      assertThat(certificate.gramSize())
          .as("Gram size is min(m, n) for %s", c)
          .isEqualTo(Math.min(w.rows(), w.cols()));
      for (double delta : ABOVE) {
        double trial = sigma * sigma * (1 + delta);
        OptionalDouble bound = certificate.tryCertify(Math.sqrt(trial));
        attempts++;
        String where = c + " at t = σ²(1 + " + delta + "), σ = " + sigma + ", bound " + bound;
        if (bound.isPresent()) {
          successes++;
          assertThat(bound.getAsDouble())
              .as("soundness: bound ≥ σ(1 − 1e-13) for %s", where)
              .isGreaterThanOrEqualTo(sigma * (1 - RandomMatrices.ORACLE_SLACK));
          assertThat(bound.getAsDouble())
              .as("tightness: bound ≤ √t(1 + 1e-9) for %s", where)
              .isLessThanOrEqualTo(Math.sqrt(trial) * (1 + TIGHTNESS));
        }
        if ((c.gaussian() || delta >= 1e-6) && !c.family().startsWith("mixed")) {
          assertThat(bound).as("certified for %s", where).isPresent();
        }
        if (!c.family().startsWith("mixed")) {
          assertThat(certificate.relativeAllowance(Math.sqrt(trial)))
              .as("relative allowance r/t < 1e-10 for %s", where)
              .isBetween(0.0, MAX_RELATIVE_ALLOWANCE);
        }
      }
      for (double delta : BELOW) {
        double trial = sigma * sigma * (1 - delta);
        OptionalDouble bound = certificate.tryCertify(Math.sqrt(trial));
        assertThat(bound)
            .as(
                "no certificate at t = σ²(1 − %s) for %s (σ = %s; success would be unsound)",
                delta, c, sigma)
            .isEmpty();
      }
    }
    System.out.printf(
        "CholeskyCertificate: %d matrices, %d/%d attempts above σ² certified%n",
        cases.size(), successes, attempts);
    assertThat(cases.size()).as("number of matrices").isGreaterThanOrEqualTo(200);
  }

  @Test
  void mixedMagnitudeMatricesAreCertifiedAtDeltaOneMillionth() {
    for (SpectralFamilies.Case c : cases()) {
      if (!c.family().startsWith("mixed")) {
        continue;
      }
      double sigma = RandomMatrices.sigmaMax(c.weights());
      OptionalDouble bound =
          new CholeskyCertificate(c.weights()).tryCertify(sigma * Math.sqrt(1 + 1e-6));
      assertThat(bound).as("certified at σ²(1 + 1e-6) for %s", c).isPresent();
      assertThat(bound.getAsDouble())
          .as("soundness for %s", c)
          .isGreaterThanOrEqualTo(sigma * (1 - RandomMatrices.ORACLE_SLACK));
    }
  }

  /**
   * Shapes 60–200 exercise EJML's other product kernels (its "reorder" and block variants switch in
   * above a few dozen columns) for the Gram matrix. Same oracle and properties; tightness {@code ≤
   * √t(1 + 10⁻⁹)} still holds at these sizes.
   */
  @Test
  void largerMatricesAreCertifiedSoundly() {
    Random random = new Random(33);
    for (int k = 0; k < 8; k++) {
      int m = 60 + random.nextInt(141);
      int n = 60 + random.nextInt(141);
      DenseMatrix w =
          k % 2 == 0
              ? RandomMatrices.gaussian(random, m, n, 1)
              : RandomMatrices.withSingularValues(random, m, n, new double[] {2, 2, 2, 1}, 1e-100);
      double sigma = RandomMatrices.sigmaMax(w);
      CholeskyCertificate certificate = new CholeskyCertificate(w);
      String where = m + "×" + n + " #" + k + ", σ = " + sigma;
      for (double delta : ABOVE) {
        double trial = sigma * sigma * (1 + delta);
        OptionalDouble bound = certificate.tryCertify(Math.sqrt(trial));
        assertThat(bound).as("certified at δ = %s for %s", delta, where).isPresent();
        assertThat(bound.getAsDouble())
            .as("bound within [σ(1 − 1e-13), √t(1 + 1e-9)] at δ = %s for %s", delta, where)
            .isBetween(
                sigma * (1 - RandomMatrices.ORACLE_SLACK), Math.sqrt(trial) * (1 + TIGHTNESS));
      }
      for (double delta : BELOW) {
        assertThat(certificate.tryCertify(sigma * Math.sqrt(1 - delta)))
            .as("refused at σ²(1 − %s) for %s", delta, where)
            .isEmpty();
      }
    }
  }

  @Test
  void invalidTrialsAreRefused() {
    DenseMatrix w = DenseMatrix.of(2, 2, new double[] {3, 1, -1, 2});
    CholeskyCertificate certificate = new CholeskyCertificate(w);
    for (double trial :
        new double[] {0, -1, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY}) {
      assertThat(certificate.tryCertify(Math.sqrt(trial)))
          .as("trial %s is refused", trial)
          .isEmpty();
    }
    double sigma = RandomMatrices.sigmaMax(w);
    OptionalDouble huge = certificate.tryCertify(1e150);
    assertThat(huge).as("a huge trial still certifies").isPresent();
    assertThat(huge.getAsDouble()).as("huge trial: bound ≥ σ").isGreaterThanOrEqualTo(sigma);
  }

  @Test
  void oneByOneMatrixIsCertifiedJustAboveItsAbsoluteValue() {
    DenseMatrix w = DenseMatrix.of(1, 1, new double[] {-0.75});
    CholeskyCertificate certificate = new CholeskyCertificate(w);
    assertThat(certificate.tryCertify(0.75 * Math.sqrt(1 - 1e-12))).as("below 0.75²").isEmpty();
    OptionalDouble bound = certificate.tryCertify(0.75 * Math.sqrt(1 + 1e-12));
    assertThat(bound).as("above 0.75²").isPresent();
    assertThat(bound.getAsDouble()).as("bound on |−0.75|").isBetween(0.75, 0.75 * (1 + 1e-11));
  }
}

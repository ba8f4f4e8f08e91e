package org.lipcert.core.spectral;

import org.lipcert.core.numeric.Norm;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.LinearOperator;
import org.lipcert.core.operator.ScaledSelection;

/**
 * Brackets the ℓ1 → ℓ1 and ℓ∞ → ℓ∞ operator norms, which have closed forms (DESIGN §1, "Other
 * norms"): {@code ‖A‖₁ = max_j Σ_i |a_ij|}, the largest absolute column sum, and {@code ‖A‖_∞ =
 * max_i Σ_j |a_ij|}, the largest absolute row sum (Horn & Johnson, <i>Matrix Analysis</i>,
 * §5.6.4–5).
 *
 * <p><b>Upper bound.</b> {@link LinearOperator#absolute()} is entrywise at least {@code |A|}, so
 * its row sums {@code |A|·𝟙} and column sums {@code |A|ᵀ·𝟙} bound the true ones. They are sums of
 * {@code k} non-negative products, computed with {@code |ŝ − s| ≤ γ_k s} (Higham, §3.1), so {@code
 * s ≤ ŝ/(1 − γ_k)}. The factors of a {@link ScaledSelection} approximating exact ones (a batch
 * normalisation's) widen both sides by their stated relative error.
 *
 * <p><b>Lower bound.</b> A witness, as for the spectral norm: {@code ‖A‖_∞ ≥ ‖Av‖_∞} for the sign
 * vector {@code v} of the row with the largest sum, {@code ‖A‖₁ ≥ ‖Ae_j‖₁} for the column with the
 * largest sum; {@code Av} is computed with a rounding error of at most {@link
 * LinearOperator#materializationErrorBound()}{@code ·‖v‖₂} in ℓ2 (hence in ℓ∞, and times {@code √m}
 * in ℓ1), which is subtracted. For every operator but a composition the two sides agree to a few
 * ulps: the norm is exact.
 */
public final class InducedNorms {

  private InducedNorms() {}

  /**
   * Returns a certified bracket on {@code ‖A‖₁} or {@code ‖A‖_∞}.
   *
   * @param operator the operator
   * @param norm {@link Norm#L1} or {@link Norm#LINF}
   * @param tolerance the relative width below which the bracket counts as converged
   * @return the bracket
   * @throws IllegalArgumentException for {@link Norm#L2}, which {@link OperatorNorms} brackets
   */
  public static SpectralBracket bracket(LinearOperator operator, Norm norm, double tolerance) {
    if (norm == Norm.L2) {
      throw new IllegalArgumentException("the spectral norm is bracketed by OperatorNorms");
    }
    boolean rows = norm == Norm.LINF;
    int m = operator.outputSize();
    int n = operator.inputSize();
    LinearOperator absolute = operator.absolute();
    double[] sums;
    int terms;
    if (rows) {
      double[] ones = new double[n];
      java.util.Arrays.fill(ones, 1);
      sums = new double[m];
      absolute.apply(ones, sums);
    } else {
      double[] ones = new double[m];
      java.util.Arrays.fill(ones, 1);
      sums = new double[n];
      absolute.applyAdjoint(ones, sums);
    }
    // a row sum has termsPerOutput terms, a column sum at most m; a composition's stages add up
    terms = (int) Math.min(Integer.MAX_VALUE / 2, (long) m + n + operator.termsPerOutput());
    int best = 0;
    for (int k = 1; k < sums.length; k++) {
      if (sums[k] > sums[best]) {
        best = k;
      }
    }
    double gamma = RoundingModel.gamma(terms + 2);
    double relative = operator instanceof ScaledSelection selection ? selection.relativeError() : 0;
    double upper = sums.length == 0 ? 0 : sums[best];
    upper = UpwardArithmetic.divide(upper, 1 - gamma);
    upper = UpwardArithmetic.multiply(upper, 1 + relative);
    if (upper == 0) {
      return SpectralBracket.exact(0, "zero");
    }
    double lower = witness(operator, rows, best);
    lower = UpwardArithmetic.multiplyDown(lower, 1 - relative);
    lower = Math.max(0, Math.min(lower, upper));
    return new SpectralBracket(
        lower, upper, rows ? "row-sums" : "column-sums", 0, upper <= lower * (1 + tolerance));
  }

  /** Returns {@code ‖Av‖_p/‖v‖_p} for the witness {@code v} of row or column {@code index}. */
  private static double witness(LinearOperator operator, boolean rows, int index) {
    int m = operator.outputSize();
    int n = operator.inputSize();
    double[] v = new double[n];
    double vNorm2;
    if (rows) {
      double[] e = new double[m];
      e[index] = 1;
      double[] row = new double[n];
      operator.applyAdjoint(e, row);
      for (int j = 0; j < n; j++) {
        v[j] = row[j] >= 0 ? 1 : -1; // any ±1 vector is a witness; this one is the best
      }
      vNorm2 = UpwardArithmetic.sqrt(n);
    } else {
      v[index] = 1;
      vNorm2 = 1;
    }
    double[] y = new double[m];
    operator.apply(v, y);
    double error = UpwardArithmetic.multiply(operator.materializationErrorBound(), vNorm2);
    double value;
    if (rows) {
      value = Math.abs(y[index]); // ‖v‖_∞ = 1
      for (double yi : y) {
        value = Math.max(value, Math.abs(yi));
      }
    } else {
      double sum = 0;
      for (double yi : y) {
        sum += Math.abs(yi);
      }
      value = UpwardArithmetic.multiplyDown(sum, 1 - RoundingModel.gamma(m));
      error = UpwardArithmetic.multiply(error, UpwardArithmetic.sqrt(m)); // ‖e‖₁ ≤ √m‖e‖₂
    }
    return Math.max(0, UpwardArithmetic.subtractDown(value, error));
  }
}

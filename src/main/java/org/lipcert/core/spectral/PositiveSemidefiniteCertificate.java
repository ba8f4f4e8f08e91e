package org.lipcert.core.spectral;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;

/**
 * Proves that a symmetric matrix known only up to a stated error is positive semidefinite, by a
 * floating-point Cholesky factorisation of a shifted copy (S. M. Rump, "Verification of positive
 * definiteness", BIT 46, 2006).
 *
 * <p><b>Proof sketch.</b> Let {@code A} be the computed matrix, {@code ‖A − A_exact‖₂ ≤ e}, and
 * {@code B = fl(A − sI)}, which differs from {@code A − sI} on the diagonal only, by at most {@code
 * 2u·max|b_ii|}. If Cholesky runs to completion on {@code B}, then {@code B + ΔB ⪰ 0} with {@code
 * ‖ΔB‖₂ ≤ γ/(1 − γ)·tr(B)} ({@link CholeskyCertificate}, same constant {@code γ = γ_{2(n+1)}}), so
 * {@code A_exact ⪰ (s − γ/(1 − γ)·tr(B) − 2u·max|b_ii| − e)I}. This class chooses {@code s} at
 * least that large (with {@code tr(B) ≤ tr(A)}) and reports success only if the factorisation
 * succeeds; a failure proves nothing.
 */
public final class PositiveSemidefiniteCertificate {

  private PositiveSemidefiniteCertificate() {}

  /**
   * Tries to prove {@code A_exact ⪰ 0}.
   *
   * @param matrix the computed matrix {@code A}, symmetric (both triangles equal); not modified
   * @param errorNorm a bound {@code e ≥ ‖A − A_exact‖₂}
   * @return {@code true} if proven; {@code false} if the factorisation failed
   */
  public static boolean proves(DMatrixRMaj matrix, double errorNorm) {
    int n = matrix.numRows;
    double trace = 0;
    double maxDiagonal = 0;
    for (int i = 0; i < n; i++) {
      double d = matrix.get(i, i);
      if (!(d > 0) || !Double.isFinite(d)) {
        return false;
      }
      trace = UpwardArithmetic.add(trace, d);
      maxDiagonal = Math.max(maxDiagonal, d);
    }
    double gamma = RoundingModel.gamma(2L * (n + 1));
    double shift = UpwardArithmetic.multiply(UpwardArithmetic.divide(gamma, 1 - gamma), trace);
    shift =
        UpwardArithmetic.add(
            shift, UpwardArithmetic.multiply(2 * RoundingModel.UNIT_ROUNDOFF, maxDiagonal));
    shift = UpwardArithmetic.add(shift, errorNorm);
    shift =
        UpwardArithmetic.add(
            UpwardArithmetic.multiply(shift, 1.01),
            RoundingModel.underflowAllowance(4L * n * n * (n + 2)));
    DMatrixRMaj b = matrix.copy();
    for (int i = 0; i < n; i++) {
      double d = b.get(i, i) - shift;
      if (!(d > 0)) {
        return false;
      }
      b.set(i, i, d);
    }
    return DecompositionFactory_DDRM.chol(n, true).decompose(b);
  }
}

package org.lipcert.core.spectral;

import java.util.OptionalDouble;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;

/**
 * Proves {@code λ_max(G) ≤ t + r} for a symmetric band matrix {@code G} known up to a stated error,
 * by a successful floating-point Cholesky factorisation of {@code fl(tI − Ĝ)} (S. M. Rump,
 * "Verification of positive definiteness", BIT 46, 2006): the band counterpart of {@link
 * CholeskyCertificate}, at {@code O(nw²)} instead of {@code O(n³)}.
 *
 * <p><b>Proof sketch.</b> Let {@code Ĝ} be the computed matrix, {@code ‖Ĝ − G‖₂ ≤ e} ({@link
 * BandMatrix#errorBound()}), and {@code A = fl(tI − Ĝ)}: off the diagonal {@code a_ij = −ĝ_ij}
 * exactly, on it {@code |a_ii − (t − ĝ_ii)| ≤ u·|a_ii|/(1 − u) ≤ 2u·max a_ii}. If the factorisation
 * runs to completion, {@code R̂ᵀR̂ = A + ΔA} with {@code |ΔA| ≤ γ|R̂ᵀ||R̂|} ({@link
 * BandMatrix#choleskyFactorisable}: {@code γ = γ_{w+2}}; this class uses {@code γ_{2(n+1)}}, the
 * constant of {@link CholeskyCertificate}, which is larger), and by Cauchy–Schwarz {@code ‖ΔA‖₂ ≤
 * γ/(1 − γ)·tr(A)} (Rump 2006, Lemma 2.1). As {@code R̂ᵀR̂ ⪰ 0}, {@code tI − G ⪰ −(γ/(1 − γ)·tr(A)
 * + 2u·max a_ii + e)I =: −rI}, that is {@code λ_max(G) ≤ t + r}. A failure proves nothing. Gradual
 * underflow adds {@link RoundingModel#underflowAllowance}, negligible for scaled data. All bound
 * arithmetic rounds up.
 */
final class BandCholeskyCertificate {

  private BandCholeskyCertificate() {}

  /**
   * Tries to certify {@code λ_max(G) ≤ t + r}.
   *
   * @param gram the computed matrix {@code Ĝ} with its error bound; not modified
   * @param t the trial value, a little above {@code λ_max(G)}
   * @return {@code t + r} if the factorisation succeeded, empty otherwise
   */
  static OptionalDouble tryCertify(BandMatrix gram, double t) {
    int n = gram.size();
    if (!(t > 0) || !Double.isFinite(t) || !(t > gram.maxDiagonal())) {
      return OptionalDouble.empty();
    }
    if (!gram.choleskyFactorisable(t)) {
      return OptionalDouble.empty();
    }
    // tr(A) ≤ n·t − tr(Ĝ) + |rounding|: the diagonal sum has error at most γ_n·Σ|ĝ_ii|
    double absoluteTrace = gram.absoluteTrace();
    double traceLower =
        gram.trace() - UpwardArithmetic.multiply(RoundingModel.gamma(n), absoluteTrace);
    double traceUpper =
        UpwardArithmetic.multiply(
            UpwardArithmetic.add(UpwardArithmetic.multiply(n, t), -traceLower),
            1 + 2 * RoundingModel.UNIT_ROUNDOFF);
    double gamma = RoundingModel.gamma(2L * (n + 1));
    double factorisationError =
        UpwardArithmetic.multiply(UpwardArithmetic.divide(gamma, 1 - gamma), traceUpper);
    double maxDiagonal =
        UpwardArithmetic.multiply(
            UpwardArithmetic.add(t, -gram.minDiagonal()), 1 + 2 * RoundingModel.UNIT_ROUNDOFF);
    double shiftError = UpwardArithmetic.multiply(2 * RoundingModel.UNIT_ROUNDOFF, maxDiagonal);
    double r =
        UpwardArithmetic.add(
            UpwardArithmetic.add(factorisationError, gram.errorBound()),
            UpwardArithmetic.add(
                shiftError,
                RoundingModel.underflowAllowance(
                    4L * n * (gram.bandwidth() + 1) * (gram.bandwidth() + 2))));
    return OptionalDouble.of(UpwardArithmetic.add(t, r));
  }
}

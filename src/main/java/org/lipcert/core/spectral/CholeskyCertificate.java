package org.lipcert.core.spectral;

import java.util.OptionalDouble;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.numeric.VectorNorms;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Proves {@code σ_max(W)² ≤ t + r} for a trial value {@code t} by a successful floating-point
 * Cholesky factorisation of {@code A = fl(tI − fl(G))}, {@code G} the smaller Gram matrix of {@code
 * W} (S. M. Rump, "Verification of positive definiteness", BIT 46, 2006).
 *
 * <p><b>Proof sketch.</b> Work on the scaled copy {@code S = 2⁻ᵉW} ({@link ScaledCopy}); let {@code
 * G = SSᵀ} or {@code SᵀS}, whichever is {@code k × k} with {@code k = min(m, n)}, each entry an
 * inner product of length {@code p = max(m, n)}.
 *
 * <ol>
 *   <li>{@code Ĝ = fl(G) = G + E₁} with {@code |E₁| ≤ γ_p |S||S|ᵀ} (Higham 2002, eq. 3.5), so
 *       {@code ‖E₁‖₂ ≤ γ_p ‖|S|‖₂² ≤ γ_p ‖S‖_F²}.
 *   <li>{@code A} has {@code a_ij = −ĝ_ij} (exact) and {@code a_ii = fl(t − ĝ_ii)}, so {@code A =
 *       tI − Ĝ + E₂} with {@code E₂} diagonal and {@code |E₂| ≤ u·max|a_ii|/(1 − u) ≤ 2u·max a_ii}.
 *   <li>If Cholesky runs to completion on {@code A}, the computed factor satisfies {@code R̂ᵀR̂ = A
 *       + ΔA} with {@code |ΔA| ≤ γ_{k+1}|R̂ᵀ||R̂|} (Higham 2002, Thm 10.3; Demmel 1989), and by
 *       Cauchy–Schwarz {@code ‖ΔA‖₂ ≤ γ/(1 − γ)·tr(A)} (Rump 2006, Lemma 2.1). Since {@code R̂ᵀR̂ ⪰
 *       0}, {@code λ_min(A) ≥ −‖ΔA‖₂}. EJML divides by multiplying with a reciprocal and, for large
 *       {@code k}, evaluates the inner products in blocks; both stay within the same form of bound
 *       with one more rounding, so this class uses {@code γ = γ_{2(k+1)}}, twice the textbook
 *       constant.
 *   <li>{@code tI − SᵀS = A + E₁ − E₂ ⪰ −(‖ΔA‖ + ‖E₁‖ + ‖E₂‖)I =: −rI}, hence {@code σ_max(S)² ≤ t
 *       + r}, and {@code σ_max(W) ≤ 2ᵉ(√(t + r) + ‖scaling error‖)}.
 * </ol>
 *
 * Gradual underflow adds an absolute term ({@link RoundingModel#underflowAllowance}), negligible
 * after the scaling. All bound arithmetic rounds up. The proof needs only the success of the
 * factorisation, not its accuracy: a failure proves nothing and the caller retries with a larger
 * {@code t} or falls back to {@link GramIteration}.
 *
 * <p>Cost: forming {@code G} ({@link GramMatrix}) is {@code O(k²p)}, less for sparse {@code W}, and
 * done once, in the constructor; each attempt is a Cholesky factorisation, {@code k³/3}
 * multiply-adds.
 */
public final class CholeskyCertificate {

  private final ScaledCopy scaled;
  private final DMatrixRMaj gram;
  private final int size;
  private final double gramError;
  private final double gramTrace;

  /**
   * Forms the scaled Gram matrix of a non-zero matrix.
   *
   * @param weights the matrix {@code W}, with at least one non-zero entry; not modified
   */
  public CholeskyCertificate(DenseMatrix weights) {
    this.scaled = ScaledCopy.of(weights);
    DMatrixRMaj s = scaled.matrix();
    int innerLength = Math.max(s.numRows, s.numCols);
    this.size = Math.min(s.numRows, s.numCols);
    this.gram = s.numRows <= s.numCols ? GramMatrix.outer(s) : GramMatrix.inner(s);
    double frobenius = VectorNorms.norm2Upper(s.data);
    double frobeniusSquared = UpwardArithmetic.multiply(frobenius, frobenius);
    this.gramError =
        UpwardArithmetic.add(
            UpwardArithmetic.multiply(RoundingModel.gamma(innerLength), frobeniusSquared),
            RoundingModel.underflowAllowance(2L * size * size * innerLength));
    double trace = 0;
    for (int i = 0; i < size; i++) {
      trace += gram.get(i, i);
    }
    this.gramTrace = trace;
  }

  /** Returns the size {@code k = min(m, n)} of the Gram matrix that each attempt factorises. */
  public int gramSize() {
    return size;
  }

  /**
   * Attempts to certify {@code σ_max(W)² ≤ t + r} for {@code t = trial²}.
   *
   * @param trial the trial value for {@code σ_max(W)} (not squared, so that no scale of {@code W}
   *     overflows), in the units of {@code W}; it should lie a little above the true value
   * @return a certified upper bound on {@code σ_max(W)} if the factorisation succeeded, empty
   *     otherwise
   */
  public OptionalDouble tryCertify(double trial) {
    double scaledTrial = Math.scalb(trial, -scaled.exponent());
    double t = scaledTrial * scaledTrial;
    if (!(t > 0) || !Double.isFinite(t)) {
      return OptionalDouble.empty();
    }
    DMatrixRMaj a = new DMatrixRMaj(size, size);
    double maxDiagonal = 0;
    double trace = 0;
    for (int i = 0; i < size; i++) {
      for (int j = 0; j < size; j++) {
        a.unsafe_set(i, j, -gram.unsafe_get(i, j));
      }
      double diagonal = t - gram.unsafe_get(i, i);
      if (!(diagonal > 0)) {
        return OptionalDouble.empty();
      }
      a.unsafe_set(i, i, diagonal);
      maxDiagonal = Math.max(maxDiagonal, diagonal);
      trace += diagonal;
    }
    CholeskyDecomposition_F64<DMatrixRMaj> cholesky = DecompositionFactory_DDRM.chol(size, true);
    if (!cholesky.decompose(a)) {
      return OptionalDouble.empty();
    }
    double traceUpper = UpwardArithmetic.multiply(trace, 1 + RoundingModel.gamma(size));
    double gamma = RoundingModel.gamma(2L * (size + 1));
    double factorisationError =
        UpwardArithmetic.multiply(UpwardArithmetic.divide(gamma, 1 - gamma), traceUpper);
    double shiftError = UpwardArithmetic.multiply(2 * RoundingModel.UNIT_ROUNDOFF, maxDiagonal);
    double r =
        UpwardArithmetic.add(
            UpwardArithmetic.add(factorisationError, gramError),
            UpwardArithmetic.add(
                shiftError, RoundingModel.underflowAllowance(4L * size * size * (size + 2))));
    double scaledUpper = UpwardArithmetic.sqrt(UpwardArithmetic.add(t, r));
    return OptionalDouble.of(scaled.unscaleUpper(scaledUpper));
  }

  /**
   * Returns an estimate of {@code r/t}, the relative amount the certificate adds to a trial {@code
   * t = trial²}; {@code t} must exceed {@code σ²} by a few times this for the factorisation to
   * succeed reliably. For planning only.
   *
   * @param trial the trial value for {@code σ_max(W)}, in the units of {@code W}
   * @return the predicted {@code r/t}
   */
  public double relativeAllowance(double trial) {
    double scaledTrial = Math.scalb(trial, -scaled.exponent());
    double t = scaledTrial * scaledTrial;
    double gamma = RoundingModel.gamma(2L * (size + 1));
    double trace = Math.max(0, size * t - gramTrace);
    return (gamma * trace + gramError + 2 * RoundingModel.UNIT_ROUNDOFF * t) / t;
  }
}

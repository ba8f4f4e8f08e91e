package org.lipcert.core.spectral;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.numeric.VectorNorms;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Certified upper bound on {@code σ_max(W)} by Gram iteration (B. Delattre, Q. Barthélemy, A.
 * Araujo, A. Allauzen, "Efficient Bound of Lipschitz Constant for Convolutional Layers by Gram
 * Iteration", ICML 2023): with {@code G₀ = W} and {@code G_{t+1} = G_tᵀG_t}, {@code σ_max(W) ≤
 * ‖G_t‖_F^{1/2ᵗ}} for every {@code t}.
 *
 * <p><b>Proof sketch with rounding.</b> The iteration is run on scaled matrices {@code S₀ =
 * 2^{-e₀}W} and {@code S_{t+1} = 2^{-e_{t+1}} fl(S_tᵀS_t)}, each rescaled by a power of two so that
 * its largest entry lies in {@code [1, 2)} (without this the entries overflow after a few steps).
 * For the computed product {@code fl(S_tᵀS_t) = S_tᵀS_t + E_t} with {@code ‖E_t‖₂ ≤ γ_k‖S_t‖_F² =:
 * ε_t} (Higham 2002, eq. 3.5; {@code k} the inner length), and the rescaling is exact up to an
 * underflow term {@code η_t}:
 *
 * <pre>σ(S_t)² = λ_max(S_tᵀS_t) ≤ ‖fl(S_tᵀS_t)‖₂ + ε_t ≤ 2^{e_{t+1}}(σ(S_{t+1}) + η_t) + ε_t.</pre>
 *
 * Starting from {@code b_T = ‖S_T‖_F ≥ σ(S_T)} and recursing backwards {@code b_t = √(2^{e_{t+1}}
 * (b_{t+1} + η_t) + ε_t)} gives {@code σ(S₀) ≤ b₀} and {@code σ(W) ≤ 2^{e₀}(b₀ + scaling error)};
 * all of it rounded up. Each step adds its rounding error, as DESIGN §1 asks: in float64 the raw
 * bound was seen {@code 3·10⁻¹⁶} below {@code σ_max} without it.
 *
 * <p>Every {@code T} gives a valid bound; this class keeps the smallest. The ratio to {@code σ_max}
 * is at most {@code rank^{1/2^{T+1}}}, so the bound converges fast when {@code σ₁} is separated
 * from {@code σ₂}, but only halves its error per step when {@code σ₁} is repeated. The first
 * product is taken on the smaller Gram side; a step costs {@code O(k³)} for {@code k = min(m, n)}.
 */
public final class GramIteration {

  /**
   * The result of a run.
   *
   * @param upper the smallest certified bound found
   * @param steps the number of squaring steps performed
   */
  public record Result(double upper, int steps) {}

  private GramIteration() {}

  /**
   * Runs the iteration until the bound stops improving by more than {@code relativeTolerance},
   * reaches {@code target}, or {@code maxSteps} squarings were done.
   *
   * @param weights a matrix with at least one non-zero entry; not modified
   * @param target stop once the bound is {@code ≤ target} (e.g. a witness times {@code 1 + tol}); 0
   *     to ignore
   * @param relativeTolerance stop when a step improves the bound by less than this fraction
   * @param maxSteps the cap on squarings
   * @return the bound and the number of steps
   */
  public static Result upperBound(
      DenseMatrix weights, double target, double relativeTolerance, int maxSteps) {
    ScaledCopy scaled = ScaledCopy.of(weights);
    DMatrixRMaj current = scaled.matrix();
    int[] exponents = new int[maxSteps + 1];
    double[] errors = new double[maxSteps + 1];
    double[] underflow = new double[maxSteps + 1];
    double best = scaled.unscaleUpper(VectorNorms.norm2Upper(current.data));
    int steps = 0;
    for (int t = 0; t < maxSteps; t++) {
      int inner;
      DMatrixRMaj next;
      if (t == 0 && current.numRows < current.numCols) {
        inner = current.numCols;
        next = new DMatrixRMaj(current.numRows, current.numRows);
        CommonOps_DDRM.multTransB(current, current, next);
      } else {
        inner = current.numRows;
        next = new DMatrixRMaj(current.numCols, current.numCols);
        CommonOps_DDRM.multTransA(current, current, next);
      }
      double frobenius = VectorNorms.norm2Upper(current.data);
      long size = next.numRows;
      errors[t] =
          UpwardArithmetic.add(
              UpwardArithmetic.multiply(
                  RoundingModel.gamma(inner), UpwardArithmetic.multiply(frobenius, frobenius)),
              RoundingModel.underflowAllowance(2L * size * size * inner));
      double maxAbs = CommonOps_DDRM.elementMaxAbs(next);
      if (maxAbs == 0 || !Double.isFinite(maxAbs)) {
        break;
      }
      exponents[t + 1] = Math.getExponent(maxAbs);
      for (int i = 0; i < next.data.length; i++) {
        next.data[i] = Math.scalb(next.data[i], -exponents[t + 1]);
      }
      underflow[t] = UpwardArithmetic.multiply(size, 0x1p-1074);
      current = next;
      steps = t + 1;
      double candidate =
          scaled.unscaleUpper(
              backSubstitute(
                  VectorNorms.norm2Upper(current.data), steps, exponents, errors, underflow));
      boolean stalled = candidate > best * (1 - relativeTolerance);
      best = Math.min(best, candidate);
      if (stalled || best <= target) {
        break;
      }
    }
    return new Result(best, steps);
  }

  /** Recurses {@code b_t = √(2^{e_{t+1}}(b_{t+1} + η_t) + ε_t)} from {@code t = T − 1} to 0. */
  private static double backSubstitute(
      double lastFrobenius, int steps, int[] exponents, double[] errors, double[] underflow) {
    double b = lastFrobenius;
    for (int t = steps - 1; t >= 0; t--) {
      double scaledBack =
          Math.nextUp(Math.scalb(UpwardArithmetic.add(b, underflow[t]), exponents[t + 1]));
      b = UpwardArithmetic.sqrt(UpwardArithmetic.add(scaledBack, errors[t]));
    }
    return b;
  }
}

package org.lipcert.core.spectral;

import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.numeric.VectorNorms;
import org.lipcert.core.operator.LinearOperator;

/**
 * Turns a candidate vector {@code v} into a rigorous lower bound on {@code ‖A‖₂}.
 *
 * <p>For any {@code v ≠ 0}, {@code ‖A‖₂ ≥ ‖Av‖/‖v‖}. The product is evaluated in floating point,
 * {@code ŷ = fl(Av)}, with {@code |ŷ − Av| ≤ γ_k |A||v|} entrywise for inner products of length
 * {@code k} (Higham 2002, eq. 3.5), hence {@code ‖Av‖ ≥ ‖ŷ‖ − γ_k ‖|A|‖₂ ‖v‖}. This class returns
 * that quantity divided by an upper bound on {@code ‖v‖}, with every step rounded down, so the
 * result never exceeds the true norm, whatever the rounding.
 */
public final class NormWitness {

  private NormWitness() {}

  /**
   * Returns a number {@code ≤ ‖A‖₂}, computed from the evaluated quotient {@code ‖Av‖/‖v‖}.
   *
   * @param operator the operator {@code A}
   * @param v the candidate direction, of length {@code A.inputSize()}; not modified
   * @return a lower bound, 0 if {@code v} is zero or the rounding error swamps {@code ‖Av‖}
   */
  public static double lowerBound(LinearOperator operator, double[] v) {
    double[] y = new double[operator.outputSize()];
    operator.apply(v, y);
    double vNormUpper = VectorNorms.norm2Upper(v);
    if (vNormUpper == 0 || !Double.isFinite(vNormUpper)) {
      return 0;
    }
    int k = operator.termsPerOutput();
    double error =
        UpwardArithmetic.multiply(
            UpwardArithmetic.multiply(RoundingModel.gamma(k), operator.absoluteNormUpperBound()),
            vNormUpper);
    error =
        UpwardArithmetic.add(
            error, RoundingModel.underflowAllowance((long) k * operator.outputSize()));
    double numerator = UpwardArithmetic.subtractDown(VectorNorms.norm2Lower(y), error);
    return numerator <= 0 ? 0 : UpwardArithmetic.divideDown(numerator, vNormUpper);
  }
}

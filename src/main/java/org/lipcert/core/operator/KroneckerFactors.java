package org.lipcert.core.operator;

import java.util.List;

/**
 * An operator that is, up to a permutation of rows and columns and copies over channels, the
 * Kronecker product {@code I_C ⊗ F₁ ⊗ F₂ ⊗ …} of small factors. Since {@code σ_max(A ⊗ B) =
 * σ_max(A)·σ_max(B)} (Horn &amp; Johnson, <i>Topics in Matrix Analysis</i>, Thm 4.2.15) and the
 * identity has norm 1, {@code ‖A‖₂ = Π ‖F_k‖₂}, and a bracket is the product of the factors'
 * brackets.
 */
public interface KroneckerFactors {

  /** Returns the factors, whose spectral norms multiply to the operator's. */
  List<DenseMatrix> kroneckerFactors();

  /**
   * Returns a bound {@code ε} on the relative difference between each factor as stored and the
   * factor of the operator's mathematical definition (for example {@code fl(1/n)} against {@code
   * 1/n}): {@code ‖F_exact‖ ∈ [(1 − ε)‖F‖, (1 + ε)‖F‖]}.
   */
  default double factorRelativeError() {
    return 0;
  }
}

package org.lipcert.core.operator;

/**
 * An operator whose spectral norm has a closed form (a diagonal scaling, a selection of entries, an
 * average over disjoint windows), so that its bracket needs no iteration. Both sides are computed
 * with directed rounding.
 */
public interface ClosedFormNorm {

  /** Returns a number {@code ≤ ‖A‖₂}. */
  double normLowerBound();

  /** Returns a number {@code ≥ ‖A‖₂}. */
  double normUpperBound();

  /** Returns the name of the formula, reported as the bracket's method. */
  String normFormula();
}

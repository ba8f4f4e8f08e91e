package org.lipcert.core.spectral;

/**
 * A certified bracket {@code lower ≤ ‖A‖₂ ≤ upper} on an operator norm, with how it was obtained.
 *
 * @param lower a witness value: {@code ‖Av‖/‖v‖} evaluated for a found {@code v}, minus its
 *     rounding error
 * @param upper a certified upper bound, rounding included
 * @param method the witness and certificate used, e.g. {@code "svd+cholesky"}
 * @param iterations the iterations the witness search took (0 for a direct decomposition)
 * @param converged whether {@code upper/lower − 1} met the requested tolerance
 */
public record SpectralBracket(
    double lower, double upper, String method, int iterations, boolean converged) {

  /**
   * Validates the bracket.
   *
   * @throws IllegalArgumentException if {@code lower > upper} or either side is negative or NaN
   */
  public SpectralBracket {
    if (!(lower >= 0) || !(upper >= lower)) {
      throw new IllegalArgumentException(
          "not a bracket: lower = " + lower + ", upper = " + upper + " (" + method + ")");
    }
  }

  /** Returns the bracket of an operator known exactly, such as a constant layer. */
  public static SpectralBracket exact(double value, String method) {
    return new SpectralBracket(value, value, method, 0, true);
  }

  /**
   * Returns {@code upper / lower}, the factor by which the truth may lie below the certificate
   * ({@code +∞} when the lower bound is 0 but the upper is not, 1 for the zero operator).
   */
  public double gap() {
    if (lower == 0) {
      return upper == 0 ? 1 : Double.POSITIVE_INFINITY;
    }
    return upper / lower;
  }
}

package org.lipcert.core.spectral;

import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.LinearOperator;

/**
 * Chooses how to bracket the spectral norm of an operator, by its type, in the manner of EJML's
 * decomposition factories: callers ask for a bracket and get the best method available.
 *
 * <ul>
 *   <li>{@link DenseMatrix}: {@link DenseSpectralNorm};
 *   <li>any other operator: {@link PowerIteration} with its adjoint for the witness and {@link
 *       LinearOperator#absoluteNormUpperBound()} ({@code ‖A‖₂ ≤ ‖|A|‖₂}) for the certificate.
 * </ul>
 */
public final class OperatorNorms {

  private OperatorNorms() {}

  /**
   * Returns a certified bracket on {@code ‖A‖₂}.
   *
   * @param operator the operator
   * @param options tolerance, iteration cap, seed and method
   * @return the bracket
   */
  public static SpectralBracket bracket(LinearOperator operator, SpectralOptions options) {
    if (operator instanceof DenseMatrix dense) {
      return DenseSpectralNorm.bracket(dense, options);
    }
    double upper = operator.absoluteNormUpperBound();
    if (upper == 0) {
      return SpectralBracket.exact(0, "zero");
    }
    PowerIteration.Result result =
        new PowerIteration(operator)
            .run(
                PowerIteration.randomUnitVector(operator.inputSize(), options.seed()),
                options.tolerance() / 100,
                options.maxIterations());
    double lower = Math.min(upper, NormWitness.lowerBound(operator, result.vector()));
    return new SpectralBracket(
        lower,
        upper,
        "power+absolute",
        result.iterations(),
        upper <= lower * (1 + options.tolerance()));
  }
}

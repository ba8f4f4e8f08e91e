package org.lipcert.core.spectral;

import java.util.Optional;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.ClosedFormNorm;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionTranspose;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.KroneckerFactors;
import org.lipcert.core.operator.LinearOperator;

/**
 * Chooses how to bracket the spectral norm of an operator, by its type and size, in the manner of
 * EJML's decomposition factories: callers ask for a bracket and get the best method available.
 *
 * <ol>
 *   <li>{@link DenseMatrix}: {@link DenseSpectralNorm}.
 *   <li>{@link ClosedFormNorm}: its closed-form two-sided bound.
 *   <li>{@link KroneckerFactors}: the product of the factors' brackets.
 *   <li>Operators whose input and output sizes are both at most {@code materializeMaxDimension},
 *       and convolutions whose smaller side is, if the Gram work stays within {@link
 *       #MAX_WIDE_WORK}: materialised and bracketed like a dense layer (exact up to rounding).
 *   <li>Otherwise: {@link LanczosIteration} with the adjoint for the witness; for the certificate
 *       the smallest of {@link LinearOperator#absoluteNormUpperBound()} ({@code ‖A‖₂ ≤ ‖|A|‖₂})
 *       and, for convolutions and transposed convolutions, {@link SectionBound} (circular along one
 *       axis, exact along the other) or, when that is unaffordable or fails, {@link
 *       CircularEmbeddingBound}.
 * </ol>
 */
public final class OperatorNorms {

  /**
   * Krylov vectors per Lanczos cycle when the search starts at the circular embedding's peak mode:
   * close to the answer, short cycles reach the certificate's precision in fewer products.
   */
  private static final int WARM_SUBSPACE = 12;

  /**
   * The most work, {@code m·n·min(m, n)} multiply-adds (the smaller Gram matrix), for which a
   * convolution with only its smaller side within {@code materializeMaxDimension} is still
   * materialised: a layer that maps a feature map to a few values (or a few values to a feature
   * map) has a small Gram matrix, and its circular embedding is at its loosest.
   */
  static final double MAX_WIDE_WORK = 2.5e9;

  private OperatorNorms() {}

  /**
   * Whether to materialise the operator: both sides within {@code materializeMaxDimension}, or, for
   * a (transposed) convolution, its smaller side within it and the Gram work within {@link
   * #MAX_WIDE_WORK}.
   */
  private static boolean materializable(LinearOperator operator, SpectralOptions options) {
    long in = operator.inputSize();
    long out = operator.outputSize();
    int limit = options.materializeMaxDimension();
    if (Math.max(in, out) <= limit) {
      return true;
    }
    return (operator instanceof Convolution || operator instanceof ConvolutionTranspose)
        && Math.min(in, out) <= limit
        && (double) in * out * Math.min(in, out) <= MAX_WIDE_WORK;
  }

  /**
   * Multiplies the factors' brackets: {@code ‖A‖ = Π‖F_k‖} for {@code A ≅ I ⊗ F₁ ⊗ F₂ ⊗ …}, each
   * side widened by the factors' stated relative error.
   */
  private static SpectralBracket kroneckerBracket(
      KroneckerFactors kronecker, SpectralOptions options) {
    double lower = 1;
    double upper = 1;
    int iterations = 0;
    double epsilon = kronecker.factorRelativeError();
    for (DenseMatrix factor : kronecker.kroneckerFactors()) {
      SpectralBracket bracket = DenseSpectralNorm.bracket(factor, options);
      lower = UpwardArithmetic.multiplyDown(lower, bracket.lower());
      lower = UpwardArithmetic.multiplyDown(lower, 1 - epsilon);
      upper = UpwardArithmetic.multiply(upper, bracket.upper());
      upper = UpwardArithmetic.multiply(upper, 1 + epsilon);
      iterations += bracket.iterations();
    }
    lower = Math.max(0, Math.min(lower, upper));
    return new SpectralBracket(
        lower, upper, "kronecker", iterations, upper <= lower * (1 + options.tolerance()));
  }

  /**
   * A certified upper bound, the name of its certificate, and a start vector for the witness search
   * ({@code null} for a random one).
   */
  private record Certificate(double upper, String name, double[] start) {}

  /**
   * Returns the certificate of an operator too large to materialise: the smaller of {@code ‖|A|‖₂}
   * and, for a convolution, the circular-embedding bound.
   */
  private static Certificate structuredUpperBound(
      LinearOperator operator, SpectralOptions options) {
    double upper = operator.absoluteNormUpperBound();
    String name = "schur";
    Convolution convolution = null;
    if (operator instanceof Convolution c) {
      convolution = c;
    } else if (operator instanceof ConvolutionTranspose t) {
      convolution = t.adjointConvolution();
    }
    double[] start = null;
    if (convolution != null && upper > 0) {
      CircularEmbeddingBound.SurveyedGrid surveyed =
          CircularEmbeddingBound.survey(convolution, options.deadline());
      Optional<SectionBound.Result> section =
          SectionBound.upperBound(
              convolution, surveyed, options.tolerance(), options.seed(), options.deadline());
      if (section.isPresent() && section.get().upper() < upper) {
        upper = section.get().upper();
        name = "section";
        if (operator == convolution) {
          start = ConvolutionStartVector.of(convolution, section.get(), options.seed());
        }
      } else {
        CircularEmbeddingBound.Result circular =
            CircularEmbeddingBound.certify(surveyed, options.tolerance(), options.deadline());
        if (circular.upper() < upper) {
          upper = circular.upper();
          name = "circular";
        }
        if (operator == convolution) {
          start = ConvolutionStartVector.of(convolution, circular, options.seed());
        }
      }
    }
    return new Certificate(upper, name, start);
  }

  /**
   * Returns a certified upper bound on {@code ‖A‖₂}, the same as {@link #bracket}'s except that an
   * operator too large to materialise skips the witness search: for searches that only need to know
   * whether a bound holds (clip thresholds).
   *
   * @param operator the operator
   * @param options the options
   * @return a number {@code ≥ ‖A‖₂}
   */
  public static double upperBound(LinearOperator operator, SpectralOptions options) {
    if (operator instanceof DenseMatrix
        || operator instanceof ClosedFormNorm
        || operator instanceof KroneckerFactors
        || materializable(operator, options)) {
      return bracket(operator, options).upper();
    }
    return structuredUpperBound(operator, options).upper();
  }

  /**
   * Returns a certified bracket on {@code ‖A‖₂}.
   *
   * @param operator the operator
   * @param options tolerance, iteration cap, seed, methods and materialisation threshold
   * @return the bracket
   */
  public static SpectralBracket bracket(LinearOperator operator, SpectralOptions options) {
    if (operator instanceof DenseMatrix dense) {
      return DenseSpectralNorm.bracket(dense, options);
    }
    if (operator instanceof ClosedFormNorm closedForm) {
      double upper = closedForm.normUpperBound();
      double lower = Math.min(closedForm.normLowerBound(), upper);
      return new SpectralBracket(
          lower, upper, closedForm.normFormula(), 0, upper <= lower * (1 + options.tolerance()));
    }
    if (operator instanceof KroneckerFactors kronecker) {
      return kroneckerBracket(kronecker, options);
    }
    if (materializable(operator, options)) {
      // ‖A‖ and ‖fl(A)‖ differ by at most the materialisation error (triangle inequality)
      SpectralBracket dense = DenseSpectralNorm.bracket(operator.materialize(), options);
      double error = operator.materializationErrorBound();
      double upper = error == 0 ? dense.upper() : UpwardArithmetic.add(dense.upper(), error);
      double lower =
          error == 0
              ? dense.lower()
              : Math.max(0, UpwardArithmetic.subtractDown(dense.lower(), error));
      return new SpectralBracket(
          lower,
          upper,
          "materialized+" + dense.method(),
          dense.iterations(),
          dense.converged() && upper <= lower * (1 + options.tolerance()));
    }
    Certificate certificate = structuredUpperBound(operator, options);
    double upper = certificate.upper();
    if (upper == 0) {
      return SpectralBracket.exact(0, "zero");
    }
    double[] start = certificate.start();
    PowerIteration.Result result =
        new LanczosIteration(
                operator, start == null ? LanczosIteration.DEFAULT_SUBSPACE : WARM_SUBSPACE)
            .run(
                start == null
                    ? PowerIteration.randomUnitVector(operator.inputSize(), options.seed())
                    : start,
                options.tolerance(),
                options.maxIterations(),
                options.deadline(),
                upper);
    double lower = Math.min(upper, NormWitness.lowerBound(operator, result.vector()));
    return new SpectralBracket(
        lower,
        upper,
        "lanczos+" + certificate.name(),
        result.iterations(),
        upper <= lower * (1 + options.tolerance()));
  }
}

package org.lipcert.core.spectral;

import java.util.Optional;
import java.util.OptionalDouble;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Brackets {@code σ_max(W)} of a dense matrix: a witness for the lower side, a certificate for the
 * upper side, each chosen by size and options (DESIGN §1, "Per-layer operator norms").
 *
 * <ul>
 *   <li><b>Witness.</b> For {@code min(m, n) ≤ exactSvdMaxDimension}, the dominant right singular
 *       vector from {@link SvdWitness}; otherwise {@link PowerIteration} on {@code WᵀW} from a
 *       seeded random start. Either way the reported lower bound is {@link NormWitness}: the
 *       evaluated {@code ‖Wv‖/‖v‖} minus its rounding error.
 *   <li><b>Certificate.</b> {@link CholeskyCertificate} at {@code t = σ̂²(1 + δ)}, starting with
 *       {@code δ = max(tolerance, 4·r/t)} so the bracket can meet the tolerance; after a failure
 *       the witness is refined by Lanczos and {@code δ} grows fourfold, up to {@value
 *       #MAX_CHOLESKY_ATTEMPTS} attempts; then {@link GramIteration} under {@link
 *       UpperBoundMethod#AUTO}. The Frobenius norm is always a valid bound and is taken when it is
 *       smaller.
 * </ul>
 *
 * The zero matrix has the exact bracket {@code [0, 0]}.
 */
public final class DenseSpectralNorm {

  /** The number of trial values the Cholesky certificate is attempted at. */
  public static final int MAX_CHOLESKY_ATTEMPTS = 10;

  /** The growth of {@code δ} after a failed Cholesky attempt. */
  private static final double DELTA_GROWTH = 4;

  /** The cap on Gram iteration squarings; 40 halve the error of a doubly repeated σ₁ to 10⁻¹². */
  public static final int MAX_GRAM_STEPS = 40;

  private DenseSpectralNorm() {}

  /**
   * Returns a certified bracket on {@code ‖W‖₂}.
   *
   * @param weights the matrix; not modified
   * @param options tolerance, iteration cap, seed, SVD threshold and certificate method
   * @return {@code lower ≤ ‖W‖₂ ≤ upper} with the method used and whether the tolerance was met
   */
  public static SpectralBracket bracket(DenseMatrix weights, SpectralOptions options) {
    if (weights.maxAbs() == 0) {
      return SpectralBracket.exact(0, "zero");
    }
    Witness witness = findWitness(weights, options);
    double frobenius = weights.frobeniusNormUpperBound();
    double upper = frobenius;
    String certificate = "frobenius";
    UpperBoundMethod method = options.upperBoundMethod();
    if (method == UpperBoundMethod.AUTO || method == UpperBoundMethod.CHOLESKY) {
      Certified certified = cholesky(weights, witness, options);
      witness = certified.witness();
      if (certified.upper().isPresent()) {
        upper = certified.upper().getAsDouble();
        certificate = "cholesky";
      }
    }
    if (method == UpperBoundMethod.GRAM
        || (method == UpperBoundMethod.AUTO && certificate.equals("frobenius"))) {
      upper = gram(weights, witness, options);
      certificate = "gram";
    }
    if (frobenius < upper) {
      upper = frobenius;
      certificate = "frobenius";
    }
    double lower = Math.min(witness.lower(), upper);
    boolean converged = upper <= lower * (1 + options.tolerance());
    return new SpectralBracket(
        lower, upper, witness.method() + "+" + certificate, witness.iterations(), converged);
  }

  private static Witness findWitness(DenseMatrix weights, SpectralOptions options) {
    int smaller = Math.min(weights.rows(), weights.cols());
    if (smaller <= options.exactSvdMaxDimension()) {
      Optional<SvdWitness.Result> svd = SvdWitness.of(weights);
      if (svd.isPresent()) {
        double[] vector = svd.get().vector();
        return new Witness(
            "svd", svd.get().estimate(), NormWitness.lowerBound(weights, vector), vector, 0);
      }
    }
    PowerIteration.Result result =
        new LanczosIteration(weights, LanczosIteration.DEFAULT_SUBSPACE)
            .run(
                PowerIteration.randomUnitVector(weights.cols(), options.seed()),
                options.tolerance(),
                options.maxIterations(),
                options.deadline());
    return new Witness(
        "lanczos",
        result.estimate(),
        NormWitness.lowerBound(weights, result.vector()),
        result.vector(),
        result.iterations());
  }

  private static Certified cholesky(DenseMatrix weights, Witness witness, SpectralOptions options) {
    CholeskyCertificate certificate = new CholeskyCertificate(weights);
    double estimate = witness.best();
    double delta = Math.max(options.tolerance(), 4 * certificate.relativeAllowance(estimate));
    for (int attempt = 0; attempt < MAX_CHOLESKY_ATTEMPTS; attempt++) {
      OptionalDouble upper = certificate.tryCertify(estimate * Math.sqrt(1 + delta));
      if (upper.isPresent()) {
        return new Certified(upper, witness);
      }
      witness = refine(weights, witness, options);
      estimate = Math.max(estimate, witness.best());
      delta *= DELTA_GROWTH;
    }
    return new Certified(OptionalDouble.empty(), witness);
  }

  /**
   * Continues Lanczos from the witness's vector with a tolerance ten thousand times finer: a failed
   * certificate at {@code σ̂²(1 + δ)} is strong evidence that {@code σ̂} is still low.
   */
  private static Witness refine(DenseMatrix weights, Witness witness, SpectralOptions options) {
    PowerIteration.Result result =
        new LanczosIteration(weights, LanczosIteration.DEFAULT_SUBSPACE)
            .run(
                witness.vector(),
                options.tolerance() / 1e4,
                options.maxIterations(),
                options.deadline());
    double lower = NormWitness.lowerBound(weights, result.vector());
    String method =
        witness.method().startsWith("lanczos") ? "lanczos" : witness.method() + "+lanczos";
    int iterations = witness.iterations() + result.iterations();
    double estimate = Math.max(witness.estimate(), result.estimate());
    if (lower <= witness.lower()) {
      return new Witness(method, estimate, witness.lower(), witness.vector(), iterations);
    }
    return new Witness(method, estimate, lower, result.vector(), iterations);
  }

  private static double gram(DenseMatrix weights, Witness witness, SpectralOptions options) {
    double target = witness.lower() * (1 + options.tolerance());
    return GramIteration.upperBound(weights, target, options.tolerance() / 10, MAX_GRAM_STEPS)
        .upper();
  }

  /** A candidate direction with its plain estimate and its certified lower bound. */
  private record Witness(
      String method, double estimate, double lower, double[] vector, int iterations) {
    double best() {
      return Math.max(estimate, lower);
    }
  }

  /** The outcome of the Cholesky attempts and the witness they ended with. */
  private record Certified(OptionalDouble upper, Witness witness) {}
}

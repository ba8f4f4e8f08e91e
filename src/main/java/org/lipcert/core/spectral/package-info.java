/**
 * Two-sided bounds on the spectral norm {@code ‖A‖₂ = σ_max(A)} of a linear operator.
 *
 * <p>A {@link org.lipcert.core.spectral.SpectralBracket} is {@code lower ≤ ‖A‖₂ ≤ upper}. The two
 * sides come from different kinds of evidence (DESIGN §1):
 *
 * <ul>
 *   <li><b>lower</b> is a witness: a vector {@code v} found by {@link
 *       org.lipcert.core.spectral.PowerIteration} or {@link org.lipcert.core.spectral.SvdWitness},
 *       for which {@code ‖Av‖/‖v‖} is evaluated and reduced by its rounding error ({@link
 *       org.lipcert.core.spectral.NormWitness});
 *   <li><b>upper</b> is a proof: {@link org.lipcert.core.spectral.CholeskyCertificate} (Rump 2006),
 *       {@link org.lipcert.core.spectral.GramIteration} (Delattre et al. 2023) or the Frobenius
 *       norm, each with its floating-point error added; for convolutions, {@link
 *       org.lipcert.core.spectral.CircularEmbeddingBound} (circular along both axes) and {@link
 *       org.lipcert.core.spectral.SectionBound} (circular along one, certified exactly along the
 *       other by {@link org.lipcert.core.spectral.BandCholeskyCertificate}). An iterative method
 *       that approaches {@code σ_max} from below never produces an upper bound on its own.
 * </ul>
 *
 * <p>{@link org.lipcert.core.spectral.DenseSpectralNorm} chooses among them for dense matrices,
 * {@link org.lipcert.core.spectral.OperatorNorms} for every operator. Depends on {@code
 * org.lipcert.core.operator}, {@code org.lipcert.core.numeric} and EJML.
 */
package org.lipcert.core.spectral;

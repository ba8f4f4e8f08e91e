package org.lipcert.core.certify;

import org.lipcert.core.bound.WitnessSearch;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.spectral.SpectralOptions;
import org.lipcert.core.spectral.UpperBoundMethod;

/**
 * Everything that determines a certificate's numbers besides the model; reported with it so the
 * certificate can be reproduced (DESIGN §1.4).
 *
 * @param norm the norm of the Lipschitz constant
 * @param tolerance the requested relative width of each layer's bracket
 * @param maxIterations the cap on power iterations per layer
 * @param seed the seed of every random choice (power-iteration starts, witness points)
 * @param exactSvdMaxDimension layers with {@code min(m, n)} up to this size use a full SVD witness
 * @param upperBoundMethod how dense layers are certified
 * @param witnessSamples the number of random points the network witness search tries
 * @param maxLipschitz the gate threshold {@code K}, or {@code null} for no gate
 * @param materializeMaxDimension structured layers with both sides at most this are materialised
 *     for an exact bracket; 0 turns it off
 * @param bound which network bounds are computed
 * @param timeBudgetMillis the wall-clock budget of the certification in milliseconds, 0 for none:
 *     when it runs out, layers not yet converged are reported unconverged and the network bounds
 *     not yet computed are skipped; every upper bound reported stays certified, but results then
 *     depend on the machine's speed
 */
public record CertificationOptions(
    Norm norm,
    double tolerance,
    int maxIterations,
    long seed,
    int exactSvdMaxDimension,
    UpperBoundMethod upperBoundMethod,
    int witnessSamples,
    Double maxLipschitz,
    int materializeMaxDimension,
    BoundMethod bound,
    long timeBudgetMillis) {

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if a value is out of range; the message names the option
   */
  public CertificationOptions {
    if (norm == null) {
      throw new IllegalArgumentException("norm must be given");
    }
    if (!(tolerance > 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance must lie in (0, 1), got " + tolerance);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be positive, got " + maxIterations);
    }
    if (exactSvdMaxDimension < 0) {
      throw new IllegalArgumentException(
          "exactSvdMaxDimension must not be negative, got " + exactSvdMaxDimension);
    }
    if (upperBoundMethod == null) {
      throw new IllegalArgumentException("upperBoundMethod must be given");
    }
    if (witnessSamples < 1) {
      throw new IllegalArgumentException("witnessSamples must be positive, got " + witnessSamples);
    }
    if (maxLipschitz != null && !(maxLipschitz >= 0 && maxLipschitz < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(
          "maxLipschitz must be a finite non-negative number, got " + maxLipschitz);
    }
    if (materializeMaxDimension < 0) {
      throw new IllegalArgumentException(
          "materializeMaxDimension must not be negative, got " + materializeMaxDimension);
    }
    if (bound == null) {
      throw new IllegalArgumentException("bound must be given");
    }
    if (timeBudgetMillis < 0) {
      throw new IllegalArgumentException(
          "timeBudgetMillis must not be negative, got " + timeBudgetMillis);
    }
    if (bound == BoundMethod.SDP && norm != Norm.L2) {
      throw new IllegalArgumentException(
          "bound sdp (LipSDP-Neuron) bounds the ℓ2 constant only; use auto, naive, merged or cp"
              + " with norm "
              + norm.id());
    }
  }

  /**
   * Creates options without a time budget.
   *
   * @param norm the norm
   * @param tolerance the bracket tolerance
   * @param maxIterations the power-iteration cap
   * @param seed the seed
   * @param exactSvdMaxDimension the SVD witness threshold
   * @param upperBoundMethod the dense certificate
   * @param witnessSamples the witness-search points
   * @param maxLipschitz the gate threshold or {@code null}
   * @param materializeMaxDimension the materialisation threshold
   * @param bound the network bounds
   */
  public CertificationOptions(
      Norm norm,
      double tolerance,
      int maxIterations,
      long seed,
      int exactSvdMaxDimension,
      UpperBoundMethod upperBoundMethod,
      int witnessSamples,
      Double maxLipschitz,
      int materializeMaxDimension,
      BoundMethod bound) {
    this(
        norm,
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        witnessSamples,
        maxLipschitz,
        materializeMaxDimension,
        bound,
        0);
  }

  /**
   * Creates options that compute every network bound.
   *
   * @param norm the norm
   * @param tolerance the bracket tolerance
   * @param maxIterations the power-iteration cap
   * @param seed the seed
   * @param exactSvdMaxDimension the SVD witness threshold
   * @param upperBoundMethod the dense certificate
   * @param witnessSamples the witness-search points
   * @param maxLipschitz the gate threshold or {@code null}
   * @param materializeMaxDimension the materialisation threshold
   */
  public CertificationOptions(
      Norm norm,
      double tolerance,
      int maxIterations,
      long seed,
      int exactSvdMaxDimension,
      UpperBoundMethod upperBoundMethod,
      int witnessSamples,
      Double maxLipschitz,
      int materializeMaxDimension) {
    this(
        norm,
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        witnessSamples,
        maxLipschitz,
        materializeMaxDimension,
        BoundMethod.AUTO);
  }

  /**
   * Creates options with the default materialisation threshold.
   *
   * @param norm the norm
   * @param tolerance the bracket tolerance
   * @param maxIterations the power-iteration cap
   * @param seed the seed
   * @param exactSvdMaxDimension the SVD witness threshold
   * @param upperBoundMethod the dense certificate
   * @param witnessSamples the witness-search points
   * @param maxLipschitz the gate threshold or {@code null}
   */
  public CertificationOptions(
      Norm norm,
      double tolerance,
      int maxIterations,
      long seed,
      int exactSvdMaxDimension,
      UpperBoundMethod upperBoundMethod,
      int witnessSamples,
      Double maxLipschitz) {
    this(
        norm,
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        witnessSamples,
        maxLipschitz,
        SpectralOptions.DEFAULT_MATERIALIZE_MAX_DIMENSION);
  }

  /**
   * Returns the defaults: ℓ2, tolerance 10⁻⁶, 2000 iterations, seed 0, SVD to 256, auto, 24 witness
   * samples, no gate, materialisation to 1024, every network bound.
   */
  public static CertificationOptions defaults() {
    return new CertificationOptions(
        Norm.L2,
        SpectralOptions.DEFAULT_TOLERANCE,
        SpectralOptions.DEFAULT_MAX_ITERATIONS,
        0L,
        SpectralOptions.DEFAULT_EXACT_SVD_MAX_DIMENSION,
        UpperBoundMethod.AUTO,
        WitnessSearch.Options.DEFAULT_SAMPLES,
        null,
        SpectralOptions.DEFAULT_MATERIALIZE_MAX_DIMENSION,
        BoundMethod.AUTO);
  }

  /** Returns a copy with a gate threshold {@code K}. */
  public CertificationOptions withMaxLipschitz(Double value) {
    return new CertificationOptions(
        norm,
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        witnessSamples,
        value,
        materializeMaxDimension,
        bound,
        timeBudgetMillis);
  }

  /** Returns a copy with another seed. */
  public CertificationOptions withSeed(long value) {
    return new CertificationOptions(
        norm,
        tolerance,
        maxIterations,
        value,
        exactSvdMaxDimension,
        upperBoundMethod,
        witnessSamples,
        maxLipschitz,
        materializeMaxDimension,
        bound,
        timeBudgetMillis);
  }

  /** Returns a copy with another materialisation threshold (0 turns it off). */
  public CertificationOptions withMaterializeMaxDimension(int value) {
    return new CertificationOptions(
        norm,
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        witnessSamples,
        maxLipschitz,
        value,
        bound,
        timeBudgetMillis);
  }

  /** Returns a copy that computes other network bounds. */
  public CertificationOptions withBound(BoundMethod value) {
    return new CertificationOptions(
        norm,
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        witnessSamples,
        maxLipschitz,
        materializeMaxDimension,
        value,
        timeBudgetMillis);
  }

  /** Returns a copy with a time budget in milliseconds (0 for none). */
  public CertificationOptions withTimeBudgetMillis(long value) {
    return new CertificationOptions(
        norm,
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        witnessSamples,
        maxLipschitz,
        materializeMaxDimension,
        bound,
        value);
  }

  /** Returns the per-layer spectral options these options imply. */
  public SpectralOptions spectralOptions() {
    return new SpectralOptions(
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        materializeMaxDimension);
  }

  /** Returns the witness-search options these options imply. */
  public WitnessSearch.Options witnessOptions() {
    return new WitnessSearch.Options(
        seed,
        witnessSamples,
        WitnessSearch.Options.DEFAULT_JACOBIAN_ITERATIONS,
        WitnessSearch.Options.DEFAULT_RELATIVE_STEP,
        WitnessSearch.Options.DEFAULT_ASCENT_ITERATIONS);
  }
}

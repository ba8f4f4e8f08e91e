package org.lipcert.core.spectral;

import org.lipcert.core.numeric.Deadline;

/**
 * Settings for bracketing the spectral norm of one layer.
 *
 * @param tolerance the requested relative width: the bracket is {@code converged} when {@code
 *     upper/lower − 1 ≤ tolerance}
 * @param maxIterations the cap on power iterations for the witness
 * @param seed the seed of the power iteration's random start vector
 * @param exactSvdMaxDimension layers with {@code min(m, n)} up to this size get their witness from
 *     a full singular value decomposition instead of power iteration
 * @param upperBoundMethod how the upper side is certified
 * @param materializeMaxDimension structured operators (convolutions, pooling) whose input and
 *     output sizes are both at most this are materialised as a matrix and bracketed like a dense
 *     layer; 0 turns materialisation off
 * @param deadline when iterations must stop early (a time budget or a cancellation); the bracket is
 *     then reported unconverged, its upper bound still certified
 */
public record SpectralOptions(
    double tolerance,
    int maxIterations,
    long seed,
    int exactSvdMaxDimension,
    UpperBoundMethod upperBoundMethod,
    int materializeMaxDimension,
    Deadline deadline) {

  /** The default requested relative bracket width, {@code 10⁻⁶}. */
  public static final double DEFAULT_TOLERANCE = 1e-6;

  /** The default cap on power iterations. */
  public static final int DEFAULT_MAX_ITERATIONS = 2000;

  /** The default largest {@code min(m, n)} decomposed by a full SVD. */
  public static final int DEFAULT_EXACT_SVD_MAX_DIMENSION = 256;

  /** The default largest operator side that is materialised for an exact bracket. */
  public static final int DEFAULT_MATERIALIZE_MAX_DIMENSION = 1024;

  /**
   * Validates the options.
   *
   * @throws IllegalArgumentException if a value is out of range
   */
  public SpectralOptions {
    if (!(tolerance > 0 && tolerance < 1)) {
      throw new IllegalArgumentException("tolerance must lie in (0, 1): " + tolerance);
    }
    if (maxIterations < 1) {
      throw new IllegalArgumentException("maxIterations must be positive: " + maxIterations);
    }
    if (exactSvdMaxDimension < 0) {
      throw new IllegalArgumentException(
          "exactSvdMaxDimension must be non-negative: " + exactSvdMaxDimension);
    }
    if (upperBoundMethod == null) {
      throw new IllegalArgumentException("upperBoundMethod must be given");
    }
    if (materializeMaxDimension < 0) {
      throw new IllegalArgumentException(
          "materializeMaxDimension must be non-negative: " + materializeMaxDimension);
    }
    if (deadline == null) {
      throw new IllegalArgumentException("deadline must be given (Deadline.NONE for none)");
    }
  }

  /**
   * Creates options without a deadline.
   *
   * @param tolerance the requested relative width
   * @param maxIterations the iteration cap
   * @param seed the seed
   * @param exactSvdMaxDimension the SVD witness threshold
   * @param upperBoundMethod the dense certificate
   * @param materializeMaxDimension the materialisation threshold
   */
  public SpectralOptions(
      double tolerance,
      int maxIterations,
      long seed,
      int exactSvdMaxDimension,
      UpperBoundMethod upperBoundMethod,
      int materializeMaxDimension) {
    this(
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        materializeMaxDimension,
        Deadline.NONE);
  }

  /**
   * Returns the defaults: tolerance {@code 10⁻⁶}, 2000 iterations, seed 0, SVD up to 256, auto,
   * materialisation up to 1024.
   */
  public static SpectralOptions defaults() {
    return new SpectralOptions(
        DEFAULT_TOLERANCE,
        DEFAULT_MAX_ITERATIONS,
        0L,
        DEFAULT_EXACT_SVD_MAX_DIMENSION,
        UpperBoundMethod.AUTO,
        DEFAULT_MATERIALIZE_MAX_DIMENSION);
  }

  /** Returns a copy with another tolerance. */
  public SpectralOptions withTolerance(double value) {
    return new SpectralOptions(
        value,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        materializeMaxDimension,
        deadline);
  }

  /** Returns a copy with another iteration cap. */
  public SpectralOptions withMaxIterations(int value) {
    return new SpectralOptions(
        tolerance,
        value,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        materializeMaxDimension,
        deadline);
  }

  /** Returns a copy with another seed. */
  public SpectralOptions withSeed(long value) {
    return new SpectralOptions(
        tolerance,
        maxIterations,
        value,
        exactSvdMaxDimension,
        upperBoundMethod,
        materializeMaxDimension,
        deadline);
  }

  /** Returns a copy with another SVD size threshold (0 disables the SVD witness). */
  public SpectralOptions withExactSvdMaxDimension(int value) {
    return new SpectralOptions(
        tolerance, maxIterations, seed, value, upperBoundMethod, materializeMaxDimension, deadline);
  }

  /** Returns a copy with another materialisation threshold (0 turns it off). */
  public SpectralOptions withMaterializeMaxDimension(int value) {
    return new SpectralOptions(
        tolerance, maxIterations, seed, exactSvdMaxDimension, upperBoundMethod, value, deadline);
  }

  /** Returns a copy with another upper-bound method. */
  public SpectralOptions withUpperBoundMethod(UpperBoundMethod value) {
    return new SpectralOptions(
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        value,
        materializeMaxDimension,
        deadline);
  }

  /** Returns a copy with a deadline. */
  public SpectralOptions withDeadline(Deadline value) {
    return new SpectralOptions(
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        upperBoundMethod,
        materializeMaxDimension,
        value);
  }
}

package org.lipcert.core.bound;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.numeric.VectorNorms;

/**
 * Searches for a pair of inputs with a large difference quotient, giving a certified lower bound on
 * the network's Lipschitz constant (DESIGN §1.5).
 *
 * <p>For each of {@code samples} seeded points {@code x} drawn uniformly from {@code [−1, 1]ⁿ}, a
 * few steps of power iteration on {@code J_f(x)ᵀJ_f(x)} (with {@link Graph#jvp} and {@link
 * Graph#vjp}) find the locally most stretched direction {@code v}; then the difference quotient
 * between {@code x} and {@code x + h·v}, {@code h = relativeStep·max(1, ‖x‖)}, is evaluated and
 * certified by {@link DifferenceQuotient}. The Jacobian only steers the search; the reported number
 * is the evaluated quotient, never {@code ‖J‖}, which can exceed the true constant at a kink. The
 * best quotient is returned with everything needed to replay it.
 */
public final class WitnessSearch {

  /**
   * Search settings.
   *
   * @param seed the seed of the point and direction generator
   * @param samples the number of random points
   * @param jacobianIterations power-iteration steps on {@code JᵀJ} at each point
   * @param relativeStep the step {@code h} relative to {@code max(1, ‖x‖)}
   */
  public record Options(long seed, int samples, int jacobianIterations, double relativeStep) {

    /** Default number of random points. */
    public static final int DEFAULT_SAMPLES = 32;

    /** Default power-iteration steps per point. */
    public static final int DEFAULT_JACOBIAN_ITERATIONS = 20;

    /**
     * Default relative step: small enough to stay on one linear piece of most ReLU networks, large
     * enough that rounding costs only about {@code 10⁻⁹} of the quotient.
     */
    public static final double DEFAULT_RELATIVE_STEP = 1e-5;

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public Options {
      if (samples < 1 || jacobianIterations < 0 || !(relativeStep > 0 && relativeStep <= 1)) {
        throw new IllegalArgumentException("invalid witness search options");
      }
    }

    /** Returns the defaults with the given seed. */
    public static Options withSeed(long seed) {
      return new Options(seed, DEFAULT_SAMPLES, DEFAULT_JACOBIAN_ITERATIONS, DEFAULT_RELATIVE_STEP);
    }
  }

  /**
   * The best witness found.
   *
   * @param lowerBound the certified lower bound on {@code Lip(f)}
   * @param quotient the plain evaluated quotient at the same pair
   * @param seed the search seed
   * @param sample the index of the winning random point (0-based, in generation order)
   * @param step the step {@code h}
   * @param pointSha256 SHA-256 of the point {@code x} as big-endian IEEE 754 doubles, to check a
   *     replay
   */
  public record Witness(
      double lowerBound, double quotient, long seed, int sample, double step, String pointSha256) {}

  private WitnessSearch() {}

  /**
   * Runs the search.
   *
   * @param graph the network
   * @param options the seed, number of points, iterations and step
   * @return the best certified witness
   */
  public static Witness search(Graph graph, Options options) {
    int n = graph.inputShape().size();
    Random random = new Random(options.seed());
    Witness best = null;
    for (int sample = 0; sample < options.samples(); sample++) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = 2 * random.nextDouble() - 1;
      }
      double[] v = new double[n];
      for (int i = 0; i < n; i++) {
        v[i] = random.nextGaussian();
      }
      v = steepestDirection(graph, x, v, options.jacobianIterations());
      double step = options.relativeStep() * Math.max(1, VectorNorms.norm2(x));
      DifferenceQuotient.Result result = DifferenceQuotient.evaluate(graph, x, v, step);
      if (best == null || result.lowerBound() > best.lowerBound()) {
        best =
            new Witness(
                result.lowerBound(), result.quotient(), options.seed(), sample, step, sha256(x));
      }
    }
    return best;
  }

  /** Runs power iteration on {@code J(x)ᵀJ(x)} from {@code v}; returns a unit vector. */
  private static double[] steepestDirection(Graph graph, double[] x, double[] v, int iterations) {
    double[] direction = normalized(v);
    double[][] values = graph.evaluate(x);
    for (int t = 0; t < iterations; t++) {
      double[] image = graph.jvp(values, direction);
      double[] back = graph.vjp(values, image);
      if (VectorNorms.norm2(back) == 0) {
        break;
      }
      direction = normalized(back);
    }
    return direction;
  }

  private static double[] normalized(double[] v) {
    double norm = VectorNorms.norm2(v);
    double[] u = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = norm == 0 ? (i == 0 ? 1 : 0) : v[i] / norm;
    }
    return u;
  }

  private static String sha256(double[] x) {
    ByteBuffer buffer = ByteBuffer.allocate(8 * x.length);
    for (double value : x) {
      buffer.putDouble(value);
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buffer.array()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}

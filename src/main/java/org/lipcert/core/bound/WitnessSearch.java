package org.lipcert.core.bound;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.numeric.VectorNorms;

/**
 * Searches for a pair of inputs with a large difference quotient, giving a certified lower bound on
 * the network's Lipschitz constant (DESIGN §1.5).
 *
 * <ol>
 *   <li><b>Sampling.</b> For each of at least {@code samples} seeded points {@code x} (more for
 *       cheap networks, within a fixed work budget) drawn uniformly from {@code s·[−1, 1]ⁿ}, the
 *       scale {@code s} cycling through {@code 1, 1/2, …, 1/32}, a few steps of power iteration on
 *       {@code J_f(x)ᵀJ_f(x)} (with {@link Graph#jvp} and {@link Graph#vjp}) find the locally most
 *       stretched direction {@code v}, and the quotient between {@code x} and {@code x + h·v},
 *       {@code h = relativeStep·max(1, ‖x‖)}, is evaluated.
 *   <li><b>Ascent.</b> From the best {@value #ASCENT_STARTS} pairs, gradient ascent on the quotient
 *       {@code q(x, y) = ‖f(x) − f(y)‖²/‖x − y‖²} itself: its gradient needs only vector-Jacobian
 *       products, {@code ∇ₓq = 2(J(x)ᵀd·s − ‖d‖²(x − y))/s²} with {@code d = f(x) − f(y)}, {@code s
 *       = ‖x − y‖²}, and it stays informative for piecewise-linear networks, whose Jacobian is
 *       locally constant. Steps are normalised, with a trust radius that grows on success and
 *       shrinks on failure; every accepted pair is a valid witness.
 *   <li><b>Certification.</b> The best pairs' quotients are evaluated by {@link DifferenceQuotient}
 *       with a rigorous bound on their rounding error, propagated with the certified layer
 *       constants when they are given; when that bound swamps the output difference (deep networks,
 *       close points) the pair is widened along its direction by powers of ten, up to the scale of
 *       {@code x}.
 * </ol>
 *
 * The Jacobian only steers the search; the reported number is an evaluated quotient, never {@code
 * ‖J‖}, which can exceed the true constant at a kink. Everything is seeded and counted in
 * iterations, not time, so the witness is reproducible.
 */
public final class WitnessSearch {

  /**
   * The number of input scales sampled: point {@code k} is drawn from {@code 2^{−(k mod
   * SCALES)}·[−1, 1]ⁿ}. Networks with small biases stretch most near the origin, where many units
   * are in their steep regime; measured on the shared models, scale 1/8 found stretches three times
   * larger than scale 1.
   */
  static final int SCALES = 6;

  /** The number of best sampled pairs refined by ascent. */
  static final int ASCENT_STARTS = 4;

  /**
   * The multiply-adds the sampling may spend beyond its configured minimum of points: cheap
   * networks get more points, always the same number for the same network (a work budget, not a
   * time budget, keeps the witness reproducible). This and the two budgets below are for {@link
   * Options#DEFAULT_SAMPLES} points and scale with the configured number: {@code samples} sets the
   * effort of the whole search.
   */
  static final double SAMPLING_WORK = 1.5e9;

  /** The multiply-adds of the hill climbing, shared by the refined pairs. */
  static final double CLIMBING_WORK = 6e8;

  /** The multiply-adds of the gradient ascent, shared by the refined pairs. */
  static final double ASCENT_WORK = 4e8;

  /** The cap on sampled points. */
  static final int MAX_SAMPLES = 4096;

  /** The least and the most climbing and ascent steps per refined pair. */
  static final int MIN_REFINEMENT_STEPS = 4;

  /** The most climbing and ascent steps per refined pair. */
  static final int MAX_REFINEMENT_STEPS = 1000;

  /**
   * Search settings.
   *
   * @param seed the seed of the point and direction generator
   * @param samples the number of random points
   * @param jacobianIterations power-iteration steps on {@code JᵀJ} at each point
   * @param relativeStep the initial step {@code h} relative to {@code max(1, ‖x‖)}
   * @param ascentIterations gradient-ascent steps per refined pair
   */
  public record Options(
      long seed, int samples, int jacobianIterations, double relativeStep, int ascentIterations) {

    /** Default least number of random points. */
    public static final int DEFAULT_SAMPLES = 24;

    /** Default power-iteration steps per point. */
    public static final int DEFAULT_JACOBIAN_ITERATIONS = 5;

    /**
     * Default relative step: small enough to stay on one linear piece of most ReLU networks, large
     * enough that rounding costs only about {@code 10⁻⁹} of the quotient.
     */
    public static final double DEFAULT_RELATIVE_STEP = 1e-5;

    /** Default ascent steps per refined pair (a least number; cheap networks get more). */
    public static final int DEFAULT_ASCENT_ITERATIONS = 10;

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    public Options {
      if (samples < 1
          || jacobianIterations < 0
          || ascentIterations < 0
          || !(relativeStep > 0 && relativeStep <= 1)) {
        throw new IllegalArgumentException("invalid witness search options");
      }
    }

    /** Returns the defaults with the given seed. */
    public static Options withSeed(long seed) {
      return new Options(
          seed,
          DEFAULT_SAMPLES,
          DEFAULT_JACOBIAN_ITERATIONS,
          DEFAULT_RELATIVE_STEP,
          DEFAULT_ASCENT_ITERATIONS);
    }
  }

  /**
   * The best witness found.
   *
   * @param lowerBound the certified lower bound on {@code Lip(f)}
   * @param quotient the plain evaluated quotient at the same pair
   * @param seed the search seed
   * @param sample the index of the random point the winning pair started from (0-based)
   * @param step the final distance {@code ‖y − x‖} of the pair
   * @param pointSha256 SHA-256 of the point {@code x} as big-endian IEEE 754 doubles, to check a
   *     replay
   */
  public record Witness(
      double lowerBound, double quotient, long seed, int sample, double step, String pointSha256) {}

  private WitnessSearch() {}

  /**
   * Runs the search, bounding rounding errors with the operations' own constants.
   *
   * @param graph the network
   * @param options the seed, number of points, iterations and step
   * @return the best certified witness
   */
  public static Witness search(Graph graph, Options options) {
    double[] none = new double[graph.nodes().size()];
    Arrays.fill(none, Double.NaN);
    return search(graph, options, none);
  }

  /**
   * Runs the search in the given norm: this class's for ℓ2, {@link InducedNormWitnessSearch} for ℓ1
   * and ℓ∞ (whose rounding errors are propagated with the operations' own ℓ2 constants).
   *
   * @param graph the network
   * @param options the seed, number of points, iterations and step
   * @param constants per node, a certified ℓ2 constant or NaN; used for ℓ2 only
   * @param norm the norm on both sides
   * @return the best certified witness
   */
  public static Witness search(Graph graph, Options options, double[] constants, Norm norm) {
    return search(graph, options, constants, norm, Deadline.NONE);
  }

  /**
   * Runs the search in the given norm until its work budget is spent or the deadline expires; an
   * expired search returns the best pair found so far, certified as usual.
   *
   * @param graph the network
   * @param options the seed, number of points, iterations and step
   * @param constants per node, a certified ℓ2 constant or NaN; used for ℓ2 only
   * @param norm the norm on both sides
   * @param deadline when to stop early
   * @return the best certified witness
   */
  public static Witness search(
      Graph graph, Options options, double[] constants, Norm norm, Deadline deadline) {
    return norm == Norm.L2
        ? search(graph, options, constants, deadline)
        : InducedNormWitnessSearch.search(graph, options, norm, deadline);
  }

  /**
   * Runs the search.
   *
   * @param graph the network
   * @param options the seed, number of points, iterations and step
   * @param constants per node, a certified Lipschitz constant (the layers' bracket upper bounds) or
   *     NaN, used to propagate rounding errors in the certification of the quotient
   * @return the best certified witness
   */
  public static Witness search(Graph graph, Options options, double[] constants) {
    return search(graph, options, constants, Deadline.NONE);
  }

  private static Witness search(
      Graph graph, Options options, double[] constants, Deadline deadline) {
    int n = graph.inputShape().size();
    Random random = new Random(options.seed());
    List<Pair> pairs = new ArrayList<>();
    double cost = Math.max(1, graph.forwardCost());
    // the work budgets are for the default effort; more or fewer samples scale them alike
    double effort = options.samples() / (double) Options.DEFAULT_SAMPLES;
    int samples =
        (int)
            Math.max(
                options.samples(),
                Math.min(
                    MAX_SAMPLES,
                    effort * SAMPLING_WORK / (cost * (2 * options.jacobianIterations() + 3))));
    int proposals =
        options.ascentIterations() == 0
            ? 0
            : (int)
                Math.max(
                    MIN_REFINEMENT_STEPS,
                    Math.min(
                        MAX_REFINEMENT_STEPS,
                        effort
                            * CLIMBING_WORK
                            / (cost * ASCENT_STARTS * (2 * CLIMB_POWER_STEPS + 1))));
    int ascentIterations =
        options.ascentIterations() == 0
            ? 0
            : (int)
                Math.max(
                    Math.min(options.ascentIterations(), MIN_REFINEMENT_STEPS),
                    Math.min(
                        Math.max(options.ascentIterations(), MAX_REFINEMENT_STEPS),
                        effort * ASCENT_WORK / (cost * ASCENT_STARTS * 4)));
    // the random points are drawn in sample order from the one generator, a batch at a time, and
    // each batch is searched in parallel: each sample's search is deterministic, so the pairs do
    // not depend on the threads; the deadline is checked between batches (sample 0 always runs)
    for (int first = 0; first < samples && !(first > 0 && deadline.expired()); ) {
      int count = Math.min(SAMPLE_BATCH, samples - first);
      double[][] starts = new double[count][];
      double[][] directions = new double[count][];
      for (int k = 0; k < count; k++) {
        double scale = Math.scalb(1.0, -((first + k) % SCALES));
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = scale * (2 * random.nextDouble() - 1);
        }
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
          v[i] = random.nextGaussian();
        }
        starts[k] = x;
        directions[k] = v;
      }
      int base = first;
      Pair[] batch = new Pair[count];
      IntStream.range(0, count)
          .parallel()
          .forEach(
              k -> {
                double[] x = starts[k];
                double[] v =
                    steepestDirection(graph, x, directions[k], options.jacobianIterations());
                double step = options.relativeStep() * Math.max(1, VectorNorms.norm2(x));
                double[] y = new double[n];
                for (int i = 0; i < n; i++) {
                  y[i] = x[i] + step * v[i];
                }
                batch[k] = new Pair(base + k, x, y, quotient(graph, x, y));
              });
      pairs.addAll(List.of(batch));
      first += count;
    }
    pairs.sort(Comparator.comparingDouble((Pair p) -> -p.quotient).thenComparingInt(p -> p.sample));
    List<Pair> refined = new ArrayList<>(pairs);
    for (int k = 0; k < Math.min(ASCENT_STARTS, pairs.size()); k++) {
      Pair climbed = climb(graph, pairs.get(k), proposals, options, random, deadline);
      refined.add(climbed);
      refined.add(
          ascend(graph, certifiable(graph, climbed, constants), ascentIterations, deadline));
    }
    Witness best = null;
    refined.sort(
        Comparator.comparingDouble((Pair p) -> -p.quotient).thenComparingInt(p -> p.sample));
    for (int k = 0; k < Math.min(ASCENT_STARTS, refined.size()); k++) {
      Pair pair = refined.get(k);
      double[] direction = new double[n];
      for (int i = 0; i < n; i++) {
        direction[i] = pair.y[i] - pair.x[i];
      }
      // the rounding-error bound of a deep network can swamp the difference of two close
      // outputs; widening the pair along its direction by powers of two (up to the scale of x)
      // trades a little of the quotient for a much smaller relative error, keeping the best
      double widest = Math.max(1, VectorNorms.norm2(pair.x)) / VectorNorms.norm2(direction);
      for (double factor = 1; factor <= Math.max(1, widest); factor *= 2) {
        DifferenceQuotient.Result result =
            DifferenceQuotient.evaluate(graph, pair.x, direction, factor, constants);
        if (best == null || result.lowerBound() > best.lowerBound()) {
          best =
              new Witness(
                  result.lowerBound(),
                  result.quotient(),
                  options.seed(),
                  pair.sample,
                  factor * VectorNorms.norm2(direction),
                  sha256(pair.x));
        }
        if (result.lowerBound() >= 0.999 * result.quotient()
            || (best != null && result.lowerBound() < 0.5 * best.lowerBound())) {
          break;
        }
      }
    }
    return best;
  }

  /** Random points drawn and searched together, in parallel, between checks of the deadline. */
  private static final int SAMPLE_BATCH = 8;

  /** A pair of inputs and its plain quotient. */
  private record Pair(int sample, double[] x, double[] y, double quotient) {}

  /** Returns {@code ‖f(x) − f(y)‖/‖x − y‖} in plain floating point. */
  private static double quotient(Graph graph, double[] x, double[] y) {
    double[][] fx = graph.evaluate(x);
    double[][] fy = graph.evaluate(y);
    double[] d = difference(fx[fx.length - 1], fy[fy.length - 1]);
    double s = VectorNorms.norm2(difference(x, y));
    return s == 0 ? 0 : VectorNorms.norm2(d) / s;
  }

  /**
   * Random hill climbing on the local stretch {@code ‖J(x)‖}: Gaussian proposals around the current
   * point, with a radius that grows after a success and shrinks after a failure, each scored by a
   * few power-iteration steps warm-started from the current direction. For piecewise-linear
   * networks, whose Jacobian is constant on regions, this moves between regions where gradient
   * ascent cannot. Returns the best pair {@code (x, x + h·v)} found.
   */
  private static Pair climb(
      Graph graph, Pair start, int proposals, Options options, Random random, Deadline deadline) {
    int n = start.x.length;
    double[] x = start.x.clone();
    double[] v = normalized(difference(start.y, start.x));
    double best = start.quotient;
    double radius = 0.1 * Math.max(1, VectorNorms.norm2(x)) / Math.sqrt(n);
    for (int t = 0; t < proposals && !deadline.expired(); t++) {
      double[] candidate = new double[n];
      for (int i = 0; i < n; i++) {
        candidate[i] = x[i] + radius * random.nextGaussian();
      }
      double[][] values = graph.evaluate(candidate);
      double[] direction = v;
      double stretch = 0;
      for (int k = 0; k < CLIMB_POWER_STEPS; k++) {
        double[] image = graph.jvp(values, direction);
        stretch = VectorNorms.norm2(image);
        double[] back = graph.vjp(values, image);
        if (VectorNorms.norm2(back) == 0) {
          break;
        }
        direction = normalized(back);
      }
      if (stretch > best) {
        best = stretch;
        x = candidate;
        v = direction;
        radius *= 1.5;
      } else {
        radius *= 0.8;
      }
    }
    double step = options.relativeStep() * Math.max(1, VectorNorms.norm2(x));
    double[] y = new double[n];
    for (int i = 0; i < n; i++) {
      y[i] = x[i] + step * v[i];
    }
    return new Pair(start.sample, x, y, quotient(graph, x, y));
  }

  /** Power-iteration steps used to score a hill-climbing proposal (warm-started). */
  private static final int CLIMB_POWER_STEPS = 2;

  /** Gradient ascent on the quotient from a pair, with a trust radius on the normalised step. */
  private static Pair ascend(Graph graph, Pair start, int iterations, Deadline deadline) {
    double[] x = start.x.clone();
    double[] y = start.y.clone();
    double[][] valuesX = graph.evaluate(x);
    double[][] valuesY = graph.evaluate(y);
    double best = start.quotient;
    double radius = VectorNorms.norm2(difference(x, y));
    // never closer than the start: a start widened for certification stays certifiable
    double floor = Math.max(1e-9 * Math.max(1, VectorNorms.norm2(x)), 0.5 * radius);
    for (int t = 0; t < iterations && radius > floor && !deadline.expired(); t++) {
      double[] d = difference(valuesX[valuesX.length - 1], valuesY[valuesY.length - 1]);
      double[] delta = difference(x, y);
      double s = dot(delta, delta);
      double dd = dot(d, d);
      if (s == 0 || dd == 0) {
        break;
      }
      double[] jx = graph.vjp(valuesX, d);
      double[] jy = graph.vjp(valuesY, d);
      double[] gx = new double[x.length];
      double[] gy = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        gx[i] = 2 * (jx[i] * s - dd * delta[i]) / (s * s);
        gy[i] = 2 * (-jy[i] * s + dd * delta[i]) / (s * s);
      }
      double norm = Math.sqrt(dot(gx, gx) + dot(gy, gy));
      if (!(norm > 0) || !Double.isFinite(norm)) {
        break;
      }
      double[] x2 = new double[x.length];
      double[] y2 = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        x2[i] = x[i] + radius * gx[i] / norm;
        y2[i] = y[i] + radius * gy[i] / norm;
      }
      double[][] valuesX2 = graph.evaluate(x2);
      double[][] valuesY2 = graph.evaluate(y2);
      double separation = VectorNorms.norm2(difference(x2, y2));
      double q =
          separation < floor
              ? 0
              : VectorNorms.norm2(
                      difference(valuesX2[valuesX2.length - 1], valuesY2[valuesY2.length - 1]))
                  / separation;
      if (q > best) {
        x = x2;
        y = y2;
        valuesX = valuesX2;
        valuesY = valuesY2;
        best = q;
        radius *= 1.5;
      } else {
        radius *= 0.5;
      }
    }
    return new Pair(start.sample, x, y, best);
  }

  /**
   * Returns the pair widened along its direction so that the certified rounding error of the two
   * evaluations is below a share {@value #CERTIFIABLE_ERROR} of the output difference: the
   * separation is at least {@code 2e/(CERTIFIABLE_ERROR·q)}, {@code e} the error bound at {@code x}
   * and {@code q} the quotient. In deep networks the worst-case error bound can exceed the
   * difference of outputs a tiny step apart; ascent then optimises the quotient at a scale where it
   * can be certified.
   */
  private static Pair certifiable(Graph graph, Pair pair, double[] constants) {
    double separation = VectorNorms.norm2(difference(pair.y, pair.x));
    if (!(pair.quotient > 0) || separation == 0) {
      return pair;
    }
    double error = graph.evaluateWithErrorBound(pair.x, constants).errorBound();
    double needed = 2 * error / (CERTIFIABLE_ERROR * pair.quotient);
    double limit = Math.max(1, VectorNorms.norm2(pair.x));
    if (needed <= separation || !(needed < limit)) {
      return pair;
    }
    double[] y = new double[pair.x.length];
    double factor = needed / separation;
    for (int i = 0; i < y.length; i++) {
      y[i] = pair.x[i] + factor * (pair.y[i] - pair.x[i]);
    }
    return new Pair(pair.sample, pair.x, y, quotient(graph, pair.x, y));
  }

  /** The relative share of the quotient its certified rounding error may take. */
  private static final double CERTIFIABLE_ERROR = 0.02;

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

  private static double[] difference(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[] normalized(double[] v) {
    double norm = VectorNorms.norm2(v);
    double[] u = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = norm == 0 ? (i == 0 ? 1 : 0) : v[i] / norm;
    }
    return u;
  }

  static String sha256(double[] x) {
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

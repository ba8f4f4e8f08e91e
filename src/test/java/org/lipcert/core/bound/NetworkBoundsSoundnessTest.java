package org.lipcert.core.bound;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.certify.NetworkCertificate;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.RandomNetworks;

/**
 * Soundness of every network bound the {@link Certifier} reports ({@code naive}, {@code merged},
 * {@code cp}, {@code sdp}; DESIGN §1.1: an upper bound is a proof), on seeded random small networks
 * ({@link SoundnessNetworks}: MLPs and CNNs with ReLU, LeakyReLU α ∈ {0.01, 0.5, −0.3, 2}, Sigmoid,
 * Tanh, GELU, SiLU, ELU, HardSwish, Softplus, PRelu, batch normalisation, pooling, residual sums).
 * Network {@code k} of a test is generated from {@code new Random(BASE_SEED + k)} alone, so a
 * failure message's seed reproduces it.
 *
 * <p><b>Oracles.</b> (1) {@link QuotientSearch}: the best plain difference quotient of an
 * independent search (dense random pairs at five scales and five separations, exact local
 * directions from the SVD of the materialised Jacobian, gradient ascent on the quotient) — a lower
 * bound on {@code Lip(f)} up to rounding of order {@code 10⁻¹⁰} relative (see there). (2) For
 * one-input piecewise-linear networks, the exact constant of {@link ExactLipschitz1D}.
 *
 * <p><b>Tolerance.</b> A bound {@code B} passes against a quotient {@code q} when {@code B·(1 +
 * 10⁻⁹) ≥ q}; against the exact constant, when {@code B·(1 + 10⁻⁹) ≥ L} (compared in {@link
 * BigDecimal}). {@code lowerBound ≤ upperBound} is checked without tolerance.
 */
class NetworkBoundsSoundnessTest {

  /** Relative slack granted to the comparison of a bound with the oracle's quotient. */
  static final double SLACK = 1e-9;

  private static final List<String> METHODS = List.of("naive", "merged", "cp", "sdp");

  /**
   * Returns {@code base} times the system property {@code lipcert.soundness.scale} (default 1), so
   * that a deeper sweep can be run on demand with the same seeds: network {@code k} is the same
   * whatever the count.
   */
  private static int count(int base) {
    return (int)
        Math.round(base * Double.parseDouble(System.getProperty("lipcert.soundness.scale", "1")));
  }

  private static final Certifier CERTIFIER = new Certifier(Runnable::run);

  static Certificate certify(Graph graph) {
    return CERTIFIER.certify(
        new LoadedModel("lipcert/v1", "random", "0".repeat(64), graph),
        CertificationOptions.defaults());
  }

  /** Per-method statistics over a test's networks. */
  private static final class Statistics {
    final Map<String, Integer> improved = new LinkedHashMap<>();
    final Map<String, Double> tightest = new LinkedHashMap<>();
    final Map<String, Long> tightestSeed = new LinkedHashMap<>();
    final Map<String, Double> loosest = new LinkedHashMap<>();
    final Map<String, Integer> won = new LinkedHashMap<>();
    int networks;
    int phaseRandom;
    int phaseJacobian;
    int phaseAscent;
    int oracleAboveWitness;
    double worstWitnessRatio = Double.POSITIVE_INFINITY;
    long worstWitnessSeed = -1;

    void add(long seed, NetworkCertificate network, QuotientSearch.Pair oracle) {
      networks++;
      double naive = network.naiveUpperBound();
      for (var bound : network.bounds()) {
        String m = bound.method();
        if (bound.value() < naive) {
          improved.merge(m, 1, Integer::sum);
        } else {
          improved.putIfAbsent(m, 0);
        }
        if (oracle.quotient() > 0) {
          double ratio = bound.value() / oracle.quotient();
          if (ratio < tightest.getOrDefault(m, Double.POSITIVE_INFINITY)) {
            tightest.put(m, ratio);
            tightestSeed.put(m, seed);
          }
          loosest.merge(m, ratio, Math::max);
        }
      }
      won.merge(network.upperBoundMethod(), 1, Integer::sum);
      switch (oracle.phase()) {
        case "random" -> phaseRandom++;
        case "jacobian" -> phaseJacobian++;
        default -> phaseAscent++;
      }
      if (oracle.quotient() > network.lowerBound()) {
        oracleAboveWitness++;
      }
      if (oracle.quotient() > 0 && network.lowerBound() / oracle.quotient() < worstWitnessRatio) {
        worstWitnessRatio = network.lowerBound() / oracle.quotient();
        worstWitnessSeed = seed;
      }
    }

    void print(String title, long millis) {
      System.out.printf("%s: %d networks in %.1f s%n", title, networks, millis / 1000.0);
      for (String m : METHODS) {
        System.out.printf(
            "  %-6s improved on naive in %4d/%d; bound/oracle − 1: min %.3g (seed %d), max %.4g%n",
            m,
            improved.getOrDefault(m, 0),
            networks,
            tightest.getOrDefault(m, Double.NaN) - 1,
            tightestSeed.getOrDefault(m, -1L),
            loosest.getOrDefault(m, Double.NaN) - 1);
      }
      System.out.printf(
          "  reported (smallest) bound by method: %s; oracle best from random %d, jacobian %d,"
              + " ascent %d; oracle above the product's witness in %d, smallest witness/oracle"
              + " %.4f (seed %d)%n",
          won,
          phaseRandom,
          phaseJacobian,
          phaseAscent,
          oracleAboveWitness,
          worstWitnessRatio,
          worstWitnessSeed);
    }
  }

  /**
   * Returns the product's rigorous lower bound for the oracle's pair ({@link DifferenceQuotient}),
   * to tell a real violation from the oracle's rounding in a failure message.
   */
  private static double certifiedQuotient(Graph graph, QuotientSearch.Pair pair) {
    double[] direction = new double[pair.x().length];
    for (int i = 0; i < direction.length; i++) {
      direction[i] = pair.y()[i] - pair.x()[i];
    }
    return DifferenceQuotient.evaluate(graph, pair.x(), direction, 1).lowerBound();
  }

  /**
   * Certifies {@code count} networks from {@code generator}, network {@code k} from {@code new
   * Random(baseSeed + k)}, and checks every bound against the oracle; collects every violation
   * (with its seed, network and pair) instead of stopping at the first.
   */
  private static List<String> run(
      String title,
      long baseSeed,
      int count,
      Function<Random, SoundnessNetworks.Network> generator) {
    long start = System.currentTimeMillis();
    Statistics statistics = new Statistics();
    List<String> failures = new ArrayList<>();
    for (int k = 0; k < count; k++) {
      long seed = baseSeed + k;
      SoundnessNetworks.Network network = generator.apply(new Random(seed));
      String where = "seed " + seed + " (" + network.description() + ")";
      Certificate certificate;
      try {
        certificate = certify(network.graph());
      } catch (RuntimeException e) {
        failures.add(where + ": certify threw " + e);
        continue;
      }
      NetworkCertificate result = certificate.network();
      QuotientSearch.Pair oracle = QuotientSearch.search(network.graph(), seed);
      statistics.add(seed, result, oracle);
      List<String> methods = result.bounds().stream().map(b -> b.method()).toList();
      if (!methods.equals(METHODS)) {
        failures.add(where + ": bounds " + methods + ", expected " + METHODS);
      }
      for (var bound : result.bounds()) {
        if (!(bound.value() * (1 + SLACK) >= oracle.quotient())) {
          failures.add(
              String.format(
                  "%s: UNSOUND %s bound %s < quotient %s (phase %s; certified by"
                      + " DifferenceQuotient: %s) at x = %s, y = %s",
                  where,
                  bound.method(),
                  bound.value(),
                  oracle.quotient(),
                  oracle.phase(),
                  certifiedQuotient(network.graph(), oracle),
                  Arrays.toString(oracle.x()),
                  Arrays.toString(oracle.y())));
        }
      }
      double smallest =
          result.bounds().stream().mapToDouble(b -> b.value()).min().orElse(Double.NaN);
      if (!(result.lowerBound() <= result.upperBound())) {
        failures.add(where + ": lowerBound " + result.lowerBound() + " > " + result.upperBound());
      }
      if (result.upperBound() != smallest
          || result.naiveUpperBound() != result.bounds().get(0).value()) {
        failures.add(where + ": upperBound is not the smallest bound, or naive is not first");
      }
    }
    statistics.print(title, System.currentTimeMillis() - start);
    return failures;
  }

  /**
   * 130 random MLPs (input 1–6, widths ≤ 12, up to 5 dense layers, residual blocks, input and
   * output scalings): every bound {@code ≥} the oracle's best quotient (slack {@code 10⁻⁹}
   * relative), {@code lowerBound ≤ upperBound}, and {@code upperBound} the smallest bound.
   */
  @Test
  void everyBoundOfRandomMlpsIsAtLeastTheBestQuotient() {
    List<String> failures = run("MLPs", 5_100_000L, count(200), SoundnessNetworks::randomMlp);
    assertThat(failures).as("violations on random MLPs").isEmpty();
  }

  /**
   * 90 random CNNs ({@code C×H×W ≤ 3×6×6}, 3×3 convolutions with padding and stride, batch
   * normalisation, max and average pooling, residual blocks, flatten, dense): same checks.
   */
  @Test
  void everyBoundOfRandomCnnsIsAtLeastTheBestQuotient() {
    List<String> failures = run("CNNs", 5_200_000L, count(120), SoundnessNetworks::randomCnn);
    assertThat(failures).as("violations on random CNNs").isEmpty();
  }

  /**
   * 200 one-input, one-output networks (depth 1–3, widths ≤ 8) with ReLU or LeakyReLU (α ∈ {0.01,
   * 0.2, 0.5, 1}; a LeakyReLU with α ≥ 0 keeps CP applicable): every bound {@code B} satisfies
   * {@code (B(1 + 10⁻⁹))² ≥ Lip(f)²}, the exact constant of {@link ExactLipschitz1D} (exact
   * comparison in {@link BigDecimal}).
   */
  @Test
  void everyBoundOfOneInputReluNetworksIsAtLeastTheExactConstant() {
    long start = System.currentTimeMillis();
    List<Activation> palette =
        List.of(
            Activation.of(ActivationKind.RELU),
            Activation.leakyRelu(0.01),
            Activation.leakyRelu(0.2),
            Activation.leakyRelu(0.5),
            Activation.leakyRelu(1));
    List<String> failures = new ArrayList<>();
    Map<String, Double> tightest = new LinkedHashMap<>();
    Map<String, Integer> exactHits = new LinkedHashMap<>();
    int count = count(200);
    for (int k = 0; k < count; k++) {
      long seed = 5_300_000L + k;
      Random random = new Random(seed);
      List<Activation> choice =
          random.nextBoolean()
              ? List.of(palette.get(0))
              : List.of(palette.get(random.nextInt(palette.size())));
      Graph g = RandomNetworks.randomMlp(random, 1, 1, 8, 3, choice);
      BigDecimal exactSquared = ExactLipschitz1D.squared(g);
      double exact = Math.sqrt(exactSquared.doubleValue());
      NetworkCertificate result = certify(g).network();
      for (var bound : result.bounds()) {
        BigDecimal b = new BigDecimal(bound.value() * (1 + SLACK));
        if (b.multiply(b).compareTo(exactSquared) < 0) {
          failures.add(
              String.format(
                  "seed %d (%s, %d nodes): UNSOUND %s bound %s < exact %s",
                  seed, choice.get(0), g.nodes().size(), bound.method(), bound.value(), exact));
        }
        if (exact > 0) {
          tightest.merge(bound.method(), bound.value() / exact, Math::min);
          if (bound.value() <= exact * (1 + 1e-6)) {
            exactHits.merge(bound.method(), 1, Integer::sum);
          }
        }
      }
      if (!(result.lowerBound() <= result.upperBound())) {
        failures.add("seed " + seed + ": lowerBound > upperBound");
      }
    }
    System.out.printf(
        "one-input ReLU/LeakyReLU networks: %d in %.1f s; smallest bound/exact per method %s;"
            + " bounds within 1e-6 of exact %s%n",
        count, (System.currentTimeMillis() - start) / 1000.0, tightest, exactHits);
    assertThat(failures).as("bounds below the exact constant").isEmpty();
  }
}

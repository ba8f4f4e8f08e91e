package org.lipcert.core.bound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.RandomNetworks;
import org.lipcert.core.numeric.VectorNorms;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.spectral.DenseSpectralNorm;
import org.lipcert.core.spectral.SpectralOptions;

/**
 * Tests of {@link WitnessSearch} (DESIGN §1.5). Oracles: the exact constants of the two DESIGN
 * networks (0 and 1); the exact Lipschitz constant of one-input piecewise-linear networks ({@link
 * ExactLipschitz1D}); the certified compositional upper bound. Tolerance: none — a lower bound must
 * never exceed the truth or a certified upper bound; comparisons with exact constants are exact.
 */
class WitnessSearchTest {

  private static final WitnessSearch.Options DEFAULTS = WitnessSearch.Options.withSeed(7);

  @Test
  void identicallyZeroFunctionHasLowerBoundExactlyZero() {
    Graph zero = DesignNetworks.identicallyZero();
    for (long seed = 0; seed < 10; seed++) {
      WitnessSearch.Witness w = WitnessSearch.search(zero, WitnessSearch.Options.withSeed(seed));
      assertThat(w.lowerBound()).as("x − ReLU(x) + ReLU(−x), seed %d: lower", seed).isZero();
      assertThat(w.quotient()).as("seed %d: quotient", seed).isZero();
    }
  }

  @Test
  void absoluteValueHasLowerBoundBetween0999And1() {
    Graph abs = DesignNetworks.absoluteValue();
    for (long seed = 0; seed < 10; seed++) {
      WitnessSearch.Witness w = WitnessSearch.search(abs, WitnessSearch.Options.withSeed(seed));
      assertThat(w.lowerBound())
          .as("ReLU(x) + ReLU(−x) = |x|, seed %d: 0.999 ≤ lower ≤ 1", seed)
          .isBetween(0.999, 1.0);
    }
    assertThat(ExactLipschitz1D.squared(abs)).as("oracle: Lip(|x|)² = 1").isEqualByComparingTo("1");
    assertThat(ExactLipschitz1D.squared(DesignNetworks.identicallyZero()))
        .as("oracle: Lip(0)² = 0")
        .isEqualByComparingTo("0");
  }

  private static double compositionalUpperBound(Graph g) {
    double[] constants = new double[g.nodes().size()];
    for (Node node : g.nodes()) {
      if (node.operation() instanceof AffineLayer layer) {
        constants[node.index()] =
            DenseSpectralNorm.bracket((DenseMatrix) layer.operator(), SpectralOptions.defaults())
                .upper();
      } else if (node.operation() instanceof ElementwiseActivation a) {
        constants[node.index()] = a.activation().lipschitzConstant();
      }
    }
    return CompositionalBound.upperBound(g, constants);
  }

  /**
   * 240 seeded random MLPs (inputs and outputs 1–8, widths ≤ 8, depth ≤ 4, activations ReLU,
   * LeakyReLU, tanh, sigmoid, GELU, SiLU): {@code lower ≤ compositional upper}.
   */
  @Test
  void lowerBoundNeverExceedsTheCompositionalUpperBound() {
    Random random = new Random(121);
    List<Activation> palette =
        List.of(
            Activation.of(ActivationKind.RELU),
            Activation.leakyRelu(0.1),
            Activation.of(ActivationKind.TANH),
            Activation.of(ActivationKind.SIGMOID),
            Activation.of(ActivationKind.GELU),
            Activation.of(ActivationKind.SILU));
    int positive = 0;
    int networks = 240;
    double worstRatio = 0;
    for (int k = 0; k < networks; k++) {
      Graph g =
          RandomNetworks.randomMlp(
              random, 1 + random.nextInt(8), 1 + random.nextInt(8), 8, 4, palette);
      double upper = compositionalUpperBound(g);
      WitnessSearch.Witness w = WitnessSearch.search(g, WitnessSearch.Options.withSeed(k));
      assertThat(w.lowerBound())
          .as("network #%d: 0 ≤ lower ≤ upper = %s (%s)", k, upper, w)
          .isBetween(0.0, upper);
      if (w.lowerBound() > 0) {
        positive++;
        worstRatio = Math.max(worstRatio, upper / w.lowerBound());
      }
    }
    System.out.printf(
        "WitnessSearch: %d/%d random MLPs with a positive witness; largest upper/lower = %.3g%n",
        positive, networks, worstRatio);
    assertThat(positive).as("most networks get a positive witness").isGreaterThan(networks / 2);
  }

  /**
   * 200 seeded one-input, one-output networks (depth 1–3, widths ≤ 8; ReLU, and LeakyReLU α = 0.1,
   * −0.5): {@code lower² ≤ Lip(f)²} with the exact constant of {@link ExactLipschitz1D}.
   */
  @Test
  void oneInputNetworksNeverExceedTheirExactConstant() {
    Random random = new Random(122);
    List<Activation> relu = List.of(Activation.of(ActivationKind.RELU));
    List<Activation> leaky =
        List.of(
            Activation.of(ActivationKind.RELU),
            Activation.leakyRelu(0.1),
            Activation.leakyRelu(-0.5));
    int tight = 0;
    for (int k = 0; k < 200; k++) {
      Graph g = RandomNetworks.randomMlp(random, 1, 1, 8, 3, k % 2 == 0 ? relu : leaky);
      BigDecimal exact2 = ExactLipschitz1D.squared(g);
      WitnessSearch.Witness w = WitnessSearch.search(g, WitnessSearch.Options.withSeed(k));
      BigDecimal lower = new BigDecimal(w.lowerBound());
      assertThat(lower.multiply(lower).compareTo(exact2))
          .as(
              "network #%d: lower %s ≤ exact Lip = %s",
              k, w.lowerBound(), Math.sqrt(exact2.doubleValue()))
          .isLessThanOrEqualTo(0);
      if (w.lowerBound() >= 0.99 * Math.sqrt(exact2.doubleValue())) {
        tight++;
      }
    }
    System.out.printf(
        "WitnessSearch: %d/200 one-input networks within 1%% of the exact constant%n", tight);
  }

  /**
   * Validates {@link ExactLipschitz1D} itself: its constant is ≥ every difference quotient of
   * {@link Graph#evaluate} on a grid of 2·10⁴ points on [−10, 10] (up to 10⁻⁹ relative for the
   * rounding of the quotients) and ≤ the compositional upper bound.
   */
  @Test
  void exactOneInputOracleIsConsistent() {
    Random random = new Random(123);
    for (int k = 0; k < 30; k++) {
      Graph g =
          RandomNetworks.randomMlp(random, 1, 1, 8, 3, List.of(Activation.of(ActivationKind.RELU)));
      double exact = Math.sqrt(ExactLipschitz1D.squared(g).doubleValue());
      double max = 0;
      double previous = g.evaluate(new double[] {-10})[g.nodes().size() - 1][0];
      for (int i = 1; i <= 20_000; i++) {
        double x = -10 + i * 1e-3;
        double y = g.evaluate(new double[] {x})[g.nodes().size() - 1][0];
        max = Math.max(max, Math.abs(y - previous) / 1e-3);
        previous = y;
      }
      assertThat(exact)
          .as("network #%d: exact ≥ grid quotients", k)
          .isGreaterThanOrEqualTo(max * (1 - 1e-9));
      assertThat(exact)
          .as("network #%d: exact ≤ compositional", k)
          .isLessThanOrEqualTo(compositionalUpperBound(g));
    }
  }

  @Test
  void sameSeedReproducesTheWitnessAndItsPoint() throws Exception {
    Random random = new Random(124);
    Graph g =
        RandomNetworks.randomMlp(
            random,
            5,
            3,
            8,
            3,
            List.of(Activation.of(ActivationKind.RELU), Activation.of(ActivationKind.TANH)));
    WitnessSearch.Witness first = WitnessSearch.search(g, DEFAULTS);
    WitnessSearch.Witness again = WitnessSearch.search(g, DEFAULTS);
    assertThat(again).as("same seed ⇒ same witness").isEqualTo(first);
    assertThat(first.step()).as("step > 0").isPositive();
    assertThat(first.seed()).as("seed reported").isEqualTo(7);
    assertThat(first.sample()).as("sample index").isNotNegative();
    assertThat(first.pointSha256()).as("SHA-256 in hex").matches("[0-9a-f]{64}");

    // without ascent the witness is a sampled point: replay the documented generator, per sample
    // n uniform coordinates (scaled by 2^-(sample mod SCALES)) then n Gaussian ones
    first =
        WitnessSearch.search(
            g,
            new WitnessSearch.Options(
                7,
                WitnessSearch.Options.DEFAULT_SAMPLES,
                WitnessSearch.Options.DEFAULT_JACOBIAN_ITERATIONS,
                WitnessSearch.Options.DEFAULT_RELATIVE_STEP,
                0));
    Random replay = new Random(7);
    double[] x = null;
    for (int s = 0; s <= first.sample(); s++) {
      x = new double[5];
      double scale = Math.scalb(1.0, -(s % WitnessSearch.SCALES));
      for (int i = 0; i < 5; i++) {
        x[i] = scale * (2 * replay.nextDouble() - 1);
      }
      for (int i = 0; i < 5; i++) {
        replay.nextGaussian();
      }
    }
    ByteBuffer buffer = ByteBuffer.allocate(8 * x.length);
    for (double value : x) {
      buffer.putDouble(value);
    }
    String sha =
        HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(buffer.array()));
    assertThat(sha).as("pointSha256 identifies the replayed point").isEqualTo(first.pointSha256());
    assertThat(first.step())
        .as("step = relativeStep·max(1, ‖x‖), up to the rounding of y − x")
        .isCloseTo(
            WitnessSearch.Options.DEFAULT_RELATIVE_STEP * Math.max(1, VectorNorms.norm2(x)),
            org.assertj.core.api.Assertions.withinPercentage(1e-6));

    WitnessSearch.Witness other = WitnessSearch.search(g, WitnessSearch.Options.withSeed(8));
    assertThat(other.pointSha256())
        .as("another seed, another point")
        .isNotEqualTo(first.pointSha256());
  }

  @Test
  void optionsAreValidated() {
    assertThatThrownBy(() -> new WitnessSearch.Options(1, 0, 20, 1e-5, 10))
        .as("no samples")
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new WitnessSearch.Options(1, 4, -1, 1e-5, 10))
        .as("negative iterations")
        .isInstanceOf(IllegalArgumentException.class);
    for (double step : new double[] {0, -1e-5, 2, Double.NaN}) {
      assertThatThrownBy(() -> new WitnessSearch.Options(1, 4, 20, step, 10))
          .as("relative step %s", step)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}

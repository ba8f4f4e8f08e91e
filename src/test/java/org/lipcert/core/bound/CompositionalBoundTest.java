package org.lipcert.core.bound;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.GraphInput;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.RandomNetworks;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.graph.Sum;

/**
 * Tests of {@link CompositionalBound}. <b>Oracle:</b> the same recursion (input 1, unary node
 * {@code c·L(u)}, sum {@code Σ L(u_i)}) in exact {@link BigDecimal} arithmetic. <b>Tolerance:</b>
 * none below (the result is rounded up, so it must be {@code ≥} the exact value); above, at most
 * {@code 4u} relative per node ({@code u = 2⁻⁵³}: each upward operation moves at most 2 ulps).
 * Constants given for the input and for sums are NaN in every test, to show they are ignored.
 */
class CompositionalBoundTest {

  private static final double U = 0x1p-53;

  private static BigDecimal exact(Graph graph, double[] constants) {
    List<Node> nodes = graph.nodes();
    BigDecimal[] bound = new BigDecimal[nodes.size()];
    for (Node node : nodes) {
      int i = node.index();
      if (node.operation() instanceof GraphInput) {
        bound[i] = BigDecimal.ONE;
      } else if (node.operation() instanceof Sum) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int input : node.inputs()) {
          sum = sum.add(bound[input]);
        }
        bound[i] = sum;
      } else {
        bound[i] = new BigDecimal(constants[i]).multiply(bound[node.input(0)]);
      }
    }
    return bound[nodes.size() - 1];
  }

  /**
   * Returns random constants for the affine layers (what the certifier's brackets would supply) and
   * each other unary operation's own closed-form constant; NaN for the input and sums.
   */
  private static double[] constantsWithNaNs(Graph graph, Random random) {
    double[] constants = new double[graph.nodes().size()];
    for (Node node : graph.nodes()) {
      boolean ignored = node.operation() instanceof GraphInput || node.operation() instanceof Sum;
      constants[node.index()] =
          ignored
              ? Double.NaN
              : node.operation() instanceof AffineLayer
                  ? Math.exp(random.nextGaussian())
                  : node.operation().lipschitzConstant();
    }
    return constants;
  }

  private static void assertRoundedUpAndTight(Graph graph, double[] constants, String what) {
    double bound = CompositionalBound.upperBound(graph, constants);
    BigDecimal exact = exact(graph, constants);
    assertThat(new BigDecimal(bound).compareTo(exact))
        .as("%s: bound %s ≥ exact %s", what, bound, exact)
        .isGreaterThanOrEqualTo(0);
    BigDecimal ceiling =
        exact.multiply(BigDecimal.ONE.add(new BigDecimal(4 * U * graph.nodes().size())));
    assertThat(new BigDecimal(bound).compareTo(ceiling))
        .as("%s: bound %s ≤ exact·(1 + 4u·nodes)", what, bound)
        .isLessThanOrEqualTo(0);
  }

  @Test
  void chainGivesTheProductOfItsConstants() {
    Random random = new Random(101);
    for (int k = 0; k < 200; k++) {
      int depth = 1 + random.nextInt(6);
      int[] widths = new int[depth + 2];
      for (int i = 0; i < widths.length; i++) {
        widths[i] = 1 + random.nextInt(4);
      }
      Graph g = RandomNetworks.mlp(random, widths, List.of(Activation.of(ActivationKind.TANH)));
      double[] constants = constantsWithNaNs(g, random);
      assertRoundedUpAndTight(g, constants, "chain #" + k);
    }
    Graph g =
        RandomNetworks.mlp(
            random, new int[] {2, 3, 1}, List.of(Activation.of(ActivationKind.RELU)));
    assertThat(CompositionalBound.upperBound(g, new double[] {Double.NaN, 2, 1, 3}))
        .as("fc1 (2) → relu (1) → fc2 (3): 6 (rounded up)")
        .isBetween(6.0, 6 * (1 + 8 * U));
  }

  @Test
  void sumsAddTheirBranches() {
    Graph zero = DesignNetworks.identicallyZero();
    // x, relu_x, neg_relu_x, neg_x, relu_neg_x, sum: L = 1 + 1·1 + 1·1 = 3
    double[] ones = {Double.NaN, 1, 1, 1, 1, Double.NaN};
    assertThat(CompositionalBound.upperBound(zero, ones))
        .as("x − ReLU(x) + ReLU(−x): 1 + 1 + 1 (a bound, not the true 0)")
        .isBetween(3.0, 3 * (1 + 8 * U));
    Graph abs = DesignNetworks.absoluteValue();
    assertThat(CompositionalBound.upperBound(abs, new double[] {Double.NaN, 1, 1, 1, Double.NaN}))
        .as("ReLU(x) + ReLU(−x): 1 + 1 = 2 ≥ the true 1")
        .isBetween(2.0, 2 * (1 + 8 * U));
  }

  @Test
  void residualGivesOnePlusTheBranch() {
    Random random = new Random(102);
    for (int k = 0; k < 50; k++) {
      int width = 1 + random.nextInt(5);
      GraphBuilder b = new GraphBuilder(Shape.of(width), "x");
      int fc =
          b.add(
              "fc",
              new AffineLayer("dense", RandomNetworks.weights(random, width, width), null, null),
              b.input());
      int act =
          b.add("act", new ElementwiseActivation("gelu", Activation.of(ActivationKind.GELU)), fc);
      b.add("residual", Sum.of("Add", 2), b.input(), act);
      Graph g = b.build();
      double lf = Math.exp(random.nextGaussian());
      double[] constants = {Double.NaN, lf, 1.12891, Double.NaN};
      double bound = CompositionalBound.upperBound(g, constants);
      BigDecimal exact = BigDecimal.ONE.add(new BigDecimal(lf).multiply(new BigDecimal(1.12891)));
      assertThat(new BigDecimal(bound).compareTo(exact))
          .as("x + GELU(Wx): bound %s ≥ 1 + L(f) = %s", bound, exact)
          .isGreaterThanOrEqualTo(0);
      assertThat(bound).as("tight").isLessThanOrEqualTo(exact.doubleValue() * (1 + 8 * U));
    }
  }

  @Test
  void randomDagsAreBoundedByTheExactRecursion() {
    Random random = new Random(103);
    List<Activation> palette =
        List.of(Activation.of(ActivationKind.RELU), Activation.of(ActivationKind.SILU));
    for (int k = 0; k < 300; k++) {
      Graph g =
          RandomNetworks.randomDag(
              random,
              1 + random.nextInt(4),
              2 + random.nextInt(15),
              1 + random.nextInt(3),
              palette);
      assertRoundedUpAndTight(g, constantsWithNaNs(g, random), "DAG #" + k);
    }
  }
}

package org.lipcert.core.bound;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Concat;
import org.lipcert.core.graph.ExactEvaluation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphInput;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.RandomNetworks;
import org.lipcert.core.graph.Sum;
import org.lipcert.core.spectral.OperatorNorms;
import org.lipcert.core.spectral.SpectralOptions;

/**
 * Properties of the network bounds on random graphs that mix the graph operations: residual sums
 * with signed and fractional coefficients, differences, concatenations along every axis, PRelu, max
 * and average pooling, batch normalisation, convolutions, MatMul along an axis, and Softmax or
 * LogSoftmax at the end ({@link RandomNetworks#randomMixed}). Affine layers are bracketed by {@link
 * OperatorNorms} with materialisation off (Kronecker, closed-form, circular-embedding and
 * power-iteration paths). Oracles and tolerances are stated on each test; seeds are fixed.
 */
class MixedGraphPropertyTest {

  private static final double U = 0x1p-53;

  private static final SpectralOptions OPTIONS =
      SpectralOptions.defaults().withMaterializeMaxDimension(0).withMaxIterations(300);

  /** Returns every affine layer's certified upper bracket, by node index (NaN elsewhere). */
  private static double[] layerConstants(Graph graph) {
    double[] constants = new double[graph.nodes().size()];
    for (Node node : graph.nodes()) {
      constants[node.index()] =
          node.operation() instanceof AffineLayer layer
              ? OperatorNorms.bracket(layer.operator(), OPTIONS).upper()
              : Double.NaN;
    }
    return constants;
  }

  private static Graph graph(Random random, int k, boolean softmax) {
    return RandomNetworks.randomMixed(random, 2 + random.nextInt(6), softmax);
  }

  /**
   * DESIGN §1: every certified bound is ≥ the empirical lower bound. On 240 random mixed graphs
   * (half ending in Softmax or LogSoftmax), {@link WitnessSearch}'s certified lower bound (8
   * points, 10 Jacobian iterations) is at most {@link CompositionalBound}'s upper bound; no
   * tolerance.
   */
  @Test
  void witnessNeverExceedsTheCompositionalBound() {
    Random random = new Random(3601);
    int positive = 0;
    double largestGap = 0;
    for (int k = 0; k < 240; k++) {
      Graph g = graph(random, k, k % 2 == 1);
      double upper = CompositionalBound.upperBound(g, layerConstants(g));
      WitnessSearch.Witness witness =
          WitnessSearch.search(g, new WitnessSearch.Options(k, 8, 10, 1e-5, 20));
      assertThat(witness.lowerBound())
          .as(
              "graph #%d (%d nodes, output %s): witness ≤ compositional bound %s",
              k, g.nodes().size(), g.output().operation().opType(), upper)
          .isLessThanOrEqualTo(upper);
      if (witness.lowerBound() > 0) {
        positive++;
        largestGap = Math.max(largestGap, upper / witness.lowerBound());
      }
    }
    System.out.printf(
        "mixed graphs: %d/240 with a positive witness; largest compositional/witness = %.3g%n",
        positive, largestGap);
    assertThat(positive).as("the search finds positive witnesses").isGreaterThan(230);
  }

  /**
   * Oracle: {@link ExactEvaluation} of the piecewise-linear mixed graphs in {@link BigDecimal}
   * (exact but for average pooling's divisions, taken to 60 digits; slack {@code 10⁻⁴⁰·‖f(x)‖²} on
   * the squared error covers them). On 240 graphs, inputs Gaussian at scales {@code 10⁻³, 1, 10³}:
   * {@code errorBound² ≥ ‖fl(f(x)) − f(x)‖²}, and the bound is at most {@code 10⁻⁸·max(‖f(x)‖,
   * ‖x‖)}.
   */
  @Test
  void evaluationErrorBoundCoversTheExactError() {
    Random random = new Random(3602);
    double worstRatio = 0;
    double worstSize = 0;
    for (int k = 0; k < 240; k++) {
      Graph g = graph(random, k, false);
      double scale = new double[] {1e-3, 1, 1e3}[k % 3];
      double[] x = RandomNetworks.gaussian(random, g.inputShape().size(), scale);
      Graph.BoundedEvaluation evaluation = g.evaluateWithErrorBound(x);
      BigDecimal[] exact = ExactEvaluation.evaluate(g, x);
      BigDecimal squaredError = BigDecimal.ZERO;
      BigDecimal squaredNorm = BigDecimal.ZERO;
      double norm = 0;
      for (int i = 0; i < exact.length; i++) {
        BigDecimal d = new BigDecimal(evaluation.output()[i]).subtract(exact[i]);
        squaredError = squaredError.add(d.multiply(d));
        squaredNorm = squaredNorm.add(exact[i].multiply(exact[i]));
        norm = Math.hypot(norm, evaluation.output()[i]);
      }
      BigDecimal bound = new BigDecimal(evaluation.errorBound());
      assertThat(
              bound
                  .pow(2)
                  .add(squaredNorm.multiply(new BigDecimal("1e-40")))
                  .compareTo(squaredError))
          .as(
              "graph #%d (%d nodes): bound %s ≥ actual error %s",
              k,
              g.nodes().size(),
              evaluation.errorBound(),
              squaredError.sqrt(MathContext.DECIMAL64))
          .isGreaterThanOrEqualTo(0);
      double magnitude = Math.max(norm, Math.sqrt(dot(x, x)));
      assertThat(evaluation.errorBound())
          .as("graph #%d: bound ≤ 1e-8·max(‖f(x)‖, ‖x‖) = %s", k, magnitude)
          .isLessThanOrEqualTo(1e-8 * magnitude);
      double actual = squaredError.sqrt(MathContext.DECIMAL64).doubleValue();
      if (evaluation.errorBound() > 0) {
        worstRatio = Math.max(worstRatio, actual / evaluation.errorBound());
      }
      worstSize = Math.max(worstSize, evaluation.errorBound() / magnitude);
    }
    System.out.printf(
        "mixed graphs: largest actual error/bound = %.3g, largest bound/max(‖f‖, ‖x‖) = %.3g%n",
        worstRatio, worstSize);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  /**
   * Oracle: the compositional recursion in {@link BigDecimal} — input 1, unary node {@code c·L(u)},
   * sum {@code Σ|c_k| L(u_k)}, concatenation {@code √(Σ L(u_k)²)} (square root rounded up to 40
   * digits) — with the same layer constants. {@link CompositionalBound} is {@code ≥} it and {@code
   * ≤} it times {@code 1 + 10u} per node (at most 4 inputs, each costing two upward operations of
   * at most {@code 3u}, halved by the square root where there is one), on 200 random mixed graphs.
   */
  @Test
  void compositionalBoundFollowsTheGraphRules() {
    Random random = new Random(3603);
    MathContext up = new MathContext(40, RoundingMode.CEILING);
    for (int k = 0; k < 200; k++) {
      Graph g = graph(random, k, k % 2 == 0);
      double[] constants = new double[g.nodes().size()];
      for (Node node : g.nodes()) {
        constants[node.index()] =
            node.operation() instanceof AffineLayer ? Math.exp(random.nextGaussian()) : Double.NaN;
      }
      List<Node> nodes = g.nodes();
      BigDecimal[] exact = new BigDecimal[nodes.size()];
      for (Node node : nodes) {
        int i = node.index();
        if (node.operation() instanceof GraphInput) {
          exact[i] = BigDecimal.ONE;
        } else if (node.operation() instanceof Sum sum) {
          double[] c = ExactEvaluation.coefficients(sum);
          BigDecimal s = BigDecimal.ZERO;
          for (int j = 0; j < c.length; j++) {
            s = s.add(new BigDecimal(c[j]).abs().multiply(exact[node.input(j)]));
          }
          exact[i] = s;
        } else if (node.operation() instanceof Concat) {
          BigDecimal s = BigDecimal.ZERO;
          for (int input : node.inputs()) {
            s = s.add(exact[input].pow(2));
          }
          exact[i] = s.sqrt(up);
        } else {
          double c =
              node.operation() instanceof AffineLayer
                  ? constants[i]
                  : node.operation().lipschitzConstant();
          exact[i] = new BigDecimal(c).multiply(exact[node.input(0)]);
        }
      }
      double bound = CompositionalBound.upperBound(g, constants);
      BigDecimal reference = exact[nodes.size() - 1];
      assertThat(new BigDecimal(bound).compareTo(reference))
          .as("graph #%d: bound %s ≥ exact recursion %s", k, bound, reference)
          .isGreaterThanOrEqualTo(0);
      BigDecimal ceiling =
          reference.multiply(BigDecimal.ONE.add(new BigDecimal(10 * U * nodes.size())));
      assertThat(new BigDecimal(bound).compareTo(ceiling))
          .as("graph #%d: bound %s ≤ exact·(1 + 10u·nodes)", k, bound)
          .isLessThanOrEqualTo(0);
    }
  }
}

package org.lipcert.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Tests of {@link Graph} and {@link GraphBuilder}: evaluation, Jacobian products, shape checks and
 * the rounding-error bound of an evaluation. Oracles and tolerances are stated on each test; random
 * networks come from {@link RandomNetworks} with fixed seeds.
 */
class GraphTest {

  private static final List<Activation> SMOOTH =
      List.of(
          Activation.of(ActivationKind.TANH),
          Activation.of(ActivationKind.SIGMOID),
          Activation.of(ActivationKind.GELU),
          Activation.of(ActivationKind.SILU),
          Activation.of(ActivationKind.SOFTPLUS),
          Activation.of(ActivationKind.MISH),
          Activation.of(ActivationKind.GELU_TANH));

  private static final List<Activation> ALL =
      java.util.Arrays.stream(ActivationKind.values()).map(Activation::of).toList();

  private static final List<Activation> PIECEWISE_LINEAR =
      List.of(
          Activation.of(ActivationKind.RELU),
          Activation.leakyRelu(0.1),
          Activation.leakyRelu(-0.5),
          Activation.clip(-1, 1),
          Activation.hardSigmoid(0.2, 0.5));

  private static AffineLayer dense(int rows, int cols, double[] weights, double[] bias) {
    return new AffineLayer("dense", DenseMatrix.of(rows, cols, weights), bias, null);
  }

  private static ElementwiseActivation relu() {
    return new ElementwiseActivation("relu", Activation.of(ActivationKind.RELU));
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static double[] output(Graph g, double[] x) {
    double[][] values = g.evaluate(x);
    return values[values.length - 1];
  }

  /** Oracle: DESIGN §2's tiny MLP and a residual block, computed by hand; exact equality. */
  @Test
  void evaluateMatchesAHandComputation() {
    GraphBuilder b = new GraphBuilder(Shape.of(4), "x");
    int fc1 =
        b.add(
            "fc1",
            dense(3, 4, new double[] {0.5, -1, 0, 2, 1, 1, 1, 1, 0, 0, 3, 0}, new double[3]),
            b.input());
    int act = b.add("act1", relu(), fc1);
    b.add("fc2", dense(1, 3, new double[] {1, -1, 0.5}, null), act);
    Graph g = b.build();
    double[][] values = g.evaluate(new double[] {1, 2, 3, 4});
    assertThat(values[fc1]).as("fc1 (x) = (6.5, 10, 9)").containsExactly(6.5, 10, 9);
    assertThat(values[3]).as("f(1,2,3,4) = 6.5 − 10 + 4.5 = 1").containsExactly(1.0);
    assertThat(output(g, new double[] {-1, 1, -1, -1}))
        .as("f(−1,1,−1,−1): fc1 = (−3.5, −2, −3), relu = 0, output 0")
        .containsExactly(0.0);
    assertThat(g.parameterCount()).as("12 + 3 + 3 parameters").isEqualTo(18);
    assertThat(g.output().name()).as("output node").isEqualTo("fc2");
    assertThat(g.inputShape()).as("input shape").isEqualTo(Shape.of(4));

    // flatten a 2×2 input, y = flatten(x) + relu(2·flatten(x) + (1, 0, 0, −1))
    GraphBuilder r = new GraphBuilder(Shape.of(2, 2), "image");
    int flat = r.add("flatten", Reshape.flatten("flatten"), r.input());
    double[] twice = {2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2, 0, 0, 0, 0, 2};
    int fc = r.add("fc", dense(4, 4, twice, new double[] {1, 0, 0, -1}), flat);
    int a = r.add("relu", relu(), fc);
    r.add("residual", Sum.of("Add", 2), flat, a);
    Graph residual = r.build();
    assertThat(output(residual, new double[] {1, -2, 0.25, 0.25}))
        .as("(1, −2, .25, .25) + relu(3, −4, .5, −.5) = (4, −2, .75, .25)")
        .containsExactly(4, -2, 0.75, 0.25);
  }

  /**
   * Oracle: central differences {@code (f(x + ht) − f(x − ht))/(2h)}, {@code h = 10⁻⁶}, of {@link
   * Graph#evaluate}, on 100 random MLPs and 100 random residual DAGs with smooth activations (tanh,
   * sigmoid, GELU, SiLU, softplus, Mish, GELU-tanh). Tolerance {@code ‖jvp − FD‖ ≤ 10⁻⁶·max(1,
   * ‖jvp‖)}.
   */
  @Test
  void jvpAgreesWithCentralDifferences() {
    Random random = new Random(91);
    double h = 1e-6;
    for (int k = 0; k < 200; k++) {
      int n = 1 + random.nextInt(8);
      Graph g =
          k % 2 == 0
              ? RandomNetworks.randomMlp(random, n, 1 + random.nextInt(6), 12, 4, SMOOTH)
              : RandomNetworks.randomDag(random, n, 2 + random.nextInt(10), 3, SMOOTH);
      double[] x = RandomNetworks.gaussian(random, n, 1);
      double[] t = RandomNetworks.gaussian(random, n, 1);
      double[] jvp = g.jvp(g.evaluate(x), t);
      double[] plus = x.clone();
      double[] minus = x.clone();
      for (int i = 0; i < n; i++) {
        plus[i] += h * t[i];
        minus[i] -= h * t[i];
      }
      double[] fPlus = output(g, plus);
      double[] fMinus = output(g, minus);
      double[] difference = new double[jvp.length];
      for (int i = 0; i < jvp.length; i++) {
        difference[i] = jvp[i] - (fPlus[i] - fMinus[i]) / (2 * h);
      }
      assertThat(norm(difference))
          .as("‖jvp − FD‖ ≤ 1e-6·max(1, ‖jvp‖), network #%d", k)
          .isLessThanOrEqualTo(1e-6 * Math.max(1, norm(jvp)));
    }
  }

  /**
   * Oracle: the adjoint identity {@code ⟨J t, c⟩ = ⟨t, Jᵀc⟩} between {@link Graph#jvp} and {@link
   * Graph#vjp}, on 300 random DAGs (residual sums, shared inputs, dead branches; every activation
   * kind) and MLPs. Tolerance {@code 10⁻¹²·(‖Jt‖‖c‖ + ‖t‖‖Jᵀc‖)}.
   */
  @Test
  void vjpIsTheAdjointOfJvp() {
    Random random = new Random(92);
    for (int k = 0; k < 300; k++) {
      int n = 1 + random.nextInt(10);
      int m = 1 + random.nextInt(6);
      Graph g =
          k % 3 == 0
              ? RandomNetworks.randomMlp(random, n, m, 16, 5, ALL)
              : RandomNetworks.randomDag(random, n, 2 + random.nextInt(14), m, ALL);
      double[] x = RandomNetworks.gaussian(random, n, 2);
      double[] t = RandomNetworks.gaussian(random, n, 1);
      double[] c = RandomNetworks.gaussian(random, m, 1);
      double[][] values = g.evaluate(x);
      double[] jt = g.jvp(values, t);
      double[] jtc = g.vjp(values, c);
      assertThat(jtc).as("vjp has the input's length").hasSize(n);
      double left = dot(jt, c);
      double right = dot(t, jtc);
      double scale = norm(jt) * norm(c) + norm(t) * norm(jtc);
      assertThat(Math.abs(left - right))
          .as("|⟨Jt, c⟩ − ⟨t, Jᵀc⟩| ≤ 1e-12·scale for network #%d: %s vs %s", k, left, right)
          .isLessThanOrEqualTo(1e-12 * scale);
    }
  }

  /** A node used twice by one sum: {@code f(x) = x + x} has {@code J = 2I}; exact. */
  @Test
  void aNodeUsedTwiceAccumulatesItsCotangents() {
    GraphBuilder b = new GraphBuilder(Shape.of(3), "x");
    b.add("double", Sum.of("Add", 2), b.input(), b.input());
    Graph g = b.build();
    double[][] values = g.evaluate(new double[] {1, 2, 3});
    assertThat(g.jvp(values, new double[] {1, -1, 0.5})).as("J t = 2t").containsExactly(2, -2, 1);
    assertThat(g.vjp(values, new double[] {1, -1, 0.5})).as("Jᵀc = 2c").containsExactly(2, -2, 1);
  }

  /** Messages name the layer being added; every shape error is an InvalidModelException. */
  @Test
  void shapeErrorsNameTheLayer() {
    GraphBuilder b = new GraphBuilder(Shape.of(4), "x");
    int fc1 = b.add("fc1", dense(3, 4, new double[12], null), b.input());
    assertThatThrownBy(() -> b.add("fc2", dense(2, 4, new double[8], null), fc1))
        .as("dense input of 3 elements where 4 are expected")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("layer 'fc2'")
        .hasMessageContaining("4")
        .hasMessageContaining("[3]");
    assertThatThrownBy(() -> b.add("add1", Sum.of("Add", 2), b.input(), fc1))
        .as("sum of shapes [4] and [3]")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("layer 'add1'")
        .hasMessageContaining("[4]")
        .hasMessageContaining("[3]");
    assertThatThrownBy(() -> b.add("fc1", relu(), fc1))
        .as("duplicate name")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("layer 'fc1'")
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> b.add("act9", relu(), 7))
        .as("input that does not exist")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("layer 'act9'");
    assertThatThrownBy(() -> b.add("act10", relu(), fc1, fc1))
        .as("wrong number of inputs")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("layer 'act10'");
    assertThatThrownBy(() -> b.add("reshape", new Reshape("Reshape", Shape.of(2, 2)), fc1))
        .as("reshape [3] to [2, 2]")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("layer 'reshape'");
    assertThatThrownBy(() -> new GraphBuilder(Shape.of(2), "x").build())
        .as("no layers")
        .isInstanceOf(InvalidModelException.class);
    // The bias is checked by AffineLayer's constructor, which does not know the layer's name;
    // adapters add it (JsonModelReader does).
    assertThatThrownBy(() -> dense(3, 4, new double[12], new double[2]))
        .as("bias of length 2 for 3 outputs")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("2")
        .hasMessageContaining("3");
    assertThatThrownBy(() -> dense(1, 1, new double[] {1}, new double[] {Double.NaN}))
        .as("NaN bias")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("bias[0]");
    assertThatThrownBy(() -> DenseMatrix.of(2, 2, new double[] {1, 2, Double.NaN, 4}))
        .as("NaN weight names its row and column")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("[1][0]");
    assertThatThrownBy(
            () -> new AffineLayer("dense", DenseMatrix.of(2, 2, new double[4]), null, Shape.of(3)))
        .as("output shape of the wrong size")
        .isInstanceOf(InvalidModelException.class);
  }

  /**
   * Oracle: {@link ExactEvaluation}, the exact value of a piecewise-linear network in {@link
   * BigDecimal}. On 300 random networks (ReLU MLPs, MLPs with LeakyReLU/Clip/HardSigmoid, and
   * residual DAGs; widths ≤ 16, inputs at scales 10⁻³, 1, 10³): {@code errorBound² ≥ ‖fl(f(x)) −
   * f(x)‖²} compared exactly, and the bound is small: {@code ≤ 10⁻¹⁰·max(‖f(x)‖, ‖x‖)}.
   */
  @Test
  void evaluationErrorBoundCoversTheExactError() {
    Random random = new Random(93);
    List<Activation> reluOnly = List.of(Activation.of(ActivationKind.RELU));
    double worst = 0;
    for (int k = 0; k < 300; k++) {
      int n = 1 + random.nextInt(16);
      Graph g =
          switch (k % 3) {
            case 0 -> RandomNetworks.randomMlp(random, n, 1 + random.nextInt(8), 16, 4, reluOnly);
            case 1 ->
                RandomNetworks.randomMlp(random, n, 1 + random.nextInt(8), 16, 4, PIECEWISE_LINEAR);
            default ->
                RandomNetworks.randomDag(random, n, 2 + random.nextInt(12), 4, PIECEWISE_LINEAR);
          };
      double scale = new double[] {1e-3, 1, 1e3}[random.nextInt(3)];
      double[] x = RandomNetworks.gaussian(random, n, scale);
      Graph.BoundedEvaluation evaluation = g.evaluateWithErrorBound(x);
      BigDecimal[] exact = ExactEvaluation.evaluate(g, x);
      BigDecimal squaredError = BigDecimal.ZERO;
      for (int i = 0; i < exact.length; i++) {
        BigDecimal d = new BigDecimal(evaluation.output()[i]).subtract(exact[i]);
        squaredError = squaredError.add(d.multiply(d));
      }
      BigDecimal bound = new BigDecimal(evaluation.errorBound());
      assertThat(bound.multiply(bound).compareTo(squaredError))
          .as(
              "network #%d: bound %s ≥ actual error %s",
              k, evaluation.errorBound(), squaredError.sqrt(MathContext.DECIMAL64))
          .isGreaterThanOrEqualTo(0);
      double magnitude = Math.max(norm(evaluation.output()), norm(x));
      assertThat(evaluation.errorBound())
          .as("network #%d: bound ≤ 1e-10·max(‖f(x)‖, ‖x‖) = %s", k, magnitude)
          .isLessThanOrEqualTo(1e-10 * magnitude);
      worst = Math.max(worst, evaluation.errorBound() / magnitude);
    }
    System.out.printf("Graph.evaluateWithErrorBound: worst bound/max(‖f‖, ‖x‖) = %.3g%n", worst);
  }
}

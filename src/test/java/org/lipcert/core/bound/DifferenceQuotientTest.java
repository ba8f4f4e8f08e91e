package org.lipcert.core.bound;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.ExactEvaluation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.RandomNetworks;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Tests of {@link DifferenceQuotient}, the certified lower bound from one evaluated pair (DESIGN
 * §1.5).
 *
 * <p><b>Oracle:</b> the exact difference quotient {@code ‖f(x₁) − f(x₀)‖/‖x₁ − x₀‖} between the two
 * points actually evaluated ({@code x₁ = fl(x₀ + h·v)}, recomputed the same way), with {@code f}
 * evaluated exactly by {@link ExactEvaluation} (piecewise-linear networks), compared through
 * squares so no rounding is involved. <b>Tolerance:</b> none: {@code lowerBound} must not exceed
 * the exact quotient; for affine maps with weights of order 1 it must be within {@code 10⁻⁸·max(1,
 * q)} of the exact quotient {@code q}: the two evaluation-error bounds, each about {@code
 * 10⁻¹⁵·‖f‖}, divided by {@code ‖x₁ − x₀‖ ≈ 10⁻⁵}.
 */
class DifferenceQuotientTest {

  private static double[] step(double[] x0, double[] v, double h) {
    double[] x1 = new double[x0.length];
    for (int i = 0; i < x0.length; i++) {
      x1[i] = x0[i] + h * v[i];
    }
    return x1;
  }

  private static BigDecimal squaredDistance(BigDecimal[] a, BigDecimal[] b) {
    BigDecimal s = BigDecimal.ZERO;
    for (int i = 0; i < a.length; i++) {
      BigDecimal d = a[i].subtract(b[i]);
      s = s.add(d.multiply(d));
    }
    return s;
  }

  private static BigDecimal[] exact(double[] x) {
    BigDecimal[] b = new BigDecimal[x.length];
    for (int i = 0; i < x.length; i++) {
      b[i] = new BigDecimal(x[i]);
    }
    return b;
  }

  /** Asserts {@code lower ≤ ‖f(x₁) − f(x₀)‖/‖x₁ − x₀‖} exactly; returns the exact quotient². */
  private static BigDecimal assertBelowExactQuotient(
      Graph g, double[] x0, double[] v, double h, double lower, String what) {
    double[] x1 = step(x0, v, h);
    BigDecimal dy2 =
        squaredDistance(ExactEvaluation.evaluate(g, x1), ExactEvaluation.evaluate(g, x0));
    BigDecimal dx2 = squaredDistance(exact(x1), exact(x0));
    BigDecimal l = new BigDecimal(lower);
    assertThat(l.multiply(l).multiply(dx2).compareTo(dy2))
        .as("%s: lower %s ≤ exact quotient of the evaluated pair", what, lower)
        .isLessThanOrEqualTo(0);
    return dx2.signum() == 0 ? BigDecimal.ZERO : dy2.divide(dx2, java.math.MathContext.DECIMAL128);
  }

  @Test
  void identicallyZeroFunctionGivesZeroEvenWhereAutodiffSaysOne() {
    Graph zero = DesignNetworks.identicallyZero();
    assertThat(zero.jvp(zero.evaluate(new double[] {0}), new double[] {1}))
        .as("autodiff at the kink x = 0 reports slope 1 (DESIGN §1.5)")
        .containsExactly(1.0);
    for (double x0 : new double[] {0, -0.0, 1e-9, -1e-9, 0.5, -0.75, 1e6}) {
      for (double v : new double[] {1, -1, 3}) {
        DifferenceQuotient.Result r =
            DifferenceQuotient.evaluate(zero, new double[] {x0}, new double[] {v}, 1e-5);
        assertThat(r.lowerBound()).as("lower at x₀ = %s, v = %s", x0, v).isZero();
        assertThat(r.quotient()).as("plain quotient at x₀ = %s, v = %s", x0, v).isZero();
      }
    }
  }

  @Test
  void absoluteValueGivesAtMostOne() {
    Graph abs = DesignNetworks.absoluteValue();
    Random random = new Random(111);
    for (int k = 0; k < 200; k++) {
      double x0 = 2 * random.nextDouble() - 1;
      double h = 1e-5;
      if (Math.abs(x0) < 2 * h) {
        continue;
      }
      double v = random.nextBoolean() ? 1 : -1;
      DifferenceQuotient.Result r =
          DifferenceQuotient.evaluate(abs, new double[] {x0}, new double[] {v}, h);
      assertThat(r.lowerBound()).as("|x| at x₀ = %s: 0.999 ≤ lower ≤ 1", x0).isBetween(0.999, 1.0);
      assertBelowExactQuotient(abs, new double[] {x0}, new double[] {v}, h, r.lowerBound(), "|x|");
    }
    DifferenceQuotient.Result across =
        DifferenceQuotient.evaluate(abs, new double[] {-0.5e-5}, new double[] {1}, 1e-5);
    assertThat(across.lowerBound()).as("|x| across the kink: |h/2| − |−h/2| = 0").isZero();
  }

  @Test
  void affineMapGivesItsQuotientTightly() {
    Random random = new Random(112);
    for (int k = 0; k < 200; k++) {
      int m = 1 + random.nextInt(8);
      int n = 1 + random.nextInt(8);
      GraphBuilder b = new GraphBuilder(Shape.of(n), "x");
      b.add(
          "fc1",
          new AffineLayer(
              "dense",
              RandomNetworks.weights(random, m, n),
              RandomNetworks.gaussian(random, m, 1),
              null),
          b.input());
      Graph g = b.build();
      double[] x0 = RandomNetworks.gaussian(random, n, 1);
      double[] v = RandomNetworks.gaussian(random, n, 1);
      double h = 1e-5;
      DifferenceQuotient.Result r = DifferenceQuotient.evaluate(g, x0, v, h);
      BigDecimal q2 = assertBelowExactQuotient(g, x0, v, h, r.lowerBound(), "affine #" + k);
      double q = Math.sqrt(q2.doubleValue());
      assertThat(r.lowerBound())
          .as("affine #%d: lower ≥ exact quotient − 1e-8·max(1, quotient)", k)
          .isGreaterThanOrEqualTo(q - 1e-8 * Math.max(1, q));
      assertThat(r.lowerBound())
          .as("lower ≤ plain quotient (1 + 4u)")
          .isLessThanOrEqualTo(r.quotient() * (1 + 0x1p-51));
    }
  }

  /**
   * 300 random piecewise-linear MLPs and DAGs (ReLU, LeakyReLU, Clip, HardSigmoid), random points
   * at scales 10⁻³–10³ and steps 10⁻¹²–10⁻¹: the certified lower bound never exceeds the exact
   * quotient of the evaluated pair, and is never negative.
   */
  @Test
  void lowerBoundNeverExceedsTheExactQuotientOnPiecewiseLinearNetworks() {
    Random random = new Random(113);
    List<Activation> palette =
        List.of(
            Activation.of(ActivationKind.RELU),
            Activation.leakyRelu(0.1),
            Activation.leakyRelu(-2),
            Activation.clip(-1, 1),
            Activation.hardSigmoid(0.2, 0.5));
    for (int k = 0; k < 300; k++) {
      int n = 1 + random.nextInt(8);
      int m = 1 + random.nextInt(4);
      Graph g =
          k % 2 == 0
              ? RandomNetworks.randomMlp(random, n, m, 8, 4, palette)
              : RandomNetworks.randomDag(random, n, 2 + random.nextInt(10), m, palette);
      double[] x0 = RandomNetworks.gaussian(random, n, Math.pow(10, random.nextInt(7) - 3));
      double[] v = RandomNetworks.gaussian(random, n, 1);
      double h = Math.pow(10, -1 - random.nextInt(12));
      DifferenceQuotient.Result r = DifferenceQuotient.evaluate(g, x0, v, h);
      assertThat(r.lowerBound()).as("never negative").isGreaterThanOrEqualTo(0.0);
      assertBelowExactQuotient(g, x0, v, h, r.lowerBound(), "network #" + k + ", h = " + h);
    }
  }

  @Test
  void stepTooSmallToMoveGivesZero() {
    GraphBuilder b = new GraphBuilder(Shape.of(1), "x");
    b.add(
        "fc1",
        new AffineLayer("dense", DenseMatrix.of(1, 1, new double[] {5}), null, null),
        b.input());
    DifferenceQuotient.Result r =
        DifferenceQuotient.evaluate(b.build(), new double[] {1}, new double[] {1}, 1e-300);
    assertThat(r.lowerBound()).as("x₁ = x₀: lower").isZero();
    assertThat(r.quotient()).as("x₁ = x₀: quotient").isZero();
  }
}

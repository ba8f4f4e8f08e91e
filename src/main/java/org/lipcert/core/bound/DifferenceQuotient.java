package org.lipcert.core.bound;

import org.lipcert.core.graph.Graph;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.numeric.VectorNorms;

/**
 * A certified lower bound on {@code Lip(f)} from one evaluated pair of inputs: {@code Lip(f) ≥
 * ‖f(x₁) − f(x₀)‖ / ‖x₁ − x₀‖} for any {@code x₁ ≠ x₀} (DESIGN §1.5).
 *
 * <p><b>Rounding.</b> The two outputs are computed with error bounds {@code ‖fl(f(x_j)) − f(x_j)‖ ≤
 * e_j} ({@link Graph#evaluateWithErrorBound}), so {@code ‖f(x₁) − f(x₀)‖ ≥ ‖fl(f(x₁)) − fl(f(x₀))‖
 * − e₁ − e₀}; the differences and norms are taken with directed rounding. The step {@code x₁ =
 * fl(x₀ + h·v)} is what was actually evaluated, so the denominator is {@code ‖x₁ − x₀‖}, not {@code
 * h‖v‖}.
 */
public final class DifferenceQuotient {

  private DifferenceQuotient() {}

  /**
   * The evaluated quotient.
   *
   * @param lowerBound a number {@code ≤ Lip(f)}, the quotient minus its rounding error (never
   *     negative)
   * @param quotient the plain floating-point quotient, for comparison
   */
  public record Result(double lowerBound, double quotient) {}

  /**
   * Evaluates the quotient between {@code x₀} and {@code x₁ = fl(x₀ + h·v)}.
   *
   * @param graph the network {@code f}
   * @param x0 the base point; not modified
   * @param direction the direction {@code v}; not modified
   * @param step the step {@code h > 0}
   * @return the certified lower bound and the plain quotient
   */
  public static Result evaluate(Graph graph, double[] x0, double[] direction, double step) {
    double[] none = new double[graph.nodes().size()];
    java.util.Arrays.fill(none, Double.NaN);
    return evaluate(graph, x0, direction, step, none);
  }

  /**
   * Evaluates the quotient, propagating rounding errors with certified node constants ({@link
   * Graph#evaluateWithErrorBound(double[], double[])}).
   *
   * @param graph the network {@code f}
   * @param x0 the base point; not modified
   * @param direction the direction {@code v}; not modified
   * @param step the step {@code h}
   * @param constants per node, a certified Lipschitz constant or NaN
   * @return the certified lower bound and the plain quotient
   */
  public static Result evaluate(
      Graph graph, double[] x0, double[] direction, double step, double[] constants) {
    double[] x1 = new double[x0.length];
    for (int i = 0; i < x0.length; i++) {
      x1[i] = x0[i] + step * direction[i];
    }
    Graph.BoundedEvaluation f0 = graph.evaluateWithErrorBound(x0, constants);
    Graph.BoundedEvaluation f1 = graph.evaluateWithErrorBound(x1, constants);
    double[] dy = subtract(f1.output(), f0.output());
    double[] dx = subtract(x1, x0);
    double numeratorPlain = VectorNorms.norm2(dy);
    double denominatorPlain = VectorNorms.norm2(dx);
    if (denominatorPlain == 0) {
      return new Result(0, 0);
    }
    // fl(a − b) = (a − b)(1 + δ), |δ| ≤ u, so ‖exact‖ ≥ ‖computed‖/(1 + u) ≥ ‖computed‖(1 − u)
    // for the numerator and ‖exact‖ ≤ ‖computed‖/(1 − u) ≤ ‖computed‖(1 + 2u) for the denominator.
    double u = RoundingModel.UNIT_ROUNDOFF;
    double numerator = UpwardArithmetic.multiplyDown(VectorNorms.norm2Lower(dy), 1 - u);
    numerator = UpwardArithmetic.subtractDown(numerator, f1.errorBound());
    numerator = UpwardArithmetic.subtractDown(numerator, f0.errorBound());
    double denominator = UpwardArithmetic.multiply(VectorNorms.norm2Upper(dx), 1 + 2 * u);
    double lower = numerator <= 0 ? 0 : UpwardArithmetic.divideDown(numerator, denominator);
    return new Result(lower, numeratorPlain / denominatorPlain);
  }

  private static double[] subtract(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }
}

package org.lipcert.core.bound;

import org.lipcert.core.graph.Graph;
import org.lipcert.core.numeric.Norm;
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
    return evaluate(graph, x0, direction, step, constants, Norm.L2);
  }

  /**
   * Evaluates the quotient {@code ‖f(x₁) − f(x₀)‖_p / ‖x₁ − x₀‖_p} in the given norm. The error
   * bounds of the evaluations are ℓ2 norms; {@code ‖e‖_∞ ≤ ‖e‖₂} and {@code ‖e‖₁ ≤ √m‖e‖₂} convert
   * them. A sum of {@code k} magnitudes is computed within {@code γ_k} relative error.
   *
   * @param graph the network {@code f}
   * @param x0 the base point; not modified
   * @param direction the direction {@code v}; not modified
   * @param step the step {@code h}
   * @param constants per node, a certified ℓ2 Lipschitz constant or NaN
   * @param norm the norm on both sides
   * @return the certified lower bound and the plain quotient
   */
  public static Result evaluate(
      Graph graph, double[] x0, double[] direction, double step, double[] constants, Norm norm) {
    if (norm != Norm.L2) {
      return evaluateInNorm(graph, x0, direction, step, constants, norm);
    }
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

  private static Result evaluateInNorm(
      Graph graph, double[] x0, double[] direction, double step, double[] constants, Norm norm) {
    double[] x1 = new double[x0.length];
    for (int i = 0; i < x0.length; i++) {
      x1[i] = x0[i] + step * direction[i];
    }
    Graph.BoundedEvaluation f0 = graph.evaluateWithErrorBound(x0, constants);
    Graph.BoundedEvaluation f1 = graph.evaluateWithErrorBound(x1, constants);
    double[] dy = subtract(f1.output(), f0.output());
    double[] dx = subtract(x1, x0);
    double u = RoundingModel.UNIT_ROUNDOFF;
    double numeratorPlain = plainNorm(dy, norm);
    double denominatorPlain = plainNorm(dx, norm);
    if (denominatorPlain == 0) {
      return new Result(0, 0);
    }
    double error = UpwardArithmetic.add(f1.errorBound(), f0.errorBound());
    double numerator;
    double denominator;
    if (norm == Norm.LINF) {
      // max|fl(a − b)| is computed exactly from the rounded differences
      numerator = UpwardArithmetic.multiplyDown(numeratorPlain, 1 - u);
      denominator = UpwardArithmetic.multiply(denominatorPlain, 1 + 2 * u);
    } else {
      numerator =
          UpwardArithmetic.multiplyDown(
              numeratorPlain, (1 - u) * (1 - RoundingModel.gamma(dy.length)));
      numerator = Math.nextDown(numerator);
      denominator =
          UpwardArithmetic.divide(
              UpwardArithmetic.multiply(denominatorPlain, 1 + 2 * u),
              1 - RoundingModel.gamma(dx.length));
      error = UpwardArithmetic.multiply(error, UpwardArithmetic.sqrt(dy.length));
    }
    numerator = UpwardArithmetic.subtractDown(numerator, error);
    double lower = numerator <= 0 ? 0 : UpwardArithmetic.divideDown(numerator, denominator);
    return new Result(lower, numeratorPlain / denominatorPlain);
  }

  /** Returns {@code max|v_i|} or the floating-point {@code Σ|v_i|}. */
  static double plainNorm(double[] v, Norm norm) {
    double result = 0;
    for (double vi : v) {
      result = norm == Norm.LINF ? Math.max(result, Math.abs(vi)) : result + Math.abs(vi);
    }
    return result;
  }

  private static double[] subtract(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }
}

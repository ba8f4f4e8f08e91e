package org.lipcert.core.graph;

import java.math.BigDecimal;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Evaluates a piecewise-linear network exactly in {@link BigDecimal}: dense layers, ReLU,
 * LeakyReLU, Clip, HardSigmoid, sums and reshapes need only products and sums of doubles, which
 * {@code BigDecimal} represents without rounding. The oracle for {@link
 * Graph#evaluateWithErrorBound}.
 */
public final class ExactEvaluation {

  private ExactEvaluation() {}

  /**
   * Returns the exact output {@code f(x)}.
   *
   * @throws IllegalArgumentException for an operation that is not piecewise linear
   */
  public static BigDecimal[] evaluate(Graph graph, double[] x) {
    BigDecimal[][] values = new BigDecimal[graph.nodes().size()][];
    values[0] = new BigDecimal[x.length];
    for (int i = 0; i < x.length; i++) {
      values[0][i] = new BigDecimal(x[i]);
    }
    for (Node node : graph.nodes()) {
      if (node.index() == 0) {
        continue;
      }
      BigDecimal[] in = values[node.input(0)];
      Operation op = node.operation();
      BigDecimal[] out;
      if (op instanceof AffineLayer layer && layer.operator() instanceof DenseMatrix w) {
        double[] bias = layer.evaluate(new double[][] {new double[w.cols()]}); // W·0 + b = b
        out = new BigDecimal[w.rows()];
        for (int r = 0; r < w.rows(); r++) {
          BigDecimal sum = new BigDecimal(bias[r]);
          for (int c = 0; c < w.cols(); c++) {
            sum = sum.add(new BigDecimal(w.get(r, c)).multiply(in[c]));
          }
          out[r] = sum;
        }
      } else if (op instanceof ElementwiseActivation activation) {
        out = new BigDecimal[in.length];
        for (int i = 0; i < in.length; i++) {
          out[i] = activate(activation.activation(), in[i]);
        }
      } else if (op instanceof Sum) {
        out = in.clone();
        for (int k = 1; k < op.arity(); k++) {
          BigDecimal[] other = values[node.input(k)];
          for (int i = 0; i < out.length; i++) {
            out[i] = out[i].add(other[i]);
          }
        }
      } else if (op instanceof Reshape) {
        out = in.clone();
      } else {
        throw new IllegalArgumentException("not piecewise linear: " + op.opType());
      }
      values[node.index()] = out;
    }
    return values[values.length - 1];
  }

  private static BigDecimal activate(Activation a, BigDecimal x) {
    BigDecimal alpha = new BigDecimal(a.alpha());
    BigDecimal beta = new BigDecimal(a.beta());
    return switch (a.kind()) {
      case RELU -> x.max(BigDecimal.ZERO);
      case LEAKY_RELU -> x.signum() >= 0 ? x : alpha.multiply(x);
      case CLIP -> x.max(alpha).min(beta);
      case HARD_SIGMOID -> alpha.multiply(x).add(beta).max(BigDecimal.ZERO).min(BigDecimal.ONE);
      default -> throw new IllegalArgumentException("not piecewise linear: " + a.kind());
    };
  }
}

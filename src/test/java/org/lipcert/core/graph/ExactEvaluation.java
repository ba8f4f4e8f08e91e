package org.lipcert.core.graph;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Arrays;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.operator.AveragePool;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.LinearOperator;
import org.lipcert.core.operator.PoolingGeometry;

/**
 * Evaluates a piecewise-linear network exactly in {@link BigDecimal}: dense layers, ReLU,
 * LeakyReLU, Clip, HardSigmoid, PRelu, weighted sums, concatenations, max pooling and reshapes need
 * only products, sums and comparisons of doubles, which {@code BigDecimal} represents without
 * rounding. Affine layers with a structured operator (convolution, {@code AxisLinear}, a selection
 * or scaling, a batch normalisation's scaling) are evaluated through their materialised matrix,
 * whose entries are single stored weights (each input reaches each output through at most one
 * weight), hence exact. Average pooling divides by its window counts: that quotient is taken to
 * {@link #AVERAGE_CONTEXT} (60 digits), the only inexact step. The oracle for {@link
 * Graph#evaluateWithErrorBound}.
 */
public final class ExactEvaluation {

  /** The precision of the divisions of average pooling, 60 significant digits. */
  public static final MathContext AVERAGE_CONTEXT = new MathContext(60);

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
      if (op instanceof AffineLayer layer) {
        out = affine(layer, in);
      } else if (op instanceof ElementwiseActivation activation) {
        out = new BigDecimal[in.length];
        for (int i = 0; i < in.length; i++) {
          out[i] = activate(activation.activation(), in[i]);
        }
      } else if (op instanceof Sum sum) {
        double[] c = coefficients(sum);
        out = new BigDecimal[in.length];
        Arrays.fill(out, BigDecimal.ZERO);
        for (int k = 0; k < op.arity(); k++) {
          BigDecimal ck = new BigDecimal(c[k]);
          BigDecimal[] summand = values[node.input(k)];
          for (int i = 0; i < out.length; i++) {
            out[i] = out[i].add(ck.multiply(summand[i]));
          }
        }
      } else if (op instanceof PRelu prelu) {
        double[] slopes = slopes(prelu, in.length);
        out = new BigDecimal[in.length];
        for (int i = 0; i < in.length; i++) {
          out[i] = in[i].signum() >= 0 ? in[i] : new BigDecimal(slopes[i]).multiply(in[i]);
        }
      } else if (op instanceof Concat concat) {
        BigDecimal[][] inputs = new BigDecimal[op.arity()][];
        for (int k = 0; k < inputs.length; k++) {
          inputs[k] = values[node.input(k)];
        }
        out = concatenate(concat, inputs);
      } else if (op instanceof MaxPool pool) {
        out = maxPool(pool.geometry(), in);
      } else if (op instanceof Reshape) {
        out = in.clone();
      } else {
        throw new IllegalArgumentException("not piecewise linear: " + op.opType());
      }
      values[node.index()] = out;
    }
    return values[values.length - 1];
  }

  /** Returns the coefficients {@code c_k} of a sum, read off exactly: {@code Σ c_j δ_jk = c_k}. */
  public static double[] coefficients(Sum sum) {
    double[] c = new double[sum.arity()];
    for (int k = 0; k < c.length; k++) {
      double[][] unit = new double[c.length][1];
      unit[k][0] = 1;
      c[k] = sum.evaluate(unit)[0];
    }
    return c;
  }

  /** Returns the slopes {@code α_i} of a PRelu, read off exactly: {@code f(−1) = −α}. */
  public static double[] slopes(PRelu prelu, int n) {
    double[] minusOne = new double[n];
    Arrays.fill(minusOne, -1);
    double[] y = prelu.evaluate(new double[][] {minusOne});
    for (int i = 0; i < n; i++) {
      y[i] = -y[i];
    }
    return y;
  }

  /**
   * Concatenates exactly, with the operation's own placement read off exact position codes ({@code
   * 2²⁰k + i} for element {@code i} of input {@code k}); the placement itself is tested against the
   * multi-index definition in {@code OperationJacobianTest}.
   */
  private static BigDecimal[] concatenate(Concat concat, BigDecimal[][] inputs) {
    double[][] codes = new double[inputs.length][];
    for (int k = 0; k < inputs.length; k++) {
      codes[k] = new double[inputs[k].length];
      for (int i = 0; i < codes[k].length; i++) {
        codes[k][i] = (double) (k << 20) + i;
      }
    }
    double[] where = concat.evaluate(codes);
    BigDecimal[] out = new BigDecimal[where.length];
    for (int o = 0; o < where.length; o++) {
      int code = (int) where[o];
      out[o] = inputs[code >> 20][code & ((1 << 20) - 1)];
    }
    return out;
  }

  /**
   * Returns the max pooling of {@code x} from the definition: the largest tap {@code x[c, i·s₁ +
   * a·d₁ − p_top, j·s₂ + b·d₂ − p_left]} inside the input, per window.
   */
  public static BigDecimal[] maxPool(PoolingGeometry g, BigDecimal[] x) {
    int h = g.inputHeight();
    int w = g.inputWidth();
    int ho = g.outputHeight();
    int wo = g.outputWidth();
    BigDecimal[] y = new BigDecimal[g.channels() * ho * wo];
    for (int c = 0; c < g.channels(); c++) {
      for (int i = 0; i < ho; i++) {
        for (int j = 0; j < wo; j++) {
          BigDecimal best = null;
          for (int a = 0; a < g.kernelHeight(); a++) {
            int r = i * g.strideHeight() + a * g.dilationHeight() - g.padTop();
            for (int b = 0; b < g.kernelWidth(); b++) {
              int q = j * g.strideWidth() + b * g.dilationWidth() - g.padLeft();
              if (r >= 0 && r < h && q >= 0 && q < w) {
                BigDecimal v = x[(c * h + r) * w + q];
                best = best == null ? v : best.max(v);
              }
            }
          }
          y[(c * ho + i) * wo + j] = best;
        }
      }
    }
    return y;
  }

  /**
   * Returns the average pooling of {@code x} from the definition: the sum of the window's taps
   * inside the input divided by {@code n₁·n₂}, the taps counted inside the input, or inside the
   * input and its padding with {@code count_include_pad}; to 60 digits.
   */
  public static BigDecimal[] averagePool(AveragePool pool, BigDecimal[] x) {
    PoolingGeometry g = pool.geometry();
    int h = g.inputHeight();
    int w = g.inputWidth();
    int ho = g.outputHeight();
    int wo = g.outputWidth();
    BigDecimal[] y = new BigDecimal[g.channels() * ho * wo];
    for (int c = 0; c < g.channels(); c++) {
      for (int i = 0; i < ho; i++) {
        for (int j = 0; j < wo; j++) {
          BigDecimal sum = BigDecimal.ZERO;
          int countH = 0;
          int countW = 0;
          for (int a = 0; a < g.kernelHeight(); a++) {
            int r = i * g.strideHeight() + a * g.dilationHeight() - g.padTop();
            boolean counted =
                pool.countIncludePad()
                    ? r >= -g.padTop() && r < h + g.padBottom()
                    : r >= 0 && r < h;
            countH += counted ? 1 : 0;
          }
          for (int b = 0; b < g.kernelWidth(); b++) {
            int q = j * g.strideWidth() + b * g.dilationWidth() - g.padLeft();
            boolean counted =
                pool.countIncludePad()
                    ? q >= -g.padLeft() && q < w + g.padRight()
                    : q >= 0 && q < w;
            countW += counted ? 1 : 0;
          }
          for (int a = 0; a < g.kernelHeight(); a++) {
            int r = i * g.strideHeight() + a * g.dilationHeight() - g.padTop();
            for (int b = 0; b < g.kernelWidth(); b++) {
              int q = j * g.strideWidth() + b * g.dilationWidth() - g.padLeft();
              if (r >= 0 && r < h && q >= 0 && q < w) {
                sum = sum.add(x[(c * h + r) * w + q]);
              }
            }
          }
          long count = (long) countH * countW;
          y[(c * ho + i) * wo + j] =
              count == 0 ? BigDecimal.ZERO : sum.divide(BigDecimal.valueOf(count), AVERAGE_CONTEXT);
        }
      }
    }
    return y;
  }

  private static BigDecimal[] affine(AffineLayer layer, BigDecimal[] in) {
    LinearOperator op = layer.operator();
    double[] bias = layer.evaluate(new double[][] {new double[op.inputSize()]}); // A·0 + b = b
    BigDecimal[] out;
    if (op instanceof AveragePool pool) {
      out = averagePool(pool, in);
    } else {
      DenseMatrix w = op instanceof DenseMatrix dense ? dense : op.materialize();
      out = new BigDecimal[w.rows()];
      for (int r = 0; r < w.rows(); r++) {
        BigDecimal sum = BigDecimal.ZERO;
        for (int c = 0; c < w.cols(); c++) {
          double entry = w.get(r, c);
          if (entry != 0) {
            sum = sum.add(new BigDecimal(entry).multiply(in[c]));
          }
        }
        out[r] = sum;
      }
    }
    for (int r = 0; r < out.length; r++) {
      out[r] = out[r].add(new BigDecimal(bias[r]));
    }
    return out;
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

package org.lipcert.core.graph;

import java.util.List;
import java.util.Random;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.operator.AveragePool;
import org.lipcert.core.operator.AxisLinear;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.PoolingGeometry;

/**
 * Seeded random networks for the graph and bound tests. Weights are {@code N(0, 1/fan_in)} (so
 * activations stay of order 1 through the layers), biases {@code N(0, 0.25)}. Dense layers are
 * named {@code fc1, fc2, …}, activations {@code act1, …}, sums {@code add1, …}.
 */
public final class RandomNetworks {

  private RandomNetworks() {}

  /** Returns an {@code rows × cols} matrix with entries {@code N(0, 1/cols)}. */
  public static DenseMatrix weights(Random random, int rows, int cols) {
    double[] data = new double[rows * cols];
    double scale = 1 / Math.sqrt(cols);
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian() * scale;
    }
    return DenseMatrix.of(rows, cols, data);
  }

  /** Returns a vector of standard normal entries times {@code scale}. */
  public static double[] gaussian(Random random, int n, double scale) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian() * scale;
    }
    return x;
  }

  private static AffineLayer dense(Random random, int rows, int cols, boolean bias) {
    return new AffineLayer(
        "dense", weights(random, rows, cols), bias ? gaussian(random, rows, 0.5) : null, null);
  }

  private static Activation pick(Random random, List<Activation> palette) {
    return palette.get(random.nextInt(palette.size()));
  }

  /**
   * Returns the chain {@code fc1 → act1 → fc2 → … → fc_L} with the given widths {@code [n₀, n₁, …,
   * n_L]}; each activation drawn from the palette.
   */
  public static Graph mlp(Random random, int[] widths, List<Activation> palette) {
    GraphBuilder builder = new GraphBuilder(Shape.of(widths[0]), "x");
    int last = builder.input();
    for (int layer = 1; layer < widths.length; layer++) {
      last = builder.add("fc" + layer, dense(random, widths[layer], widths[layer - 1], true), last);
      if (layer < widths.length - 1) {
        Activation a = pick(random, palette);
        last = builder.add("act" + layer, new ElementwiseActivation(a.kind().id(), a), last);
      }
    }
    return builder.build();
  }

  /**
   * Returns an MLP with {@code inputs} inputs, {@code outputs} outputs and 1 to {@code maxDepth}
   * hidden layers of widths 1 to {@code maxWidth}.
   */
  public static Graph randomMlp(
      Random random,
      int inputs,
      int outputs,
      int maxWidth,
      int maxDepth,
      List<Activation> palette) {
    int depth = 1 + random.nextInt(maxDepth);
    int[] widths = new int[depth + 2];
    widths[0] = inputs;
    for (int i = 1; i <= depth; i++) {
      widths[i] = 1 + random.nextInt(maxWidth);
    }
    widths[depth + 1] = outputs;
    return mlp(random, widths, palette);
  }

  /**
   * Returns a random DAG on vectors of one width: each new node is a dense layer, an activation or
   * a sum of two or three earlier nodes (possibly the same node twice), with inputs drawn from all
   * earlier nodes, so residual connections, shared inputs and dead branches all occur. The last
   * node is a dense layer to {@code outputs} outputs.
   */
  public static Graph randomDag(
      Random random, int width, int nodes, int outputs, List<Activation> palette) {
    GraphBuilder builder = new GraphBuilder(Shape.of(width), "x");
    int denseCount = 0;
    int activationCount = 0;
    int sumCount = 0;
    for (int k = 0; k < nodes; k++) {
      int size = builder.size();
      int choice = random.nextInt(3);
      if (choice == 0 || size == 1) {
        builder.add(
            "fc" + ++denseCount,
            dense(random, width, width, random.nextBoolean()),
            random.nextInt(size));
      } else if (choice == 1) {
        Activation a = pick(random, palette);
        builder.add(
            "act" + ++activationCount,
            new ElementwiseActivation(a.kind().id(), a),
            size - 1 - random.nextInt(Math.min(size, 2)));
      } else {
        int arity = 2 + random.nextInt(2);
        int[] inputs = new int[arity];
        inputs[0] = size - 1;
        for (int i = 1; i < arity; i++) {
          inputs[i] = random.nextInt(size);
        }
        builder.add("add" + ++sumCount, Sum.of("Add", arity), inputs);
      }
    }
    builder.add("fc" + ++denseCount, dense(random, outputs, width, true), builder.size() - 1);
    return builder.build();
  }

  /** Coefficients of the mixed graphs' sums: residuals, differences, scalings and a zero. */
  private static final double[] COEFFICIENTS = {1, -1, 0.5, -0.25, 1.5, -2, 0};

  private static double coefficient(Random random) {
    return random.nextInt(3) == 0
        ? random.nextGaussian()
        : COEFFICIENTS[random.nextInt(COEFFICIENTS.length)];
  }

  /** PRelu slopes: mostly in (−1, 1), sometimes steeper than 1, of either sign. */
  private static PRelu prelu(Random random, int n) {
    double scale = random.nextInt(4) == 0 ? 2 : 0.3;
    return new PRelu("PRelu", gaussian(random, n, scale));
  }

  private static AffineLayer batchNormalization(Random random, Shape shape) {
    int c = shape.dim(0);
    double[] variance = new double[c];
    for (int k = 0; k < c; k++) {
      variance[k] = Math.exp(random.nextGaussian());
    }
    return BatchNormalization.of(
        "BatchNormalization",
        shape,
        gaussian(random, c, 1),
        gaussian(random, c, 0.5),
        gaussian(random, c, 0.5),
        variance,
        1e-5);
  }

  /** Returns a 3×3 convolution with padding 1 and stride 1: {@code C × H × W} to itself. */
  private static AffineLayer sameConvolution(Random random, Shape shape) {
    int c = shape.dim(0);
    ConvolutionGeometry g =
        ConvolutionGeometry.of2d(
            c,
            c,
            1,
            new int[] {shape.dim(1), shape.dim(2)},
            new int[] {3, 3},
            new int[] {1, 1},
            new int[] {1, 1},
            new int[] {1, 1, 1, 1});
    return new AffineLayer(
        "Conv",
        new Convolution(g, gaussian(random, g.kernelSize(), 1 / Math.sqrt(9.0 * c))),
        gaussian(random, g.outputSize(), 0.1),
        shape);
  }

  /** Returns {@code W} ({@code m × d_axis}) along one axis of a rank-3 shape (MatMul, Gemm). */
  private static AffineLayer axisLinear(Random random, Shape shape, int axis, int m) {
    int[] dims = shape.dims();
    int outer = 1;
    int inner = 1;
    for (int k = 0; k < axis; k++) {
      outer *= dims[k];
    }
    for (int k = axis + 1; k < dims.length; k++) {
      inner *= dims[k];
    }
    int[] out = dims.clone();
    out[axis] = m;
    return new AffineLayer(
        "MatMul",
        new AxisLinear(weights(random, m, dims[axis]), outer, inner),
        random.nextBoolean() ? gaussian(random, Shape.of(out).size(), 0.1) : null,
        Shape.of(out));
  }

  /** A map from a rank-3 shape to itself: PRelu, batch normalisation, a 3×3 convolution, MatMul. */
  private static Operation shapePreserving(Random random, Shape shape) {
    return switch (random.nextInt(4)) {
      case 0 -> prelu(random, shape.size());
      case 1 -> batchNormalization(random, shape);
      case 2 -> sameConvolution(random, shape);
      default -> {
        int axis = random.nextInt(3);
        yield axisLinear(random, shape, axis, shape.dim(axis));
      }
    };
  }

  /**
   * Returns a random pooling geometry on the shape (kernel 1–3, stride 1–2, dilation 1–2, padding
   * below the kernel, either ceil mode) that a MaxPool accepts, or {@code null} after 20 draws.
   */
  private static PoolingGeometry pooling(Random random, Shape shape) {
    for (int attempt = 0; attempt < 20; attempt++) {
      int kh = 1 + random.nextInt(Math.min(3, shape.dim(1)));
      int kw = 1 + random.nextInt(Math.min(3, shape.dim(2)));
      try {
        PoolingGeometry g =
            new PoolingGeometry(
                shape.dim(0),
                shape.dim(1),
                shape.dim(2),
                kh,
                kw,
                1 + random.nextInt(2),
                1 + random.nextInt(2),
                1 + random.nextInt(2),
                1 + random.nextInt(2),
                random.nextInt(kh),
                random.nextInt(kw),
                random.nextInt(kh),
                random.nextInt(kw),
                random.nextBoolean());
        new MaxPool("MaxPool", g); // every window must hold an input element
        return g;
      } catch (InvalidModelException e) {
        // draw again
      }
    }
    return null;
  }

  /**
   * Returns a random graph on a {@code C × H × W} input ({@code C ≤ 3}, {@code H, W ≤ 6}) mixing,
   * in {@code steps} steps: PRelu; residual sums {@code a·u + b·f(u)} with signed, fractional or
   * zero coefficients and {@code f} a PRelu, batch normalisation, 3×3 convolution or MatMul;
   * differences of two earlier nodes of one shape; concatenations along any axis (of a node and a
   * map of it) or along the channels (with a channel-mixing MatMul); max and average pooling
   * (padding, dilation, ceil mode, padding counted or not); batch normalisation; MatMul along the
   * channels or the width. Tensors above 100 elements are pooled or mixed down first. The graph
   * ends with a flatten and a dense layer to 1–4 outputs (2–4 when a softmax follows), followed by
   * Softmax or LogSoftmax when {@code softmax} is set; without it the graph is piecewise linear
   * ({@link ExactEvaluation} evaluates it).
   */
  public static Graph randomMixed(Random random, int steps, boolean softmax) {
    Shape inputShape =
        Shape.of(1 + random.nextInt(3), 2 + random.nextInt(5), 2 + random.nextInt(5));
    GraphBuilder b = new GraphBuilder(inputShape, "x");
    for (int step = 1; step <= steps; step++) {
      int size = b.size();
      int u = size - 1 - random.nextInt(Math.min(size, 3));
      Shape s = b.shape(u);
      String name = "n" + step;
      int choice = random.nextInt(9);
      if (s.size() > 100) {
        choice = random.nextBoolean() ? 3 : 7;
      }
      switch (choice) {
        case 0 -> b.add(name, prelu(random, s.size()), u);
        case 1 -> {
          int f = b.add(name + "-branch", shapePreserving(random, s), u);
          b.add(
              name, new Sum("Add", new double[] {coefficient(random), coefficient(random)}), u, f);
        }
        case 2 -> {
          int v = -1;
          for (int k = 0; k < size; k++) {
            if (k != u && b.shape(k).equals(s) && random.nextBoolean()) {
              v = k;
            }
          }
          if (v < 0) {
            v = b.add(name + "-branch", shapePreserving(random, s), u);
          }
          b.add(name, Sum.difference("Sub"), u, v);
        }
        case 3 -> {
          PoolingGeometry g = pooling(random, s);
          if (g == null) {
            b.add(name, prelu(random, s.size()), u);
          } else if (random.nextBoolean() || s.size() > 100) {
            b.add(name, new MaxPool("MaxPool", g), u);
          } else {
            AveragePool pool = new AveragePool(g, random.nextBoolean());
            b.add(
                name,
                new AffineLayer(
                    "AveragePool",
                    pool,
                    null,
                    Shape.of(g.channels(), g.outputHeight(), g.outputWidth())),
                u);
          }
        }
        case 4 -> {
          int axis = random.nextInt(3);
          int f = b.add(name + "-branch", shapePreserving(random, s), u);
          b.add(name, new Concat("Concat", axis, new Shape[] {s, s}), f, u);
        }
        case 5 -> {
          int v = b.add(name + "-mix", axisLinear(random, s, 0, 1 + random.nextInt(3)), u);
          b.add(name, new Concat("Concat", 0, new Shape[] {s, b.shape(v)}), u, v);
        }
        case 6 -> b.add(name, batchNormalization(random, s), u);
        case 7 -> b.add(name, axisLinear(random, s, 0, 1 + random.nextInt(2)), u);
        default -> b.add(name, axisLinear(random, s, 2, 1 + random.nextInt(4)), u);
      }
    }
    int flat = b.add("flatten", Reshape.flatten("Flatten"), b.size() - 1);
    int m = softmax ? 2 + random.nextInt(3) : 1 + random.nextInt(4);
    int out = b.add("fc", dense(random, m, b.shape(flat).size(), true), flat);
    if (softmax) {
      boolean log = random.nextBoolean();
      b.add(
          log ? "logsoftmax" : "softmax",
          new Softmax(log ? "LogSoftmax" : "Softmax", log, Shape.of(m), 0),
          out);
    }
    return b.build();
  }
}

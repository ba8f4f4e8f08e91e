package org.lipcert.core.graph;

import java.util.List;
import java.util.Random;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.operator.DenseMatrix;

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
}

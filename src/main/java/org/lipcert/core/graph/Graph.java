package org.lipcert.core.graph;

import java.util.List;

/**
 * A network {@code f: ℝⁿ → ℝᵐ} as a directed acyclic graph of operations, in topological order.
 * Node 0 is the input, the last node is the output. Immutable; build one with {@link GraphBuilder}.
 */
public final class Graph {

  private final List<Node> nodes;

  Graph(List<Node> nodes) {
    this.nodes = List.copyOf(nodes);
  }

  /** Returns the nodes in topological order, the input first and the output last. */
  public List<Node> nodes() {
    return nodes;
  }

  /** Returns the input node. */
  public Node input() {
    return nodes.get(0);
  }

  /** Returns the output node. */
  public Node output() {
    return nodes.get(nodes.size() - 1);
  }

  /** Returns the shape of the network's input. */
  public Shape inputShape() {
    return input().outputShape();
  }

  /**
   * Returns an estimate of the multiply-adds of one evaluation: each affine layer's inner-product
   * length times its outputs, one per output element elsewhere. Used to size searches by work, so
   * that cheap networks get more samples and results stay reproducible.
   */
  public double forwardCost() {
    double cost = 0;
    for (Node node : nodes) {
      double outputs = node.outputShape().size();
      if (node.operation() instanceof AffineLayer layer) {
        cost += outputs * layer.operator().termsPerOutput();
      } else {
        cost += outputs * Math.max(1, node.operation().arity());
      }
    }
    return cost;
  }

  /** Returns the number of trainable parameters (weights and biases). */
  public long parameterCount() {
    long count = 0;
    for (Node node : nodes) {
      if (node.operation() instanceof AffineLayer layer) {
        count += layer.parameterCount();
      }
    }
    return count;
  }

  /**
   * Evaluates every node at {@code x}.
   *
   * @param x the input, of length {@code inputShape().size()}; not modified
   * @return the value of every node, indexed like {@link #nodes()}
   */
  public double[][] evaluate(double[] x) {
    double[][] values = new double[nodes.size()][];
    values[0] = x.clone();
    for (int i = 1; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      values[i] = node.operation().evaluate(gather(values, node));
    }
    return values;
  }

  /**
   * Returns the Jacobian-vector product {@code J_f(x)·t}.
   *
   * @param values the node values at {@code x}, from {@link #evaluate}
   * @param tangent the input direction {@code t}; not modified
   * @return {@code J_f(x)·t}
   */
  public double[] jvp(double[][] values, double[] tangent) {
    double[][] tangents = new double[nodes.size()][];
    tangents[0] = tangent.clone();
    for (int i = 1; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      tangents[i] = node.operation().jvp(gather(values, node), gather(tangents, node));
    }
    return tangents[nodes.size() - 1];
  }

  /**
   * Returns the vector-Jacobian product {@code J_f(x)ᵀ·c}, accumulating cotangents backwards
   * through the graph (reverse-mode differentiation).
   *
   * @param values the node values at {@code x}, from {@link #evaluate}
   * @param cotangent an output cotangent {@code c}; not modified
   * @return {@code J_f(x)ᵀ·c}
   */
  public double[] vjp(double[][] values, double[] cotangent) {
    double[][] cotangents = new double[nodes.size()][];
    cotangents[nodes.size() - 1] = cotangent.clone();
    for (int i = nodes.size() - 1; i >= 1; i--) {
      Node node = nodes.get(i);
      if (cotangents[i] == null) {
        continue;
      }
      double[][] contributions = node.operation().vjp(gather(values, node), cotangents[i]);
      for (int k = 0; k < contributions.length; k++) {
        int input = node.input(k);
        if (cotangents[input] == null) {
          cotangents[input] = contributions[k];
        } else {
          double[] target = cotangents[input];
          for (int j = 0; j < target.length; j++) {
            target[j] += contributions[k][j];
          }
        }
      }
    }
    return cotangents[0] == null ? new double[inputShape().size()] : cotangents[0];
  }

  /**
   * The output of a floating-point evaluation with a rigorous bound on its error.
   *
   * @param output the computed {@code fl(f(x))}
   * @param errorBound a number {@code ≥ ‖fl(f(x)) − f(x)‖₂}
   */
  public record BoundedEvaluation(double[] output, double errorBound) {}

  /**
   * Evaluates {@code f(x)} and bounds the rounding error of the evaluation, node by node: each
   * node's bound is its own rounding ({@link Operation#roundingError} with exact inputs) plus its
   * inputs' bounds propagated with the operation's Lipschitz constant ({@link
   * Operation#composeLipschitz}), since {@code |fl(g(x̂)) − g(x)| ≤ |fl(g(x̂)) − g(x̂)| +
   * Lip(g)·|x̂ − x|}.
   *
   * @param x the input, taken as exact; not modified
   * @return the computed output and its error bound
   */
  public BoundedEvaluation evaluateWithErrorBound(double[] x) {
    double[] none = new double[nodes.size()];
    java.util.Arrays.fill(none, Double.NaN);
    return evaluateWithErrorBound(x, none);
  }

  /**
   * Like {@link #evaluateWithErrorBound(double[])}, with certified Lipschitz constants for some
   * nodes (typically the affine layers' bracket upper bounds, much smaller than the {@code ‖|A|‖}
   * used otherwise), which makes the propagated error far smaller in deep networks.
   *
   * @param x the input, taken as exact; not modified
   * @param constants for every node index a certified upper bound on its operation's Lipschitz
   *     constant, or NaN to use the operation's own (or {@code ‖|A|‖} for an affine layer)
   * @return the computed output and its error bound
   */
  public BoundedEvaluation evaluateWithErrorBound(double[] x, double[] constants) {
    double[][] values = evaluate(x);
    double[] errors = new double[nodes.size()];
    for (int i = 1; i < nodes.size(); i++) {
      Node node = nodes.get(i);
      Operation operation = node.operation();
      double[] inputErrors = new double[operation.arity()];
      for (int k = 0; k < inputErrors.length; k++) {
        inputErrors[k] = errors[node.input(k)];
      }
      double own =
          operation.roundingError(gather(values, node), new double[inputErrors.length], values[i]);
      double constant = constants[i];
      if (Double.isNaN(constant)) {
        constant = operation.lipschitzConstant();
      }
      if (Double.isNaN(constant) && operation instanceof AffineLayer layer) {
        constant = layer.operator().absoluteNormUpperBound();
      }
      errors[i] =
          org.lipcert.core.numeric.UpwardArithmetic.add(
              own, operation.composeLipschitz(inputErrors, constant));
    }
    return new BoundedEvaluation(values[nodes.size() - 1], errors[nodes.size() - 1]);
  }

  private static double[][] gather(double[][] values, Node node) {
    double[][] inputs = new double[node.operation().arity()][];
    for (int k = 0; k < inputs.length; k++) {
      inputs[k] = values[node.input(k)];
    }
    return inputs;
  }
}

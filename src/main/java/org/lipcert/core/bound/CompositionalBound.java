package org.lipcert.core.bound;

import java.util.List;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphInput;
import org.lipcert.core.graph.Node;
import org.lipcert.core.numeric.Norm;

/**
 * The compositional upper bound on a network's Lipschitz constant over its graph (DESIGN §1,
 * "Network bounds").
 *
 * <p>Let {@code L(v)} bound the Lipschitz constant of the map from the network input to node {@code
 * v}'s output. Then {@code L(input) = 1}; a unary node with constant {@code c_v} has {@code L(v) =
 * c_v·L(u)}, because {@code Lip(g∘h) ≤ Lip(g)·Lip(h)}; a sum of input-dependent branches has {@code
 * L(v) = Σ L(u_i)}, by the triangle inequality (a residual {@code x + f(x)} gives {@code 1 +
 * L(f)}). Induction over the topological order makes {@code L(output)} a bound on {@code Lip(f)}.
 * The products and sums are rounded up, so the bound holds in floating point as well.
 */
public final class CompositionalBound {

  private CompositionalBound() {}

  /**
   * Returns the compositional bound.
   *
   * @param graph the network
   * @param constants for every node index, a certified upper bound on the Lipschitz constant of
   *     that unary node's operation — required for affine layers (their brackets' upper bounds),
   *     optional elsewhere: NaN means the operation's own {@link
   *     org.lipcert.core.graph.Operation#lipschitzConstant()}; ignored for the input and for
   *     operations with several inputs
   * @return a number {@code ≥ Lip(f)}
   * @throws IllegalArgumentException if an affine layer has no constant
   */
  public static double upperBound(Graph graph, double[] constants) {
    return upperBound(graph, constants, Norm.L2);
  }

  /**
   * Returns the compositional bound in the given norm: the same induction, with each operation's
   * constant and composition rule in that norm ({@link
   * org.lipcert.core.graph.Operation#lipschitzConstant(Norm)}, {@link
   * org.lipcert.core.graph.Operation#composeLipschitz(double[], double, Norm)}).
   *
   * @param graph the network
   * @param constants per node, a certified constant in that norm for affine layers, NaN elsewhere
   * @param norm the norm on input and output space
   * @return a number {@code ≥ Lip(f)} in that norm
   */
  public static double upperBound(Graph graph, double[] constants, Norm norm) {
    List<Node> nodes = graph.nodes();
    double[] bound = new double[nodes.size()];
    for (Node node : nodes) {
      int i = node.index();
      if (node.operation() instanceof GraphInput) {
        bound[i] = 1;
        continue;
      }
      int[] inputs = node.inputs();
      double[] inputBounds = new double[inputs.length];
      for (int k = 0; k < inputs.length; k++) {
        inputBounds[k] = bound[inputs[k]];
      }
      double constant = constants[i];
      if (Double.isNaN(constant)) {
        constant = node.operation().lipschitzConstant(norm);
      }
      if (Double.isNaN(constant) && inputs.length == 1) {
        throw new IllegalArgumentException("no constant for node '" + node.name() + "'");
      }
      bound[i] = node.operation().composeLipschitz(inputBounds, constant, norm);
    }
    return bound[nodes.size() - 1];
  }
}

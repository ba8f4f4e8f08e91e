package org.lipcert.core.bound;

import java.util.List;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphInput;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.Sum;
import org.lipcert.core.numeric.UpwardArithmetic;

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
   *     that node's operation (ignored for the input and for sums)
   * @return a number {@code ≥ Lip(f)}
   */
  public static double upperBound(Graph graph, double[] constants) {
    List<Node> nodes = graph.nodes();
    double[] bound = new double[nodes.size()];
    for (Node node : nodes) {
      int i = node.index();
      if (node.operation() instanceof GraphInput) {
        bound[i] = 1;
      } else if (node.operation() instanceof Sum) {
        double sum = 0;
        for (int input : node.inputs()) {
          sum = UpwardArithmetic.add(sum, bound[input]);
        }
        bound[i] = sum;
      } else {
        bound[i] = UpwardArithmetic.multiply(constants[i], bound[node.input(0)]);
      }
    }
    return bound[nodes.size() - 1];
  }
}

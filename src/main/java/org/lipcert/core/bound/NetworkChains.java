package org.lipcert.core.bound;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.PRelu;
import org.lipcert.core.graph.Reshape;

/**
 * Finds chains in a network graph: maximal paths of unary nodes of chosen kinds, each node's output
 * consumed only by the next. Linear segments (affine layers and reshapes) are merged into one
 * operator; Combettes–Pesquet chains also admit activations with slopes in {@code [0, β]}.
 */
public final class NetworkChains {

  private NetworkChains() {}

  /** Returns whether a node is linear (an affine layer's linear part, or a reshape). */
  public static boolean isLinear(Node node) {
    return node.operation() instanceof AffineLayer || node.operation() instanceof Reshape;
  }

  /**
   * Returns the slope bound {@code β} if the node is an element-wise activation whose slopes all
   * lie in {@code [0, β]} (nondecreasing, so its Clarke Jacobians are {@code β·diag(d)}, {@code d ∈
   * [0, 1]}), or NaN. ReLU, LeakyReLU with {@code 0 ≤ α ≤ 1}, Sigmoid, Tanh, Softplus, ELU with
   * {@code 0 ≤ α ≤ 1}, SELU, HardSigmoid with {@code α ≥ 0}, Clip and PRelu with slopes in {@code
   * [0, 1]} qualify; GELU, SiLU, Mish, HardSwish and negative slopes do not (DESIGN §1).
   */
  public static double monotoneSlopeBound(Node node) {
    if (node.operation() instanceof PRelu prelu) {
      return prelu.hasSlopesInUnitInterval() ? 1 : Double.NaN;
    }
    if (!(node.operation() instanceof ElementwiseActivation activation)) {
      return Double.NaN;
    }
    var a = activation.activation();
    return switch (a.kind()) {
      case RELU, TANH, SOFTPLUS, CLIP -> 1;
      case SIGMOID -> 0.25;
      case SELU -> a.lipschitzConstant();
      case LEAKY_RELU, ELU -> a.alpha() >= 0 && a.alpha() <= 1 ? 1 : Double.NaN;
      case HARD_SIGMOID -> a.alpha() >= 0 ? a.alpha() : Double.NaN;
      default -> Double.NaN;
    };
  }

  /**
   * Returns the maximal chains of nodes satisfying {@code member}, in topological order.
   *
   * @param graph the network
   * @param member which nodes may belong to a chain (unary ones only are considered)
   * @return the chains, each with at least one node
   */
  public static List<List<Node>> find(Graph graph, Predicate<Node> member) {
    List<Node> nodes = graph.nodes();
    int[] consumers = new int[nodes.size()];
    int[] consumer = new int[nodes.size()];
    for (Node node : nodes) {
      for (int input : node.inputs()) {
        consumers[input]++;
        consumer[input] = node.index();
      }
    }
    boolean[] taken = new boolean[nodes.size()];
    List<List<Node>> chains = new ArrayList<>();
    for (Node node : nodes) {
      if (taken[node.index()] || !eligible(node, member)) {
        continue;
      }
      List<Node> chain = new ArrayList<>();
      Node current = node;
      while (true) {
        chain.add(current);
        taken[current.index()] = true;
        int i = current.index();
        if (consumers[i] != 1 || i == nodes.size() - 1) {
          break;
        }
        Node next = nodes.get(consumer[i]);
        if (!eligible(next, member)) {
          break;
        }
        current = next;
      }
      chains.add(chain);
    }
    return chains;
  }

  private static boolean eligible(Node node, Predicate<Node> member) {
    return node.operation().arity() == 1 && member.test(node);
  }
}

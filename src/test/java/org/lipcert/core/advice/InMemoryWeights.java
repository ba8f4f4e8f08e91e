package org.lipcert.core.advice;

import java.util.Map;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.Operation;
import org.lipcert.core.operator.WeightedOperator;

/** Applies weight changes to a graph in memory, as the adapters do to files. */
final class InMemoryWeights {

  private InMemoryWeights() {}

  /** Returns the graph with each named layer's weights mapped by its change. */
  static Graph apply(
      Graph graph, Map<String, ? extends java.util.function.DoubleUnaryOperator> changes) {
    Node input = graph.input();
    GraphBuilder builder = new GraphBuilder(input.outputShape(), input.name());
    for (Node node : graph.nodes()) {
      if (node == input) {
        continue;
      }
      Operation operation = node.operation();
      java.util.function.DoubleUnaryOperator change = changes.get(node.name());
      if (change != null) {
        AffineLayer layer = (AffineLayer) operation;
        operation = layer.withOperator(((WeightedOperator) layer.operator()).mapWeights(change));
      }
      builder.add(node.name(), operation, node.inputs());
    }
    return builder.build();
  }
}

package org.lipcert.core.graph;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.lipcert.core.InvalidModelException;

/**
 * Builds a {@link Graph} node by node, in topological order, checking shapes as it goes.
 *
 * <p>Errors name the node being added, so that an adapter's user sees e.g. {@code layer 'fc2':
 * expects an input of 3 elements, but its input has shape [4]}.
 */
public final class GraphBuilder {

  private final List<Node> nodes = new ArrayList<>();
  private final Set<String> names = new HashSet<>();

  /**
   * Starts a graph.
   *
   * @param inputShape the shape of the network's input, without batch dimension
   * @param inputName the input's name, e.g. the ONNX graph input's name
   */
  public GraphBuilder(Shape inputShape, String inputName) {
    nodes.add(new Node(0, inputName, GraphInput.INSTANCE, new int[0], new Shape[0], inputShape));
  }

  /** Returns the index of the input node, 0. */
  public int input() {
    return 0;
  }

  /** Returns the output shape of node {@code index}. */
  public Shape shape(int index) {
    return nodes.get(index).outputShape();
  }

  /** Returns the number of nodes added so far, the input included. */
  public int size() {
    return nodes.size();
  }

  /**
   * Appends a node.
   *
   * @param name its name, unique within the graph
   * @param operation its operation
   * @param inputs the indices of earlier nodes it consumes
   * @return the new node's index
   * @throws InvalidModelException if the name is taken, an input does not exist, or the shapes do
   *     not fit; the message starts with the node's name
   */
  public int add(String name, Operation operation, int... inputs) {
    if (!names.add(name)) {
      throw new InvalidModelException("layer '" + name + "': the name is used twice");
    }
    if (inputs.length != operation.arity()) {
      throw new InvalidModelException(
          "layer '"
              + name
              + "': "
              + operation.opType()
              + " takes "
              + operation.arity()
              + " inputs, got "
              + inputs.length);
    }
    Shape[] shapes = new Shape[inputs.length];
    for (int k = 0; k < inputs.length; k++) {
      if (inputs[k] < 0 || inputs[k] >= nodes.size()) {
        throw new InvalidModelException(
            "layer '" + name + "': input " + inputs[k] + " does not exist");
      }
      shapes[k] = nodes.get(inputs[k]).outputShape();
    }
    Shape outputShape;
    try {
      outputShape = operation.outputShape(shapes);
    } catch (InvalidModelException e) {
      throw new InvalidModelException("layer '" + name + "': " + e.getMessage(), e);
    }
    int index = nodes.size();
    nodes.add(new Node(index, name, operation, inputs, shapes, outputShape));
    return index;
  }

  /**
   * Finishes the graph with the last node added as its output.
   *
   * @return the graph
   * @throws InvalidModelException if no node was added after the input
   */
  public Graph build() {
    if (nodes.size() < 2) {
      throw new InvalidModelException("the model has no layers");
    }
    return new Graph(nodes);
  }
}

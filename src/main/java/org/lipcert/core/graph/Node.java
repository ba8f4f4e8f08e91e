package org.lipcert.core.graph;

/**
 * A node of a {@link Graph}: an operation applied to the outputs of earlier nodes.
 *
 * @param index the node's position in topological order (the input is node 0)
 * @param name the name shown in reports: the ONNX node name or the JSON layer name
 * @param operation what the node computes
 * @param inputs the indices of the nodes whose outputs it consumes, in order (copied)
 * @param inputShapes the shapes of those outputs (copied)
 * @param outputShape the shape of its output
 */
public record Node(
    int index,
    String name,
    Operation operation,
    int[] inputs,
    Shape[] inputShapes,
    Shape outputShape) {

  /** Copies the arrays. */
  public Node {
    inputs = inputs.clone();
    inputShapes = inputShapes.clone();
  }

  @Override
  public int[] inputs() {
    return inputs.clone();
  }

  @Override
  public Shape[] inputShapes() {
    return inputShapes.clone();
  }

  /** Returns the index of input {@code k}. */
  public int input(int k) {
    return inputs[k];
  }

  /** Returns the shape of the first input, or the output shape for the graph input. */
  public Shape inputShape() {
    return inputShapes.length == 0 ? outputShape : inputShapes[0];
  }
}

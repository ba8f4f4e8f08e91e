package org.lipcert.io.onnx;

/**
 * Limits applied while reading an ONNX model, so that a hostile file cannot exhaust memory or the
 * stack: the file size, the protobuf nesting depth (a graph attribute holds a graph, which holds
 * nodes with graph attributes, …), and the element count of any one tensor, declared or computed.
 *
 * @param maxModelBytes the largest file accepted
 * @param maxNestingDepth the deepest protobuf message nesting ({@code CodedInputStream}'s recursion
 *     limit)
 * @param maxTensorElements the most elements of one tensor, constant or input-dependent
 */
public record OnnxReadLimits(long maxModelBytes, int maxNestingDepth, long maxTensorElements) {

  /** The default file limit, 64 MiB, the same as the service's upload cap. */
  public static final long DEFAULT_MAX_MODEL_BYTES = 64L << 20;

  /**
   * Protobuf's own default; ONNX models nest about ten deep (model, graph, node, attribute,
   * tensor), control-flow subgraphs a few levels more.
   */
  public static final int DEFAULT_MAX_NESTING_DEPTH = 100;

  /** 2^26 elements: 512 MiB as float64, more than any layer of a model that fits the file cap. */
  public static final long DEFAULT_MAX_TENSOR_ELEMENTS = 1L << 26;

  /**
   * Validates the limits.
   *
   * @throws IllegalArgumentException if a limit is not positive or the tensor limit exceeds the
   *     array limit
   */
  public OnnxReadLimits {
    if (maxModelBytes < 1 || maxNestingDepth < 1 || maxTensorElements < 1) {
      throw new IllegalArgumentException("ONNX read limits must be positive");
    }
    if (maxTensorElements > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("maxTensorElements exceeds the Java array limit");
    }
  }

  /** Returns the defaults. */
  public static OnnxReadLimits defaults() {
    return new OnnxReadLimits(
        DEFAULT_MAX_MODEL_BYTES, DEFAULT_MAX_NESTING_DEPTH, DEFAULT_MAX_TENSOR_ELEMENTS);
  }

  /** Returns a copy with another file limit. */
  /**
   * Returns a copy with another cap on the elements one tensor may declare.
   *
   * @param value the largest element count
   * @return the copy
   */
  public OnnxReadLimits withMaxTensorElements(long value) {
    return new OnnxReadLimits(maxModelBytes, maxNestingDepth, value);
  }

  /**
   * Returns a copy with another file-size limit.
   *
   * @param value the largest file accepted, in bytes
   * @return the copy
   */
  public OnnxReadLimits withMaxModelBytes(long value) {
    return new OnnxReadLimits(value, maxNestingDepth, maxTensorElements);
  }
}

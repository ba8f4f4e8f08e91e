package org.lipcert.io.onnx;

import java.util.Arrays;
import org.lipcert.core.InvalidModelException;

/**
 * A constant tensor of an ONNX graph — an initializer, a {@code Constant} node's value or the
 * result of constant folding — with its ONNX data type, its dimensions (batch axis included, as in
 * the file) and its values, row-major. Integer and boolean values are stored as doubles too: they
 * are shapes, indices and axes, all far below {@code 2^53} in magnitude; larger int64 sentinels
 * such as {@code INT64_MAX} in a {@code Slice} end only need to keep their sign and size.
 *
 * @param name the tensor's name, used in messages
 * @param dataType the {@link org.lipcert.io.onnx.proto.TensorProto.DataType} number
 * @param dims the dimensions, empty for a scalar (copied)
 * @param values the values, row-major, {@code Π dims} of them (not copied: treat as read-only)
 */
record Tensor(String name, int dataType, int[] dims, double[] values) {

  static final int FLOAT = 1;
  static final int UINT8 = 2;
  static final int INT8 = 3;
  static final int UINT16 = 4;
  static final int INT16 = 5;
  static final int INT32 = 6;
  static final int INT64 = 7;
  static final int BOOL = 9;
  static final int FLOAT16 = 10;
  static final int DOUBLE = 11;
  static final int UINT32 = 12;
  static final int UINT64 = 13;
  static final int BFLOAT16 = 16;

  /** Checks that the values fill the dimensions. */
  Tensor {
    dims = dims.clone();
    if (Shapes.size(dims) != values.length) {
      throw new IllegalArgumentException(
          "tensor " + name + ": " + values.length + " values for dims " + Arrays.toString(dims));
    }
  }

  /** Returns a float tensor. */
  static Tensor ofFloats(String name, int[] dims, double[] values) {
    return new Tensor(name, DOUBLE, dims, values);
  }

  /** Returns an int64 tensor. */
  static Tensor ofLongs(String name, int[] dims, long[] values) {
    double[] v = new double[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = values[i];
    }
    return new Tensor(name, INT64, dims, v);
  }

  /** Returns a scalar. */
  static Tensor scalar(String name, int dataType, double value) {
    return new Tensor(name, dataType, new int[0], new double[] {value});
  }

  @Override
  public int[] dims() {
    return dims.clone();
  }

  /** Returns the number of elements. */
  int size() {
    return values.length;
  }

  /** Returns the rank. */
  int rank() {
    return dims.length;
  }

  /** Returns whether the data type is an integer or boolean type. */
  boolean integral() {
    return isIntegral(dataType);
  }

  /** Returns whether {@code dataType} is an integer or boolean type. */
  static boolean isIntegral(int dataType) {
    return dataType != FLOAT && dataType != DOUBLE && dataType != FLOAT16 && dataType != BFLOAT16;
  }

  /** Returns the values as longs (truncated), e.g. for shapes, axes and indices. */
  long[] longs() {
    long[] v = new long[values.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = (long) values[i];
    }
    return v;
  }

  /**
   * Returns the values as ints, for shapes, axes and indices.
   *
   * @throws InvalidModelException if a value does not fit an int
   */
  int[] ints() {
    int[] v = new int[values.length];
    for (int i = 0; i < v.length; i++) {
      double x = values[i];
      if (!(Math.abs(x) <= Integer.MAX_VALUE)) {
        throw new InvalidModelException(
            "tensor '"
                + name
                + "': value "
                + x
                + " at index "
                + i
                + " is not a valid size or index");
      }
      v[i] = (int) x;
    }
    return v;
  }

  /** Returns the only value of a one-element tensor. */
  double scalarValue() {
    if (values.length != 1) {
      throw new InvalidModelException(
          "tensor '" + name + "' must hold one value, it has shape " + Arrays.toString(dims));
    }
    return values[0];
  }

  /** Returns the same values under other dimensions. */
  Tensor reshaped(String newName, int[] newDims) {
    return new Tensor(newName, dataType, newDims, values);
  }

  /**
   * Checks that every value is finite, naming the first that is not.
   *
   * @param role what the tensor is used as, e.g. {@code the weight of node 'fc1'}
   * @throws InvalidModelException if a value is NaN or infinite
   */
  void requireFinite(String role) {
    for (int i = 0; i < values.length; i++) {
      if (!Double.isFinite(values[i])) {
        throw new InvalidModelException(
            "tensor '"
                + name
                + "' ("
                + role
                + ") has "
                + values[i]
                + " at index "
                + i
                + (dims.length > 1 ? " " + Arrays.toString(Shapes.unravel(i, dims)) : "")
                + "; weights must be finite");
      }
    }
  }
}

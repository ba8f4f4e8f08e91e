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
 * <p>A float32 tensor decoded from the file may keep its values in float32 ({@link #ofFloat32}):
 * {@link #floats()} then hands them to a layer without widening (a 100 MB float32 model stays 100
 * MB), and {@link #values()} widens them, exactly, on first use.
 */
final class Tensor {

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

  private final String name;
  private final int dataType;
  private final int[] dims;
  private final float[] floats;
  private double[] values;

  /**
   * Creates a tensor, checking that the values fill the dimensions.
   *
   * @param name the tensor's name, used in messages
   * @param dataType the {@link org.lipcert.io.onnx.proto.TensorProto.DataType} number
   * @param dims the dimensions, empty for a scalar (copied)
   * @param values the values, row-major, {@code Π dims} of them (not copied: treat as read-only)
   */
  Tensor(String name, int dataType, int[] dims, double[] values) {
    this(name, dataType, dims, values, null, values.length);
  }

  private Tensor(
      String name, int dataType, int[] dims, double[] values, float[] floats, int length) {
    this.name = name;
    this.dataType = dataType;
    this.dims = dims.clone();
    this.values = values;
    this.floats = floats;
    if (Shapes.size(dims) != length) {
      throw new IllegalArgumentException(
          "tensor " + name + ": " + length + " values for dims " + Arrays.toString(dims));
    }
  }

  /**
   * Returns a float32 tensor that keeps its values in float32.
   *
   * @param name the tensor's name
   * @param dims the dimensions (copied)
   * @param values the values, row-major (not copied: treat as read-only)
   * @return the tensor, of data type {@link #FLOAT}
   */
  static Tensor ofFloat32(String name, int[] dims, float[] values) {
    return new Tensor(name, FLOAT, dims, null, values, values.length);
  }

  /** Returns the tensor's name. */
  String name() {
    return name;
  }

  /** Returns the ONNX data type number. */
  int dataType() {
    return dataType;
  }

  /**
   * Returns the values, row-major, widened to float64 on first use if the tensor holds float32 (not
   * copied: treat as read-only).
   */
  double[] values() {
    double[] v = values;
    if (v == null) {
      v = new double[floats.length];
      for (int i = 0; i < v.length; i++) {
        v[i] = floats[i];
      }
      values = v;
    }
    return v;
  }

  /**
   * Returns the float32 values if the tensor keeps them (not copied: treat as read-only), else
   * {@code null}.
   */
  float[] floats() {
    return floats;
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

  /** Returns the dimensions (a copy). */
  int[] dims() {
    return dims.clone();
  }

  /** Returns the number of elements. */
  int size() {
    return floats != null ? floats.length : values.length;
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
    double[] values = values();
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
    double[] values = values();
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
    if (size() != 1) {
      throw new InvalidModelException(
          "tensor '" + name + "' must hold one value, it has shape " + Arrays.toString(dims));
    }
    return values()[0];
  }

  /** Returns the same values under other dimensions. */
  Tensor reshaped(String newName, int[] newDims) {
    return floats != null
        ? ofFloat32(newName, newDims, floats)
        : new Tensor(newName, dataType, newDims, values);
  }

  /**
   * Checks that every value is finite, naming the first that is not.
   *
   * @param role what the tensor is used as, e.g. {@code the weight of node 'fc1'}
   * @throws InvalidModelException if a value is NaN or infinite
   */
  void requireFinite(String role) {
    int n = size();
    for (int i = 0; i < n; i++) {
      double value = floats != null ? floats[i] : values[i];
      if (!Double.isFinite(value)) {
        throw new InvalidModelException(
            "tensor '"
                + name
                + "' ("
                + role
                + ") has "
                + value
                + " at index "
                + i
                + (dims.length > 1 ? " " + Arrays.toString(Shapes.unravel(i, dims)) : "")
                + "; weights must be finite");
      }
    }
  }
}

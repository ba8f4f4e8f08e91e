package org.lipcert.core.graph;

import java.util.Arrays;
import org.lipcert.core.InvalidModelException;

/**
 * The shape of a tensor without its batch dimension, e.g. {@code [4]} or {@code [3, 32, 32]}.
 *
 * @param dims the positive dimensions (copied; the accessor returns a copy)
 */
public record Shape(int[] dims) {

  /**
   * Validates and copies the dimensions.
   *
   * @throws InvalidModelException if a dimension is not positive or the size overflows
   */
  public Shape {
    dims = dims.clone();
    long size = 1;
    for (int d : dims) {
      if (d < 1) {
        throw new InvalidModelException("dimensions must be positive: " + Arrays.toString(dims));
      }
      size *= d;
      if (size > Integer.MAX_VALUE) {
        throw new InvalidModelException(
            "shape " + Arrays.toString(dims) + " has more than 2^31 − 1 elements");
      }
    }
  }

  /** Returns the shape with the given dimensions. */
  public static Shape of(int... dims) {
    return new Shape(dims);
  }

  @Override
  public int[] dims() {
    return dims.clone();
  }

  /** Returns the number of dimensions. */
  public int rank() {
    return dims.length;
  }

  /** Returns dimension {@code i}. */
  public int dim(int i) {
    return dims[i];
  }

  /** Returns the number of elements, the product of the dimensions. */
  public int size() {
    int size = 1;
    for (int d : dims) {
      size *= d;
    }
    return size;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof Shape shape && Arrays.equals(dims, shape.dims);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(dims);
  }

  @Override
  public String toString() {
    return Arrays.toString(dims);
  }
}

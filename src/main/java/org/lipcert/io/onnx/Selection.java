package org.lipcert.io.onnx;

import java.util.Arrays;
import org.lipcert.core.InvalidModelException;

/**
 * An index map from the elements of an output tensor to those of an input tensor: output {@code o}
 * copies input {@code source[o]}, or is zero where {@code source[o] = −1}. ONNX's data-movement
 * operators — Transpose, Slice, Gather, Split, Expand, Tile, Concat, Pad — are such maps on a fixed
 * shape; applied to a constant they fold it, applied to an input-dependent tensor they become a
 * {@link org.lipcert.core.operator.ScaledSelection}.
 *
 * @param dims the output dimensions
 * @param source for each output element, the input element it copies, or −1
 */
record Selection(int[] dims, int[] source) {

  /** Applies the map to values, with {@code fill} where the source is −1. */
  double[] apply(double[] values, double fill) {
    double[] out = new double[source.length];
    for (int o = 0; o < source.length; o++) {
      out[o] = source[o] < 0 ? fill : values[source[o]];
    }
    return out;
  }

  /** Returns the permutation of axes: output axis {@code k} is input axis {@code perm[k]}. */
  static Selection transpose(int[] dims, int[] perm, String where) {
    int rank = dims.length;
    if (perm.length != rank) {
      throw new InvalidModelException(
          where + ": perm " + Arrays.toString(perm) + " does not match rank " + rank);
    }
    boolean[] seen = new boolean[rank];
    for (int p : perm) {
      if (p < 0 || p >= rank || seen[p]) {
        throw new InvalidModelException(
            where + ": perm " + Arrays.toString(perm) + " is not a permutation");
      }
      seen[p] = true;
    }
    int[] out = new int[rank];
    for (int k = 0; k < rank; k++) {
      out[k] = dims[perm[k]];
    }
    int[] inStrides = Shapes.strides(dims);
    int[] source = new int[Shapes.size(dims)];
    int[] index = new int[rank];
    for (int o = 0; o < source.length; o++) {
      int i = 0;
      for (int k = 0; k < rank; k++) {
        i += index[k] * inStrides[perm[k]];
      }
      source[o] = i;
      Shapes.increment(index, out);
    }
    return new Selection(out, source);
  }

  /**
   * Returns the selection of per-axis index lists: output {@code (o₀, …)} copies input {@code
   * (indices[0][o₀], …)}.
   */
  static Selection axes(int[] dims, int[][] indices, long maxElements, String where) {
    int rank = dims.length;
    int[] out = new int[rank];
    long size = 1;
    for (int k = 0; k < rank; k++) {
      out[k] = indices[k].length;
      size *= Math.max(1, out[k]);
      if (size > maxElements) {
        throw new InvalidModelException(
            where + ": the result would have more than " + maxElements + " elements");
      }
      for (int i : indices[k]) {
        if (i < 0 || i >= dims[k]) {
          throw new InvalidModelException(
              where + ": index " + i + " is outside axis " + k + " of length " + dims[k]);
        }
      }
    }
    int[] strides = Shapes.strides(dims);
    int n = Shapes.size(out);
    int[] source = new int[n];
    int[] index = new int[rank];
    for (int o = 0; o < n; o++) {
      int i = 0;
      for (int k = 0; k < rank; k++) {
        i += indices[k][index[k]] * strides[k];
      }
      source[o] = i;
      Shapes.increment(index, out);
    }
    return new Selection(out, source);
  }

  /** Returns the identity index list {@code 0, …, n − 1}. */
  static int[] range(int n) {
    int[] r = new int[n];
    for (int i = 0; i < n; i++) {
      r[i] = i;
    }
    return r;
  }

  /**
   * Returns ONNX {@code Slice}: per listed axis, {@code start:end:step} with negative values
   * counted from the end and clamped as in NumPy.
   */
  static Selection slice(
      int[] dims, long[] starts, long[] ends, long[] axes, long[] steps, String where) {
    if (starts == null || ends == null) {
      throw new InvalidModelException(where + ": Slice needs starts and ends");
    }
    int rank = dims.length;
    int[][] indices = new int[rank][];
    for (int k = 0; k < rank; k++) {
      indices[k] = range(dims[k]);
    }
    if (starts.length != ends.length) {
      throw new InvalidModelException(where + ": starts and ends differ in length");
    }
    for (int j = 0; j < starts.length; j++) {
      int axis = Shapes.axis(axes == null ? j : axes[j], rank, where);
      long step = steps == null ? 1 : steps[j];
      if (step == 0) {
        throw new InvalidModelException(where + ": a slice step is 0");
      }
      long n = dims[axis];
      long start = starts[j] < 0 ? starts[j] + n : starts[j];
      long end = ends[j] < 0 ? ends[j] + n : ends[j];
      if (step > 0) {
        start = Math.max(0, Math.min(n, start));
        end = Math.max(0, Math.min(n, end));
      } else {
        start = Math.max(-1, Math.min(n - 1, start));
        end = Math.max(-1, Math.min(n - 1, end));
      }
      long count =
          step > 0
              ? Math.max(0, (end - start + step - 1) / step)
              : Math.max(0, (start - end - step - 1) / -step);
      int[] list = new int[(int) count];
      for (int i = 0; i < count; i++) {
        list[i] = (int) (start + i * step);
      }
      indices[axis] = list;
    }
    for (int[] list : indices) {
      if (list.length == 0) {
        throw new InvalidModelException(where + ": the slice is empty");
      }
    }
    return axes(dims, indices, Integer.MAX_VALUE, where);
  }

  /**
   * Returns ONNX {@code Gather}: {@code indices} (of shape {@code indexDims}) along {@code axis}.
   */
  static Selection gather(int[] dims, int axis, int[] indices, int[] indexDims, String where) {
    int[] list = new int[indices.length];
    for (int i = 0; i < indices.length; i++) {
      int v = indices[i] < 0 ? indices[i] + dims[axis] : indices[i];
      list[i] = v;
    }
    int[][] perAxis = new int[dims.length][];
    for (int k = 0; k < dims.length; k++) {
      perAxis[k] = k == axis ? list : range(dims[k]);
    }
    Selection flat = axes(dims, perAxis, Integer.MAX_VALUE, where);
    int[] out =
        Shapes.concat(
            Arrays.copyOfRange(dims, 0, axis),
            indexDims,
            Arrays.copyOfRange(dims, axis + 1, dims.length));
    return new Selection(out, flat.source());
  }

  /** Returns the broadcast of {@code dims} to {@code out} (Expand, implicit broadcasting). */
  static Selection broadcast(int[] dims, int[] out) {
    return new Selection(out, Shapes.broadcastSource(dims, out));
  }

  /** Returns ONNX {@code Tile}. */
  static Selection tile(int[] dims, long[] repeats, long maxElements, String where) {
    if (repeats.length != dims.length) {
      throw new InvalidModelException(where + ": repeats must have one entry per axis");
    }
    int[][] indices = new int[dims.length][];
    for (int k = 0; k < dims.length; k++) {
      long n = dims[k] * repeats[k];
      if (repeats[k] < 1 || n > maxElements) {
        throw new InvalidModelException(where + ": invalid repeats " + Arrays.toString(repeats));
      }
      indices[k] = new int[(int) n];
      for (int i = 0; i < n; i++) {
        indices[k][i] = i % dims[k];
      }
    }
    return axes(dims, indices, maxElements, where);
  }

  /**
   * Returns the concatenation along {@code axis} of tensors of the given dims, as one map from the
   * concatenation of their flattened values (in order) to the output.
   */
  static Selection concat(int[][] dims, int axis, String where) {
    int rank = dims[0].length;
    int total = 0;
    for (int[] d : dims) {
      if (d.length != rank) {
        throw new InvalidModelException(where + ": inputs of different ranks cannot be joined");
      }
      for (int k = 0; k < rank; k++) {
        if (k != axis && d[k] != dims[0][k]) {
          throw new InvalidModelException(
              where
                  + ": cannot concatenate shapes "
                  + Arrays.toString(dims[0])
                  + " and "
                  + Arrays.toString(d)
                  + " along axis "
                  + axis);
        }
      }
      total += d[axis];
    }
    int[] out = dims[0].clone();
    out[axis] = total;
    int outer = Shapes.product(out, 0, axis);
    int inner = Shapes.product(out, axis + 1, rank);
    int[] source = new int[Shapes.size(out)];
    int base = 0;
    int offset = 0;
    for (int[] d : dims) {
      int a = d[axis];
      for (int i = 0; i < outer; i++) {
        for (int j = 0; j < a; j++) {
          for (int l = 0; l < inner; l++) {
            source[(i * total + offset + j) * inner + l] = base + (i * a + j) * inner + l;
          }
        }
      }
      base += outer * a * inner;
      offset += a;
    }
    return new Selection(out, source);
  }
}

package org.lipcert.io.onnx;

import java.util.Arrays;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.graph.Shape;

/** Index arithmetic on row-major ONNX tensors: sizes, strides, axes and NumPy broadcasting. */
final class Shapes {

  private Shapes() {}

  /**
   * Returns {@code Π dims}: 0 if a dimension is 0, else −1 if it exceeds {@code Integer.MAX_VALUE}.
   */
  static int size(int[] dims) {
    for (int d : dims) {
      if (d == 0) {
        return 0; // empty, however large the other dimensions
      }
    }
    long size = 1;
    for (int d : dims) {
      size *= d;
      if (size > Integer.MAX_VALUE) {
        return -1;
      }
    }
    return (int) size;
  }

  /** Returns {@code Π dims[from..to)}. */
  static int product(int[] dims, int from, int to) {
    int p = 1;
    for (int k = from; k < to; k++) {
      p *= dims[k];
    }
    return p;
  }

  /** Returns the row-major strides. */
  static int[] strides(int[] dims) {
    int[] strides = new int[dims.length];
    int stride = 1;
    for (int k = dims.length - 1; k >= 0; k--) {
      strides[k] = stride;
      stride *= dims[k];
    }
    return strides;
  }

  /** Returns the multi-index of flat index {@code i}. */
  static int[] unravel(int i, int[] dims) {
    int[] index = new int[dims.length];
    for (int k = dims.length - 1; k >= 0; k--) {
      index[k] = i % dims[k];
      i /= dims[k];
    }
    return index;
  }

  /**
   * Returns the core shape of an ONNX tensor: the batch axis stripped. A leading axis of length 1
   * of a tensor of rank at least 2 is taken as the batch axis (the input's batch size is fixed to
   * 1); a scalar becomes {@code [1]}. Equal ONNX dimensions always give equal core shapes.
   */
  static Shape core(int[] dims) {
    if (dims.length == 0) {
      return Shape.of(1);
    }
    if (dims.length >= 2 && dims[0] == 1) {
      return Shape.of(Arrays.copyOfRange(dims, 1, dims.length));
    }
    return Shape.of(dims);
  }

  /**
   * Returns {@code axis} in {@code [0, rank)}, counting negative axes from the end.
   *
   * @throws InvalidModelException if it is out of range
   */
  static int axis(long axis, int rank, String where) {
    long a = axis < 0 ? axis + rank : axis;
    if (a < 0 || a >= rank) {
      throw new InvalidModelException(where + ": axis " + axis + " is outside rank " + rank);
    }
    return (int) a;
  }

  /** Returns {@code dims} left-padded with ones to {@code rank}. */
  static int[] leftPad(int[] dims, int rank) {
    int[] padded = new int[rank];
    Arrays.fill(padded, 1);
    System.arraycopy(dims, 0, padded, rank - dims.length, dims.length);
    return padded;
  }

  /**
   * Returns the NumPy broadcast of the shapes.
   *
   * @throws InvalidModelException if they do not broadcast
   */
  static int[] broadcast(String where, int[]... shapes) {
    int rank = 0;
    for (int[] s : shapes) {
      rank = Math.max(rank, s.length);
    }
    int[] out = new int[rank];
    Arrays.fill(out, 1);
    for (int[] s : shapes) {
      int[] p = leftPad(s, rank);
      for (int k = 0; k < rank; k++) {
        if (p[k] == out[k] || p[k] == 1) {
          continue;
        }
        if (out[k] == 1) {
          out[k] = p[k];
        } else {
          throw new InvalidModelException(
              where
                  + ": shapes "
                  + Arrays.toString(shapes[0])
                  + " and "
                  + Arrays.toString(s)
                  + " cannot be broadcast together");
        }
      }
    }
    return out;
  }

  /**
   * Returns, for each element of the broadcast shape {@code out}, the flat index of the element of
   * a tensor of shape {@code dims} that it reads (NumPy broadcasting).
   */
  static int[] broadcastSource(int[] dims, int[] out) {
    int rank = out.length;
    int[] d = leftPad(dims, rank);
    int[] strides = strides(d);
    int size = size(out);
    int[] source = new int[size];
    int[] index = new int[rank];
    for (int o = 0; o < size; o++) {
      int i = 0;
      for (int k = 0; k < rank; k++) {
        i += (d[k] == 1 ? 0 : index[k]) * strides[k];
      }
      source[o] = i;
      increment(index, out);
    }
    return source;
  }

  /** Returns the values of {@code t} broadcast to {@code out}. */
  static double[] broadcastValues(Tensor t, int[] out) {
    int[] source = broadcastSource(t.dims(), out);
    double[] v = t.values();
    double[] result = new double[source.length];
    for (int o = 0; o < source.length; o++) {
      result[o] = v[source[o]];
    }
    return result;
  }

  /** Advances a row-major multi-index. */
  static void increment(int[] index, int[] dims) {
    for (int k = dims.length - 1; k >= 0; k--) {
      if (++index[k] < dims[k]) {
        return;
      }
      index[k] = 0;
    }
  }

  /** Returns the dimensions with those at {@code axes} removed. */
  static int[] remove(int[] dims, boolean[] axes) {
    int count = 0;
    for (boolean a : axes) {
      count += a ? 1 : 0;
    }
    int[] out = new int[dims.length - count];
    int j = 0;
    for (int k = 0; k < dims.length; k++) {
      if (!axes[k]) {
        out[j++] = dims[k];
      }
    }
    return out;
  }

  /** Returns the concatenation of the arrays. */
  static int[] concat(int[]... parts) {
    int n = 0;
    for (int[] p : parts) {
      n += p.length;
    }
    int[] out = new int[n];
    int j = 0;
    for (int[] p : parts) {
      System.arraycopy(p, 0, out, j, p.length);
      j += p.length;
    }
    return out;
  }

  /**
   * Returns the dimensions of ONNX {@code Reshape}: 0 copies the input's dimension (unless {@code
   * allowzero}), −1 is inferred.
   */
  static int[] reshape(int[] dims, long[] target, boolean allowzero, String where) {
    int[] out = new int[target.length];
    int inferred = -1;
    long known = 1;
    for (int k = 0; k < target.length; k++) {
      long t = target[k];
      if (t == 0 && !allowzero) {
        if (k >= dims.length) {
          throw new InvalidModelException(
              where + ": shape entry 0 at axis " + k + " has no input axis to copy");
        }
        t = dims[k];
      }
      if (t == -1) {
        if (inferred >= 0) {
          throw new InvalidModelException(where + ": the target shape has two −1 entries");
        }
        inferred = k;
        continue;
      }
      if (t < 0 || t > Integer.MAX_VALUE) {
        throw new InvalidModelException(
            where + ": invalid target shape " + Arrays.toString(target));
      }
      out[k] = (int) t;
      known *= t;
    }
    long size = size(dims);
    if (inferred >= 0) {
      if (known == 0 || size % known != 0) {
        throw new InvalidModelException(
            where + ": cannot reshape " + Arrays.toString(dims) + " to " + Arrays.toString(target));
      }
      out[inferred] = (int) (size / known);
    } else if (known != size) {
      throw new InvalidModelException(
          where
              + ": cannot reshape "
              + Arrays.toString(dims)
              + " ("
              + size
              + " elements) to "
              + Arrays.toString(target));
    }
    return out;
  }

  /** Returns the dimensions of ONNX {@code Flatten} at {@code axis}: a matrix. */
  static int[] flatten(int[] dims, long axis, String where) {
    long a = axis < 0 ? axis + dims.length : axis;
    if (a < 0 || a > dims.length) {
      throw new InvalidModelException(where + ": axis " + axis + " is outside rank " + dims.length);
    }
    return new int[] {product(dims, 0, (int) a), product(dims, (int) a, dims.length)};
  }

  /** Returns the dimensions of ONNX {@code Squeeze}; {@code null} axes remove every unit axis. */
  static int[] squeeze(int[] dims, long[] axes, String where) {
    boolean[] remove = new boolean[dims.length];
    if (axes == null) {
      for (int k = 0; k < dims.length; k++) {
        remove[k] = dims[k] == 1;
      }
    } else {
      for (long axis : axes) {
        int a = axis(axis, dims.length, where);
        if (dims[a] != 1) {
          throw new InvalidModelException(
              where + ": cannot squeeze axis " + a + " of length " + dims[a]);
        }
        remove[a] = true;
      }
    }
    return remove(dims, remove);
  }

  /** Returns the dimensions of ONNX {@code Unsqueeze}: unit axes inserted at {@code axes}. */
  static int[] unsqueeze(int[] dims, long[] axes, String where) {
    int rank = dims.length + axes.length;
    boolean[] inserted = new boolean[rank];
    for (long axis : axes) {
      int a = axis(axis, rank, where);
      if (inserted[a]) {
        throw new InvalidModelException(where + ": axis " + a + " is listed twice");
      }
      inserted[a] = true;
    }
    int[] out = new int[rank];
    int j = 0;
    for (int k = 0; k < rank; k++) {
      out[k] = inserted[k] ? 1 : dims[j++];
    }
    return out;
  }
}

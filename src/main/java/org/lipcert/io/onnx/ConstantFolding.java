package org.lipcert.io.onnx;

import java.util.Arrays;
import java.util.Set;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.lipcert.core.InvalidModelException;

/**
 * Evaluates ONNX nodes whose inputs are all constant: the shape-computing subgraphs exporters emit
 * (Shape → Gather → Unsqueeze → Concat → Reshape), {@code Constant} and {@code ConstantOfShape},
 * casts, ranges and arithmetic on constants such as {@code (x − μ)/σ} normalisation parameters.
 * None of this depends on the network input's values, so it is evaluated once, in float64 (integer
 * types keep integer semantics: division truncates).
 */
final class ConstantFolding {

  /** The operators this class evaluates. */
  static final Set<String> OPERATORS =
      Set.of(
          "Constant",
          "ConstantOfShape",
          "Shape",
          "Size",
          "Identity",
          "Dropout",
          "Cast",
          "CastLike",
          "Reshape",
          "Flatten",
          "Squeeze",
          "Unsqueeze",
          "Concat",
          "Gather",
          "Slice",
          "Transpose",
          "Expand",
          "Tile",
          "Range",
          "Split",
          "Where",
          "Add",
          "Sub",
          "Mul",
          "Div",
          "Pow",
          "Min",
          "Max",
          "Sum",
          "Mean",
          "Equal",
          "Less",
          "Greater",
          "LessOrEqual",
          "GreaterOrEqual",
          "And",
          "Or",
          "Xor",
          "Mod",
          "Neg",
          "Abs",
          "Sqrt",
          "Exp",
          "Log",
          "Reciprocal",
          "Floor",
          "Ceil",
          "Round",
          "Sign",
          "Relu",
          "Sigmoid",
          "Tanh",
          "Not",
          "Sin",
          "Cos",
          "Clip",
          "ReduceSum",
          "ReduceMean",
          "ReduceMax",
          "ReduceMin",
          "ReduceProd",
          "MatMul");

  private ConstantFolding() {}

  /**
   * Evaluates a node.
   *
   * @param op the op type
   * @param where the node's name, for messages
   * @param a its attributes
   * @param in its inputs, {@code null} for an absent optional input
   * @param opset the model's ONNX opset
   * @param maxElements the largest tensor allowed
   * @param outputs the number of outputs the node declares
   * @return one tensor per output
   * @throws InvalidModelException if the node is invalid or not foldable
   */
  static Tensor[] fold(
      String op,
      String where,
      NodeAttributes a,
      Tensor[] in,
      int opset,
      long maxElements,
      int outputs) {
    Tensor[] result =
        switch (op) {
          case "Constant" -> new Tensor[] {constant(where, a)};
          case "ConstantOfShape" -> new Tensor[] {constantOfShape(where, a, in[0], maxElements)};
          case "Shape" -> new Tensor[] {shape(where, a, in[0].dims())};
          case "Size" -> new Tensor[] {Tensor.scalar(where, Tensor.INT64, in[0].size())};
          case "Identity" -> new Tensor[] {in[0]};
          case "Dropout" -> dropout(where, in[0], outputs);
          case "Cast" -> new Tensor[] {cast(where, in[0], (int) a.getInt("to", Tensor.FLOAT))};
          case "CastLike" -> new Tensor[] {cast(where, in[0], in[1].dataType())};
          case "Reshape" -> new Tensor[] {reshape(where, a, in, opset)};
          case "Flatten" ->
              new Tensor[] {
                in[0].reshaped(where, Shapes.flatten(in[0].dims(), a.getInt("axis", 1), where))
              };
          case "Squeeze" ->
              new Tensor[] {
                in[0].reshaped(where, Shapes.squeeze(in[0].dims(), axes(a, in, opset, 13), where))
              };
          case "Unsqueeze" ->
              new Tensor[] {
                in[0].reshaped(
                    where,
                    Shapes.unsqueeze(in[0].dims(), required(axes(a, in, opset, 13), where), where))
              };
          case "Concat" -> new Tensor[] {concat(where, a, in)};
          case "Gather" -> new Tensor[] {gather(where, a, in)};
          case "Slice" ->
              new Tensor[] {select(in[0], slice(where, a, in, opset, in[0].dims()), where)};
          case "Transpose" ->
              new Tensor[] {
                select(
                    in[0], Selection.transpose(in[0].dims(), perm(a, in[0].rank()), where), where)
              };
          case "Expand" -> new Tensor[] {expand(where, in[0], in[1], maxElements)};
          case "Tile" ->
              new Tensor[] {
                select(
                    in[0], Selection.tile(in[0].dims(), in[1].longs(), maxElements, where), where)
              };
          case "Range" -> new Tensor[] {range(where, in, maxElements)};
          case "Split" -> split(where, a, in, opset, outputs);
          case "Where" -> new Tensor[] {where(where, in)};
          case "Add" -> new Tensor[] {binary(where, in[0], in[1], Double::sum, false)};
          case "Sub" -> new Tensor[] {binary(where, in[0], in[1], (x, y) -> x - y, false)};
          case "Mul" -> new Tensor[] {binary(where, in[0], in[1], (x, y) -> x * y, false)};
          case "Div" -> new Tensor[] {divide(where, in[0], in[1])};
          case "Pow" -> new Tensor[] {binary(where, in[0], in[1], Math::pow, false)};
          case "Mod" -> new Tensor[] {binary(where, in[0], in[1], ConstantFolding::mod, false)};
          case "Min" -> new Tensor[] {variadic(where, in, Math::min)};
          case "Max" -> new Tensor[] {variadic(where, in, Math::max)};
          case "Sum" -> new Tensor[] {variadic(where, in, Double::sum)};
          case "Mean" -> new Tensor[] {mean(where, in)};
          case "Equal" ->
              new Tensor[] {binary(where, in[0], in[1], (x, y) -> x == y ? 1 : 0, true)};
          case "Less" -> new Tensor[] {binary(where, in[0], in[1], (x, y) -> x < y ? 1 : 0, true)};
          case "Greater" ->
              new Tensor[] {binary(where, in[0], in[1], (x, y) -> x > y ? 1 : 0, true)};
          case "LessOrEqual" ->
              new Tensor[] {binary(where, in[0], in[1], (x, y) -> x <= y ? 1 : 0, true)};
          case "GreaterOrEqual" ->
              new Tensor[] {binary(where, in[0], in[1], (x, y) -> x >= y ? 1 : 0, true)};
          case "And" ->
              new Tensor[] {binary(where, in[0], in[1], (x, y) -> x != 0 && y != 0 ? 1 : 0, true)};
          case "Or" ->
              new Tensor[] {binary(where, in[0], in[1], (x, y) -> x != 0 || y != 0 ? 1 : 0, true)};
          case "Xor" ->
              new Tensor[] {
                binary(where, in[0], in[1], (x, y) -> (x != 0) != (y != 0) ? 1 : 0, true)
              };
          case "Neg" -> new Tensor[] {unary(where, in[0], x -> -x)};
          case "Abs" -> new Tensor[] {unary(where, in[0], Math::abs)};
          case "Sqrt" -> new Tensor[] {unary(where, in[0], Math::sqrt)};
          case "Exp" -> new Tensor[] {unary(where, in[0], Math::exp)};
          case "Log" -> new Tensor[] {unary(where, in[0], Math::log)};
          case "Reciprocal" -> new Tensor[] {unary(where, in[0], x -> 1 / x)};
          case "Floor" -> new Tensor[] {unary(where, in[0], Math::floor)};
          case "Ceil" -> new Tensor[] {unary(where, in[0], Math::ceil)};
          case "Round" -> new Tensor[] {unary(where, in[0], Math::rint)};
          case "Sign" -> new Tensor[] {unary(where, in[0], Math::signum)};
          case "Relu" -> new Tensor[] {unary(where, in[0], x -> Math.max(x, 0))};
          case "Sigmoid" -> new Tensor[] {unary(where, in[0], x -> 1 / (1 + Math.exp(-x)))};
          case "Tanh" -> new Tensor[] {unary(where, in[0], Math::tanh)};
          case "Sin" -> new Tensor[] {unary(where, in[0], Math::sin)};
          case "Cos" -> new Tensor[] {unary(where, in[0], Math::cos)};
          case "Not" ->
              new Tensor[] {
                new Tensor(
                    where, Tensor.BOOL, in[0].dims(), apply(in[0].values(), x -> x == 0 ? 1 : 0))
              };
          case "Clip" -> new Tensor[] {clip(where, a, in, opset)};
          case "ReduceSum", "ReduceMean", "ReduceMax", "ReduceMin", "ReduceProd" ->
              new Tensor[] {reduce(op, where, a, in, opset)};
          case "MatMul" -> new Tensor[] {matmul(where, in[0], in[1])};
          default ->
              throw new InvalidModelException(
                  "node '" + where + "': LipCert cannot evaluate a constant " + op);
        };
    for (Tensor t : result) {
      if (t != null && t.size() > maxElements) {
        throw new InvalidModelException(
            "node '" + where + "': the constant result has more than " + maxElements + " elements");
      }
    }
    return result;
  }

  private static long[] required(long[] axes, String where) {
    if (axes == null) {
      throw new InvalidModelException("node '" + where + "': axes are required");
    }
    return axes;
  }

  /**
   * Returns the axes of Squeeze/Unsqueeze/Reduce*: an attribute before {@code inputSince}, the
   * second input from it on; {@code null} when absent.
   */
  static long[] axes(NodeAttributes a, Tensor[] in, int opset, int inputSince) {
    if (opset < inputSince || a.has("axes")) {
      return a.getInts("axes");
    }
    return in.length > 1 && in[1] != null ? in[1].longs() : null;
  }

  /** Returns Transpose's permutation, by default the reversed axes. */
  static int[] perm(NodeAttributes a, int rank) {
    int[] perm = a.getIntArray("perm");
    if (perm == null) {
      perm = new int[rank];
      for (int k = 0; k < rank; k++) {
        perm[k] = rank - 1 - k;
      }
    }
    return perm;
  }

  /** Returns Slice's selection: attributes before opset 10, inputs from it on. */
  static Selection slice(String where, NodeAttributes a, Tensor[] in, int opset, int[] dims) {
    if (opset < 10) {
      return Selection.slice(
          dims, a.getInts("starts"), a.getInts("ends"), a.getInts("axes"), null, where);
    }
    if (in.length < 3 || in[1] == null || in[2] == null) {
      throw new InvalidModelException(
          "node '" + where + "': Slice needs constant starts and ends inputs");
    }
    long[] axes = in.length > 3 && in[3] != null ? in[3].longs() : null;
    long[] steps = in.length > 4 && in[4] != null ? in[4].longs() : null;
    return Selection.slice(dims, in[1].longs(), in[2].longs(), axes, steps, where);
  }

  /** Returns Reshape's target dimensions. */
  static int[] reshapeDims(String where, NodeAttributes a, Tensor shape, int[] dims, int opset) {
    long[] target = opset < 5 && a.has("shape") ? a.getInts("shape") : shape.longs();
    return Shapes.reshape(dims, target, a.getInt("allowzero", 0) == 1, "node '" + where + "'");
  }

  private static Tensor reshape(String where, NodeAttributes a, Tensor[] in, int opset) {
    return in[0].reshaped(
        where, reshapeDims(where, a, in.length > 1 ? in[1] : null, in[0].dims(), opset));
  }

  private static Tensor select(Tensor t, Selection s, String where) {
    return new Tensor(where, t.dataType(), s.dims(), s.apply(t.values(), 0));
  }

  private static Tensor constant(String where, NodeAttributes a) {
    Tensor t = a.getTensor("value");
    if (t != null) {
      return t.reshaped(where, t.dims());
    }
    if (a.has("value_float")) {
      return Tensor.scalar(where, Tensor.FLOAT, a.getFloat("value_float", 0));
    }
    if (a.has("value_int")) {
      return Tensor.scalar(where, Tensor.INT64, a.getInt("value_int", 0));
    }
    if (a.has("value_floats")) {
      double[] v = a.getFloats("value_floats");
      return new Tensor(where, Tensor.FLOAT, new int[] {v.length}, v);
    }
    if (a.has("value_ints")) {
      long[] v = a.getInts("value_ints");
      return Tensor.ofLongs(where, new int[] {v.length}, v);
    }
    throw new InvalidModelException(
        "node '" + where + "': a Constant without a numeric value is not supported");
  }

  private static Tensor constantOfShape(
      String where, NodeAttributes a, Tensor shape, long maxElements) {
    long[] dims = shape.longs();
    long size = 1;
    int[] d = new int[dims.length];
    for (int k = 0; k < dims.length; k++) {
      if (dims[k] < 0 || (size *= Math.max(1, dims[k])) > maxElements) {
        throw new InvalidModelException(
            "node '" + where + "': invalid or too large shape " + Arrays.toString(dims));
      }
      d[k] = (int) dims[k];
    }
    Tensor value = a.getTensor("value");
    double v = value == null ? 0 : value.values()[0];
    int type = value == null ? Tensor.FLOAT : value.dataType();
    double[] values = new double[Shapes.size(d)];
    Arrays.fill(values, v);
    return new Tensor(where, type, d, values);
  }

  static Tensor shape(String where, NodeAttributes a, int[] dims) {
    int rank = dims.length;
    long start = a.getInt("start", 0);
    long end = a.getInt("end", rank);
    int s = (int) Math.max(0, Math.min(rank, start < 0 ? start + rank : start));
    int e = (int) Math.max(0, Math.min(rank, end < 0 ? end + rank : end));
    long[] v = new long[Math.max(0, e - s)];
    for (int k = 0; k < v.length; k++) {
      v[k] = dims[s + k];
    }
    return Tensor.ofLongs(where, new int[] {v.length}, v);
  }

  private static Tensor[] dropout(String where, Tensor x, int outputs) {
    double[] ones = new double[x.size()];
    Arrays.fill(ones, 1);
    return outputs > 1
        ? new Tensor[] {x, new Tensor(where + ":mask", Tensor.BOOL, x.dims(), ones)}
        : new Tensor[] {x};
  }

  static Tensor cast(String where, Tensor x, int to) {
    double[] v = x.values().clone();
    if (Tensor.isIntegral(to)) {
      for (int i = 0; i < v.length; i++) {
        v[i] = to == Tensor.BOOL ? (v[i] != 0 ? 1 : 0) : (double) (long) v[i];
      }
    } else if (to == Tensor.FLOAT) {
      for (int i = 0; i < v.length; i++) {
        v[i] = (float) v[i];
      }
    }
    return new Tensor(where, to, x.dims(), v);
  }

  private static Tensor concat(String where, NodeAttributes a, Tensor[] in) {
    int rank = in[0].rank();
    int axis = Shapes.axis(a.getInt("axis", 0), rank, "node '" + where + "'");
    int[][] dims = new int[in.length][];
    int total = 0;
    for (int k = 0; k < in.length; k++) {
      dims[k] = in[k].dims();
      total += in[k].size();
    }
    double[] all = new double[total];
    int j = 0;
    for (Tensor t : in) {
      System.arraycopy(t.values(), 0, all, j, t.size());
      j += t.size();
    }
    Selection s = Selection.concat(dims, axis, "node '" + where + "'");
    return new Tensor(where, in[0].dataType(), s.dims(), s.apply(all, 0));
  }

  private static Tensor gather(String where, NodeAttributes a, Tensor[] in) {
    Tensor data = in[0];
    int axis = Shapes.axis(a.getInt("axis", 0), data.rank(), "node '" + where + "'");
    Selection s =
        Selection.gather(data.dims(), axis, in[1].ints(), in[1].dims(), "node '" + where + "'");
    return new Tensor(where, data.dataType(), s.dims(), s.apply(data.values(), 0));
  }

  private static Tensor expand(String where, Tensor x, Tensor shape, long maxElements) {
    int[] target = shape.ints();
    int[] out = Shapes.broadcast("node '" + where + "'", x.dims(), target);
    if (Shapes.size(out) < 0 || Shapes.size(out) > maxElements) {
      throw new InvalidModelException("node '" + where + "': the expanded tensor is too large");
    }
    return select(x, Selection.broadcast(x.dims(), out), where);
  }

  private static Tensor range(String where, Tensor[] in, long maxElements) {
    double start = in[0].scalarValue();
    double limit = in[1].scalarValue();
    double delta = in[2].scalarValue();
    double n = Math.ceil((limit - start) / delta);
    if (!(n >= 0) || n > maxElements) {
      n = Math.max(0, n);
      if (!(n <= maxElements)) {
        throw new InvalidModelException("node '" + where + "': the range is too long");
      }
    }
    double[] v = new double[(int) n];
    for (int i = 0; i < v.length; i++) {
      v[i] = start + i * delta;
    }
    return new Tensor(where, in[0].dataType(), new int[] {v.length}, v);
  }

  /** Returns Split's part lengths: attribute {@code split}, input 2 (opset 13), or equal parts. */
  static int[] splitLengths(
      String where, NodeAttributes a, Tensor[] in, int opset, int length, int outputs) {
    long[] split = a.getInts("split");
    if (split == null && opset >= 13 && in.length > 1 && in[1] != null) {
      split = in[1].longs();
    }
    int[] parts = new int[outputs];
    if (split == null) {
      int n = (int) a.getInt("num_outputs", outputs);
      int chunk = (length + n - 1) / n;
      for (int k = 0; k < outputs; k++) {
        parts[k] = Math.max(0, Math.min(chunk, length - k * chunk));
      }
    } else {
      if (split.length != outputs) {
        throw new InvalidModelException(
            "node '"
                + where
                + "': split has "
                + split.length
                + " parts for "
                + outputs
                + " outputs");
      }
      for (int k = 0; k < outputs; k++) {
        parts[k] = (int) split[k];
      }
    }
    int sum = 0;
    for (int p : parts) {
      sum += p;
    }
    if (sum != length) {
      throw new InvalidModelException(
          "node '"
              + where
              + "': the parts "
              + Arrays.toString(parts)
              + " do not add up to "
              + length);
    }
    return parts;
  }

  private static Tensor[] split(
      String where, NodeAttributes a, Tensor[] in, int opset, int outputs) {
    Tensor x = in[0];
    int axis = Shapes.axis(a.getInt("axis", 0), x.rank(), "node '" + where + "'");
    int[] parts = splitLengths(where, a, in, opset, x.dims()[axis], outputs);
    Tensor[] result = new Tensor[outputs];
    long start = 0;
    for (int k = 0; k < outputs; k++) {
      Selection s =
          Selection.slice(
              x.dims(),
              new long[] {start},
              new long[] {start + parts[k]},
              new long[] {axis},
              null,
              "node '" + where + "'");
      result[k] = select(x, s, where + ":" + k);
      start += parts[k];
    }
    return result;
  }

  private static Tensor where(String where, Tensor[] in) {
    int[] out = Shapes.broadcast("node '" + where + "'", in[0].dims(), in[1].dims(), in[2].dims());
    double[] c = Shapes.broadcastValues(in[0], out);
    double[] x = Shapes.broadcastValues(in[1], out);
    double[] y = Shapes.broadcastValues(in[2], out);
    double[] v = new double[c.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = c[i] != 0 ? x[i] : y[i];
    }
    return new Tensor(where, in[1].dataType(), out, v);
  }

  static Tensor binary(
      String where, Tensor x, Tensor y, DoubleBinaryOperator f, boolean comparison) {
    int[] out = Shapes.broadcast("node '" + where + "'", x.dims(), y.dims());
    double[] a = Shapes.broadcastValues(x, out);
    double[] b = Shapes.broadcastValues(y, out);
    double[] v = new double[a.length];
    for (int i = 0; i < v.length; i++) {
      v[i] = f.applyAsDouble(a[i], b[i]);
    }
    return new Tensor(where, comparison ? Tensor.BOOL : x.dataType(), out, v);
  }

  private static Tensor divide(String where, Tensor x, Tensor y) {
    boolean integral = x.integral() && y.integral();
    return binary(
        where,
        x,
        y,
        integral ? (p, q) -> q == 0 ? 0 : (double) ((long) p / (long) q) : (p, q) -> p / q,
        false);
  }

  private static double mod(double x, double y) {
    double r = x % y;
    return r != 0 && (r < 0) != (y < 0) ? r + y : r;
  }

  private static Tensor variadic(String where, Tensor[] in, DoubleBinaryOperator f) {
    Tensor acc = in[0];
    for (int k = 1; k < in.length; k++) {
      acc = binary(where, acc, in[k], f, false);
    }
    return acc;
  }

  private static Tensor mean(String where, Tensor[] in) {
    Tensor sum = variadic(where, in, Double::sum);
    double n = in.length;
    return new Tensor(where, sum.dataType(), sum.dims(), apply(sum.values(), v -> v / n));
  }

  private static Tensor unary(String where, Tensor x, DoubleUnaryOperator f) {
    return new Tensor(where, x.dataType(), x.dims(), apply(x.values(), f));
  }

  private static double[] apply(double[] v, DoubleUnaryOperator f) {
    double[] r = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      r[i] = f.applyAsDouble(v[i]);
    }
    return r;
  }

  /**
   * Returns Clip's bounds: attributes before opset 11, optional inputs from it on; ±∞ if absent.
   */
  static double[] clipBounds(NodeAttributes a, Tensor[] in, int opset) {
    double lo = Double.NEGATIVE_INFINITY;
    double hi = Double.POSITIVE_INFINITY;
    if (opset < 11) {
      lo = a.getFloat("min", -Float.MAX_VALUE);
      hi = a.getFloat("max", Float.MAX_VALUE);
    } else {
      if (in.length > 1 && in[1] != null) {
        lo = in[1].scalarValue();
      }
      if (in.length > 2 && in[2] != null) {
        hi = in[2].scalarValue();
      }
    }
    return new double[] {lo, hi};
  }

  private static Tensor clip(String where, NodeAttributes a, Tensor[] in, int opset) {
    double[] b = clipBounds(a, in, opset);
    return unary(where, in[0], x -> Math.min(Math.max(x, b[0]), b[1]));
  }

  private static Tensor reduce(String op, String where, NodeAttributes a, Tensor[] in, int opset) {
    Tensor x = in[0];
    long[] axesList = axes(a, in, opset, op.equals("ReduceSum") ? 13 : 18);
    boolean keep = a.getInt("keepdims", 1) == 1;
    int rank = x.rank();
    boolean[] reduced = new boolean[rank];
    if (axesList == null || axesList.length == 0) {
      if (a.getInt("noop_with_empty_axes", 0) == 1) {
        return x;
      }
      Arrays.fill(reduced, true);
    } else {
      for (long axis : axesList) {
        reduced[Shapes.axis(axis, rank, "node '" + where + "'")] = true;
      }
    }
    int[] dims = x.dims();
    int[] kept = dims.clone();
    for (int k = 0; k < rank; k++) {
      if (reduced[k]) {
        kept[k] = 1;
      }
    }
    int[] keptStrides = Shapes.strides(kept);
    int n = Shapes.size(kept);
    double[] acc = new double[n];
    int[] counts = new int[n];
    double init =
        switch (op) {
          case "ReduceMax" -> Double.NEGATIVE_INFINITY;
          case "ReduceMin" -> Double.POSITIVE_INFINITY;
          case "ReduceProd" -> 1;
          default -> 0;
        };
    Arrays.fill(acc, init);
    int[] index = new int[rank];
    double[] v = x.values();
    for (int i = 0; i < v.length; i++) {
      int o = 0;
      for (int k = 0; k < rank; k++) {
        o += (reduced[k] ? 0 : index[k]) * keptStrides[k];
      }
      acc[o] =
          switch (op) {
            case "ReduceMax" -> Math.max(acc[o], v[i]);
            case "ReduceMin" -> Math.min(acc[o], v[i]);
            case "ReduceProd" -> acc[o] * v[i];
            default -> acc[o] + v[i];
          };
      counts[o]++;
      Shapes.increment(index, dims);
    }
    if (op.equals("ReduceMean")) {
      for (int o = 0; o < n; o++) {
        acc[o] /= counts[o];
      }
    }
    return new Tensor(where, x.dataType(), keep ? kept : Shapes.remove(dims, reduced), acc);
  }

  private static Tensor matmul(String where, Tensor x, Tensor y) {
    if (x.rank() > 2 || y.rank() > 2 || x.rank() == 0 || y.rank() == 0) {
      throw new InvalidModelException(
          "node '" + where + "': constant MatMul of ranks above 2 is not supported");
    }
    int[] xd = x.rank() == 1 ? new int[] {1, x.dims()[0]} : x.dims();
    int[] yd = y.rank() == 1 ? new int[] {y.dims()[0], 1} : y.dims();
    if (xd[1] != yd[0]) {
      throw new InvalidModelException("node '" + where + "': MatMul shapes do not match");
    }
    int m = xd[0];
    int k = xd[1];
    int n = yd[1];
    double[] r = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int l = 0; l < k; l++) {
        double a = x.values()[i * k + l];
        for (int j = 0; j < n; j++) {
          r[i * n + j] += a * y.values()[l * n + j];
        }
      }
    }
    int[] out =
        x.rank() == 1 && y.rank() == 1
            ? new int[0]
            : x.rank() == 1 ? new int[] {n} : y.rank() == 1 ? new int[] {m} : new int[] {m, n};
    return new Tensor(where, x.dataType(), out, r);
  }
}

package org.lipcert.core.operator;

import java.util.Arrays;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.UpwardArithmetic;

/**
 * An operator in which every output is one input times a constant, or zero: {@code y[o] =
 * scale[o]·x[source[o]]}, {@code source[o] = −1} for a constant zero. It describes, on a fixed
 * shape, Transpose, zero / reflect / edge Pad, Slice, Gather, Expand, Tile, nearest upsampling, the
 * multiplication or division by a broadcast constant, and a batch normalisation's scaling.
 *
 * <p><b>Exact norm.</b> The columns of {@code A} have disjoint supports (each output reads one
 * input), so {@code AᵀA} is diagonal with entries {@code Σ_{o: source[o] = i} scale[o]²}, and
 * {@code ‖A‖₂ = max_i √(Σ_{o: source[o] = i} scale[o]²)} — for a broadcast that copies an input
 * {@code r} times with factor {@code c}, {@code √r·|c|} (DESIGN §1). The bracket is that value with
 * directed rounding; the unit vector {@code e_i} of the maximising input attains it.
 */
public final class ScaledSelection implements LinearOperator, ClosedFormNorm {

  private final int inputSize;
  private final int[] source;
  private final double[] scale;
  private final String formula;
  private final double relativeError;
  private final double normUpper;
  private final double normLower;

  /**
   * Creates the operator.
   *
   * @param inputSize {@code n}
   * @param source for each output, the input it copies, or −1 for zero (copied)
   * @param scale for each output, its factor, or {@code null} for all ones (copied)
   * @param formula the name reported as the bracket's method, e.g. {@code pad} or {@code scale}
   * @throws InvalidModelException if an index is out of range or a factor is not finite
   */
  public ScaledSelection(int inputSize, int[] source, double[] scale, String formula) {
    this(inputSize, source, scale, formula, 0);
  }

  /**
   * Creates the operator whose factors approximate exact ones, such as {@code fl(1/c)} for a
   * division or {@code fl(γ/√(σ² + ε))} for a batch normalisation.
   *
   * @param inputSize {@code n}
   * @param source for each output, the input it copies, or −1 for zero (copied)
   * @param scale for each output, its factor, or {@code null} for all ones (copied)
   * @param formula the name reported as the bracket's method
   * @param relativeError a bound on {@code |scale[o] − exact[o]| / |scale[o]|}; the norm bracket is
   *     widened by it on both sides
   * @throws InvalidModelException if an index is out of range or a factor is not finite
   */
  public ScaledSelection(
      int inputSize, int[] source, double[] scale, String formula, double relativeError) {
    if (scale != null && scale.length != source.length) {
      throw new IllegalArgumentException("one factor per output is needed");
    }
    this.inputSize = inputSize;
    this.source = source.clone();
    this.scale = scale == null ? null : scale.clone();
    this.formula = formula;
    this.relativeError = relativeError;
    // sums of squares of the factors copied from each input, scaled by a power of two so that
    // neither huge nor tiny factors over- or underflow
    double maxFactor = 0;
    for (int o = 0; o < source.length; o++) {
      double c = scale == null ? 1 : scale[o];
      if (!Double.isFinite(c)) {
        throw new InvalidModelException("factor " + o + " is " + c + "; constants must be finite");
      }
      if (source[o] < -1 || source[o] >= inputSize) {
        throw new IllegalArgumentException("source index " + source[o] + " out of range");
      }
      if (source[o] >= 0) {
        maxFactor = Math.max(maxFactor, Math.abs(c));
      }
    }
    int exponent = maxFactor == 0 ? 0 : Math.getExponent(maxFactor);
    double[] upper = new double[inputSize];
    double[] lower = new double[inputSize];
    for (int o = 0; o < source.length; o++) {
      int i = source[o];
      if (i >= 0) {
        double c = Math.scalb(scale == null ? 1 : scale[o], -exponent);
        upper[i] = UpwardArithmetic.add(upper[i], UpwardArithmetic.multiply(c, c));
        lower[i] = Math.max(0, Math.nextDown(lower[i] + UpwardArithmetic.multiplyDown(c, c)));
      }
    }
    double maxUpper = 0;
    double maxLower = 0;
    for (int i = 0; i < inputSize; i++) {
      maxUpper = Math.max(maxUpper, upper[i]);
      maxLower = Math.max(maxLower, lower[i]);
    }
    // scaling the factors down may lose bits of tiny ones: each loses at most 2^-1075 relative to
    // 2^exponent, which the absolute allowance below covers
    double copies = source.length;
    maxUpper = UpwardArithmetic.add(maxUpper, UpwardArithmetic.multiply(copies, 0x1p-1070));
    this.normUpper =
        Math.nextUp(
            Math.scalb(
                UpwardArithmetic.multiply(UpwardArithmetic.sqrt(maxUpper), 1 + relativeError),
                exponent));
    double lowerScaled =
        UpwardArithmetic.subtractDown(
            UpwardArithmetic.sqrtDown(maxLower), UpwardArithmetic.sqrt(copies * 0x1p-1070));
    this.normLower =
        Math.max(
            0,
            Math.nextDown(
                Math.scalb(
                    UpwardArithmetic.multiplyDown(Math.max(0, lowerScaled), 1 - relativeError),
                    exponent)));
  }

  /** Returns the identity on {@code n} elements (the linear part of adding a constant). */
  public static ScaledSelection identity(int n) {
    int[] source = new int[n];
    for (int i = 0; i < n; i++) {
      source[i] = i;
    }
    return new ScaledSelection(n, source, null, "identity");
  }

  /**
   * Returns the selection of a sub-tensor by per-axis index lists (ONNX {@code Slice}, {@code
   * Gather}, {@code Split}, {@code Tile}, {@code Expand}, nearest {@code Resize}): output {@code
   * (o₀, …, o_r)} copies input {@code (indices[0][o₀], …, indices[r][o_r])}. Repeated indices copy
   * an element several times, which the norm accounts for.
   *
   * @param dims the input shape
   * @param indices for each axis, the input positions that make up the output axis, in order
   * @param formula the reported method name
   * @return the operator
   * @throws InvalidModelException if an index is outside its axis
   */
  public static ScaledSelection select(int[] dims, int[][] indices, String formula) {
    int rank = dims.length;
    int[] outDims = new int[rank];
    for (int k = 0; k < rank; k++) {
      outDims[k] = indices[k].length;
      for (int i : indices[k]) {
        if (i < 0 || i >= dims[k]) {
          throw new InvalidModelException(
              "index " + i + " is outside axis " + k + " of length " + dims[k]);
        }
      }
    }
    int[] inStrides = strides(dims);
    int size = size(outDims);
    int[] source = new int[size];
    int[] index = new int[rank];
    for (int o = 0; o < size; o++) {
      int in = 0;
      for (int k = 0; k < rank; k++) {
        in += indices[k][index[k]] * inStrides[k];
      }
      source[o] = in;
      increment(index, outDims);
    }
    return new ScaledSelection(size(dims), source, null, formula);
  }

  /**
   * Returns the permutation of axes of a row-major tensor (ONNX {@code Transpose}).
   *
   * @param dims the input shape
   * @param permutation output axis {@code k} is input axis {@code permutation[k]}
   * @return the operator
   */
  public static ScaledSelection transpose(int[] dims, int[] permutation) {
    int rank = dims.length;
    int[] outDims = new int[rank];
    for (int k = 0; k < rank; k++) {
      outDims[k] = dims[permutation[k]];
    }
    int[] inStrides = strides(dims);
    int size = size(dims);
    int[] source = new int[size];
    int[] index = new int[rank];
    for (int o = 0; o < size; o++) {
      int in = 0;
      for (int k = 0; k < rank; k++) {
        in += index[k] * inStrides[permutation[k]];
      }
      source[o] = in;
      increment(index, outDims);
    }
    return new ScaledSelection(size, source, null, "permutation");
  }

  /**
   * Returns a padding of a row-major tensor (ONNX {@code Pad}); {@code mode} {@code constant} pads
   * with zeros (the linear part of any constant), {@code reflect} mirrors without repeating the
   * edge, {@code edge} repeats it.
   *
   * @param dims the input shape
   * @param begin padding before each axis
   * @param end padding after each axis
   * @param mode {@code constant}, {@code reflect} or {@code edge}
   * @return the operator
   * @throws InvalidModelException for an unknown mode or a reflection wider than the axis
   */
  public static ScaledSelection pad(int[] dims, int[] begin, int[] end, String mode) {
    int rank = dims.length;
    int[] outDims = new int[rank];
    for (int k = 0; k < rank; k++) {
      outDims[k] = dims[k] + begin[k] + end[k];
      if (outDims[k] < 1) {
        throw new InvalidModelException("padding leaves axis " + k + " empty");
      }
      if (mode.equals("reflect") && (begin[k] >= dims[k] || end[k] >= dims[k])) {
        throw new InvalidModelException(
            "reflect padding of "
                + Math.max(begin[k], end[k])
                + " needs an axis longer than that, axis "
                + k
                + " has "
                + dims[k]);
      }
    }
    if (!mode.equals("constant") && !mode.equals("reflect") && !mode.equals("edge")) {
      throw new InvalidModelException("unknown pad mode '" + mode + "'");
    }
    int[] inStrides = strides(dims);
    int size = size(outDims);
    int[] source = new int[size];
    int[] index = new int[rank];
    for (int o = 0; o < size; o++) {
      int in = 0;
      for (int k = 0; k < rank && in >= 0; k++) {
        int i = index[k] - begin[k];
        if (i < 0 || i >= dims[k]) {
          switch (mode) {
            case "constant" -> i = -1;
            case "edge" -> i = Math.max(0, Math.min(dims[k] - 1, i));
            default -> i = i < 0 ? -i : 2 * (dims[k] - 1) - i;
          }
        }
        in = i < 0 ? -1 : in + i * inStrides[k];
      }
      source[o] = in;
      increment(index, outDims);
    }
    return new ScaledSelection(size(dims), source, null, mode + "-pad");
  }

  /**
   * Returns the element-wise multiplication by a constant broadcast against the input (the linear
   * part of ONNX {@code Mul} / {@code Div} by a constant, or of a batch normalisation).
   *
   * @param inputDims the input shape
   * @param constantDims the constant's shape, broadcastable against the input (NumPy rules)
   * @param constant its values, row-major
   * @param formula the reported method name
   * @return the operator on the broadcast output shape
   */
  public static ScaledSelection broadcastMultiply(
      int[] inputDims, int[] constantDims, double[] constant, String formula) {
    return broadcastMultiply(inputDims, constantDims, constant, formula, 0);
  }

  /**
   * Returns {@link #broadcastMultiply(int[], int[], double[], String)} for factors that approximate
   * exact ones within a relative {@code relativeError}.
   *
   * @param inputDims the input shape
   * @param constantDims the constant's shape
   * @param constant its values, row-major
   * @param formula the reported method name
   * @param relativeError the factors' relative error
   * @return the operator
   */
  public static ScaledSelection broadcastMultiply(
      int[] inputDims,
      int[] constantDims,
      double[] constant,
      String formula,
      double relativeError) {
    int rank = Math.max(inputDims.length, constantDims.length);
    int[] in = leftPad(inputDims, rank);
    int[] c = leftPad(constantDims, rank);
    int[] out = new int[rank];
    for (int k = 0; k < rank; k++) {
      if (in[k] != c[k] && in[k] != 1 && c[k] != 1) {
        throw new InvalidModelException(
            "shapes "
                + Arrays.toString(inputDims)
                + " and "
                + Arrays.toString(constantDims)
                + " cannot be broadcast together");
      }
      out[k] = Math.max(in[k], c[k]);
    }
    int[] inStrides = strides(in);
    int[] cStrides = strides(c);
    int size = size(out);
    int[] source = new int[size];
    double[] scale = new double[size];
    int[] index = new int[rank];
    for (int o = 0; o < size; o++) {
      int i = 0;
      int j = 0;
      for (int k = 0; k < rank; k++) {
        i += (in[k] == 1 ? 0 : index[k]) * inStrides[k];
        j += (c[k] == 1 ? 0 : index[k]) * cStrides[k];
      }
      source[o] = i;
      scale[o] = constant[j];
      increment(index, out);
    }
    return new ScaledSelection(size(in), source, scale, formula, relativeError);
  }

  /** Returns the output shape of {@link #broadcastMultiply} (NumPy broadcasting). */
  public static int[] broadcastShape(int[] a, int[] b) {
    int rank = Math.max(a.length, b.length);
    int[] x = leftPad(a, rank);
    int[] y = leftPad(b, rank);
    int[] out = new int[rank];
    for (int k = 0; k < rank; k++) {
      out[k] = Math.max(x[k], y[k]);
    }
    return out;
  }

  /**
   * Returns the factors if this operator is diagonal ({@code source[o] = o}, as many outputs as
   * inputs), all ones for a pure identity, or {@code null} when it moves elements.
   */
  public double[] diagonal() {
    if (source.length != inputSize) {
      return null;
    }
    for (int o = 0; o < source.length; o++) {
      if (source[o] != o) {
        return null;
      }
    }
    if (scale == null) {
      double[] ones = new double[inputSize];
      Arrays.fill(ones, 1);
      return ones;
    }
    return scale.clone();
  }

  /** Returns the selection with the factors' absolute values: {@code |A|}. */
  @Override
  public ScaledSelection absolute() {
    if (scale == null) {
      return this;
    }
    double[] magnitudes = new double[scale.length];
    for (int o = 0; o < scale.length; o++) {
      magnitudes[o] = Math.abs(scale[o]);
    }
    return new ScaledSelection(inputSize, source, magnitudes, formula, relativeError);
  }

  /** Returns the relative error of the factors against the exact ones (see the constructor). */
  public double relativeError() {
    return relativeError;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int outputSize() {
    return source.length;
  }

  @Override
  public void apply(double[] x, double[] y) {
    for (int o = 0; o < source.length; o++) {
      int i = source[o];
      y[o] = i < 0 ? 0 : scale == null ? x[i] : scale[o] * x[i];
    }
  }

  @Override
  public void applyAdjoint(double[] y, double[] x) {
    Arrays.fill(x, 0, inputSize, 0.0);
    for (int o = 0; o < source.length; o++) {
      int i = source[o];
      if (i >= 0) {
        x[i] += scale == null ? y[o] : scale[o] * y[o];
      }
    }
  }

  @Override
  public int termsPerOutput() {
    return 1;
  }

  @Override
  public double absoluteNormUpperBound() {
    return normUpper;
  }

  @Override
  public double normLowerBound() {
    return normLower;
  }

  @Override
  public double normUpperBound() {
    return normUpper;
  }

  @Override
  public String normFormula() {
    return formula;
  }

  static int[] strides(int[] dims) {
    int[] strides = new int[dims.length];
    int stride = 1;
    for (int k = dims.length - 1; k >= 0; k--) {
      strides[k] = stride;
      stride *= dims[k];
    }
    return strides;
  }

  static int size(int[] dims) {
    long size = 1;
    for (int d : dims) {
      size *= d;
    }
    if (size > Integer.MAX_VALUE) {
      throw new InvalidModelException("tensor of shape " + Arrays.toString(dims) + " is too large");
    }
    return (int) size;
  }

  private static void increment(int[] index, int[] dims) {
    for (int k = dims.length - 1; k >= 0; k--) {
      if (++index[k] < dims[k]) {
        return;
      }
      index[k] = 0;
    }
  }

  private static int[] leftPad(int[] dims, int rank) {
    int[] padded = new int[rank];
    Arrays.fill(padded, 1);
    System.arraycopy(dims, 0, padded, rank - dims.length, dims.length);
    return padded;
  }
}

package org.lipcert.core.operator;

import java.util.ArrayList;
import java.util.List;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;

/**
 * Merges consecutive linear operators into fewer, equivalent ones (DESIGN §1: "merge consecutive
 * linear operations with nothing non-linear between them"): a dense matrix after a dense matrix
 * becomes their product, a diagonal scaling next to a dense matrix scales its columns or rows, a
 * per-channel scaling next to a convolution (batch normalisation after, input normalisation before)
 * scales its kernel, and identities vanish.
 *
 * <p>The merged operators are computed in floating point, so each result carries a bound on {@code
 * ‖computed − exact‖₂}, which a bracket of the result must absorb: a product of {@code k} terms per
 * entry errs by at most {@code γ_k|A||B|} (Higham 2002, eq. 3.5), a scaling by {@code u} relative
 * per entry plus the scaling's own stated error; errors of the factors propagate through the norms
 * of the others.
 */
public final class OperatorFusion {

  /** The largest product matrix formed, in entries (8 bytes each). */
  public static final long MAX_PRODUCT_ENTRIES = 1L << 22;

  /** The largest product computed, in multiply-adds. */
  public static final long MAX_PRODUCT_WORK = 1L << 30;

  /**
   * An operator and a bound on its distance to the exact composition it stands for.
   *
   * @param operator the computed operator
   * @param error a number {@code ≥ ‖operator − exact‖₂}
   */
  public record Fused(LinearOperator operator, double error) {}

  private OperatorFusion() {}

  /**
   * Fuses a chain of operators, in the order they act.
   *
   * @param parts the chain, at least one operator
   * @return an equivalent chain, each element with its error bound
   */
  public static List<Fused> fuse(List<LinearOperator> parts) {
    List<Fused> chain = new ArrayList<>();
    for (LinearOperator part : parts) {
      Fused next = new Fused(part, 0);
      double[] diagonal = diagonalOf(part);
      if (diagonal != null && isOnes(diagonal) && ((ScaledSelection) part).relativeError() == 0) {
        continue;
      }
      while (!chain.isEmpty()) {
        Fused merged = merge(chain.get(chain.size() - 1), next);
        if (merged == null) {
          break;
        }
        chain.remove(chain.size() - 1);
        next = merged;
      }
      chain.add(next);
    }
    if (chain.isEmpty()) {
      chain.add(new Fused(parts.get(0), 0));
    }
    return chain;
  }

  /** Returns the operator equal to {@code second ∘ first}, or {@code null} if no rule applies. */
  private static Fused merge(Fused first, Fused second) {
    DenseMatrix a = denseOf(first.operator());
    DenseMatrix b = denseOf(second.operator());
    double[] da = diagonalOf(first.operator());
    double[] db = diagonalOf(second.operator());
    if (a != null && b != null) {
      return product(b, second.error(), a, first.error());
    }
    if (da != null && b != null) {
      return scaledColumns(b, second.error(), da, first);
    }
    if (a != null && db != null) {
      return scaledRows(a, first.error(), db, second);
    }
    if (first.operator() instanceof Convolution conv && db != null) {
      return convolutionThenScale(conv, first.error(), db, second);
    }
    if (da != null && second.operator() instanceof Convolution conv) {
      return scaleThenConvolution(da, first, conv, second.error());
    }
    return null;
  }

  private static DenseMatrix denseOf(LinearOperator operator) {
    if (operator instanceof DenseMatrix dense) {
      return dense;
    }
    if (operator instanceof AxisLinear axis && axis.inputSize() == axis.weights().cols()) {
      return axis.weights();
    }
    return null;
  }

  private static double[] diagonalOf(LinearOperator operator) {
    return operator instanceof ScaledSelection selection ? selection.diagonal() : null;
  }

  private static double relativeErrorOf(Fused fused) {
    return fused.operator() instanceof ScaledSelection s ? s.relativeError() : 0;
  }

  private static boolean isOnes(double[] values) {
    for (double v : values) {
      if (v != 1) {
        return false;
      }
    }
    return true;
  }

  /** {@code B·A} with error {@code γ_k‖B‖_F‖A‖_F + ‖B‖e_A + e_B‖A‖ + e_A e_B}. */
  private static Fused product(DenseMatrix b, double eb, DenseMatrix a, double ea) {
    int m = b.rows();
    int k = b.cols();
    int n = a.cols();
    if ((long) m * n > MAX_PRODUCT_ENTRIES || (long) m * k * n > MAX_PRODUCT_WORK) {
      return null;
    }
    double[] data = new double[m * n];
    for (int i = 0; i < m; i++) {
      for (int l = 0; l < k; l++) {
        double w = b.get(i, l);
        if (w == 0) {
          continue;
        }
        for (int j = 0; j < n; j++) {
          data[i * n + j] += w * a.get(l, j);
        }
      }
    }
    double fa = a.frobeniusNormUpperBound();
    double fb = b.frobeniusNormUpperBound();
    double error =
        UpwardArithmetic.multiply(RoundingModel.gamma(k), UpwardArithmetic.multiply(fb, fa));
    error = UpwardArithmetic.add(error, UpwardArithmetic.multiply(fb, ea));
    error = UpwardArithmetic.add(error, UpwardArithmetic.multiply(eb, fa));
    error = UpwardArithmetic.add(error, UpwardArithmetic.multiply(ea, eb));
    return new Fused(DenseMatrix.of(m, n, data), error);
  }

  /** {@code B·diag(d)}: columns scaled, each entry rounded once, plus the diagonal's own error. */
  private static Fused scaledColumns(DenseMatrix b, double eb, double[] d, Fused diagonal) {
    double[] data = b.toRowMajorArray();
    int n = b.cols();
    for (int i = 0; i < data.length; i++) {
      data[i] *= d[i % n];
    }
    DenseMatrix result = DenseMatrix.of(b.rows(), n, data);
    return new Fused(result, scalingError(result, relativeErrorOf(diagonal), eb, maxAbs(d)));
  }

  /** {@code diag(d)·A}: rows scaled. */
  private static Fused scaledRows(DenseMatrix a, double ea, double[] d, Fused diagonal) {
    double[] data = a.toRowMajorArray();
    int n = a.cols();
    for (int i = 0; i < data.length; i++) {
      data[i] *= d[i / n];
    }
    DenseMatrix result = DenseMatrix.of(a.rows(), n, data);
    return new Fused(result, scalingError(result, relativeErrorOf(diagonal), ea, maxAbs(d)));
  }

  /**
   * Returns {@code (u + ε)·‖|R|‖·(1 + u)/(1 − ε − u) + ‖D‖·e}: the rounding of each scaled entry
   * and the diagonal's relative error {@code ε}, relative to the computed result {@code R}, plus
   * the other factor's error {@code e} scaled by the diagonal's norm.
   */
  private static double scalingError(
      LinearOperator result, double epsilon, double otherError, double diagonalNorm) {
    double relative = RoundingModel.UNIT_ROUNDOFF + epsilon;
    double factor =
        UpwardArithmetic.divide(
            relative * (1 + RoundingModel.UNIT_ROUNDOFF), Math.nextDown(1 - relative));
    return UpwardArithmetic.add(
        UpwardArithmetic.multiply(factor, result.absoluteNormUpperBound()),
        UpwardArithmetic.multiply(
            UpwardArithmetic.multiply(diagonalNorm, 1 + epsilon), otherError));
  }

  private static double maxAbs(double[] values) {
    double max = 0;
    for (double v : values) {
      max = Math.max(max, Math.abs(v));
    }
    return max;
  }

  /** A scaling constant on each output channel of a convolution folds into its kernel. */
  private static Fused convolutionThenScale(
      Convolution conv, double error, double[] d, Fused diagonal) {
    ConvolutionGeometry g = conv.geometry();
    int spatial = g.outputHeight() * g.outputWidth();
    double[] perChannel = perChannel(d, g.outChannels(), spatial);
    if (perChannel == null) {
      return null;
    }
    double[] kernel = conv.kernel();
    int perOutput = kernel.length / g.outChannels();
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] *= perChannel[i / perOutput];
    }
    Convolution result = new Convolution(g, kernel);
    return new Fused(
        result, scalingError(result, relativeErrorOf(diagonal), error, maxAbs(perChannel)));
  }

  /** A scaling constant on each input channel before a zero-padded convolution folds into it. */
  private static Fused scaleThenConvolution(
      double[] d, Fused diagonal, Convolution conv, double error) {
    ConvolutionGeometry g = conv.geometry();
    double[] perChannel = perChannel(d, g.inChannels(), g.inputHeight() * g.inputWidth());
    if (perChannel == null) {
      return null;
    }
    double[] kernel = conv.kernel();
    int cinG = g.inChannelsPerGroup();
    int coutG = g.outChannelsPerGroup();
    int taps = g.kernelHeight() * g.kernelWidth();
    for (int o = 0; o < g.outChannels(); o++) {
      int group = o / coutG;
      for (int c = 0; c < cinG; c++) {
        double s = perChannel[group * cinG + c];
        for (int t = 0; t < taps; t++) {
          kernel[(o * cinG + c) * taps + t] *= s;
        }
      }
    }
    Convolution result = new Convolution(g, kernel);
    return new Fused(
        result, scalingError(result, relativeErrorOf(diagonal), error, maxAbs(perChannel)));
  }

  /** Returns one factor per channel if {@code d} is constant within each channel, else null. */
  private static double[] perChannel(double[] d, int channels, int spatial) {
    if (d.length != channels * spatial) {
      return null;
    }
    double[] values = new double[channels];
    for (int c = 0; c < channels; c++) {
      values[c] = d[c * spatial];
      for (int i = 1; i < spatial; i++) {
        if (d[c * spatial + i] != values[c]) {
          return null;
        }
      }
    }
    return values;
  }
}

package org.lipcert.core.spectral;

/**
 * A real symmetric {@code n × n} band matrix with half-bandwidth {@code w}, its lower band stored
 * row by row ({@code a_ij} for {@code i − w ≤ j ≤ i} at {@code i(w + 1) + j − i + w}), with a bound
 * on the spectral norm of its error against the exact matrix it was computed for.
 *
 * <p>Mutable while it is assembled ({@link #addBlock}); {@link #choleskyFactorisable} works on a
 * copy. Not thread-safe.
 */
final class BandMatrix {

  private final int size;
  private final int bandwidth;
  private final double[] data;
  private double errorBound;

  /**
   * Creates the zero matrix.
   *
   * @param size {@code n}
   * @param bandwidth {@code w < n}
   */
  BandMatrix(int size, int bandwidth) {
    if (bandwidth < 0 || bandwidth >= Math.max(size, 1)) {
      throw new IllegalArgumentException("bandwidth " + bandwidth + " for size " + size);
    }
    this.size = size;
    this.bandwidth = bandwidth;
    this.data = new double[Math.multiplyExact(size, bandwidth + 1)];
  }

  /** Returns {@code n}. */
  int size() {
    return size;
  }

  /** Returns {@code w}. */
  int bandwidth() {
    return bandwidth;
  }

  /** Returns {@code a_ij} for any {@code i, j} (zero outside the band). */
  double get(int i, int j) {
    if (j > i) {
      return get(j, i);
    }
    return i - j > bandwidth ? 0 : data[i * (bandwidth + 1) + j - i + bandwidth];
  }

  /** Returns a bound on {@code ‖A − A_exact‖₂} set by {@link #withError}. */
  double errorBound() {
    return errorBound;
  }

  /** Records the error bound and returns this matrix. */
  BandMatrix withError(double bound) {
    this.errorBound = bound;
    return this;
  }

  /**
   * Adds a dense {@code b × b} block (row-major) at rows {@code row…row + b − 1} and columns {@code
   * col…col + b − 1}, {@code col ≤ row}; on the diagonal ({@code diagonal}), only its lower
   * triangle.
   */
  void addBlock(int row, int col, int b, double[] block, boolean diagonal) {
    for (int i = 0; i < b; i++) {
      int r = row + i;
      int base = r * (bandwidth + 1) - r + bandwidth;
      int last = diagonal ? i : b - 1;
      for (int j = 0; j <= last; j++) {
        data[base + col + j] += block[i * b + j];
      }
    }
  }

  /**
   * Returns the trace, {@code Σ a_ii}, as computed (callers widen it).
   *
   * @return the trace
   */
  double trace() {
    double trace = 0;
    for (int i = 0; i < size; i++) {
      trace += data[i * (bandwidth + 1) + bandwidth];
    }
    return trace;
  }

  /** Returns {@code Σ|a_ii|}. */
  double absoluteTrace() {
    double trace = 0;
    for (int i = 0; i < size; i++) {
      trace += Math.abs(data[i * (bandwidth + 1) + bandwidth]);
    }
    return trace;
  }

  /** Returns {@code min_i a_ii}. */
  double minDiagonal() {
    double min = Double.POSITIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      min = Math.min(min, data[i * (bandwidth + 1) + bandwidth]);
    }
    return min;
  }

  /** Returns {@code max_i a_ii}. */
  double maxDiagonal() {
    double max = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < size; i++) {
      max = Math.max(max, data[i * (bandwidth + 1) + bandwidth]);
    }
    return max;
  }

  /**
   * Runs the floating-point Cholesky factorisation {@code R̂ᵀR̂} of {@code fl(tI − A)} on a copy
   * and returns whether it ran to completion (every pivot positive). Inner products of length at
   * most {@code w} are evaluated with four partial sums, divisions are true divisions, so the
   * computed factor satisfies {@code R̂ᵀR̂ = fl(tI − A) + ΔA} with {@code |ΔA| ≤ γ_{w+2}|R̂ᵀ||R̂|}
   * (Higham 2002, Thm 10.3).
   *
   * @param t the shift
   * @return {@code true} if every pivot was positive
   */
  boolean choleskyFactorisable(double t) {
    int stride = bandwidth + 1;
    double[] l = new double[data.length];
    for (int i = 0; i < l.length; i++) {
      l[i] = -data[i];
    }
    for (int i = 0; i < size; i++) {
      l[i * stride + bandwidth] = t - data[i * stride + bandwidth];
    }
    for (int i = 0; i < size; i++) {
      int rowBase = i * stride - i + bandwidth;
      int first = Math.max(0, i - bandwidth);
      for (int j = first; j <= i; j++) {
        int colBase = j * stride - j + bandwidth;
        int from = Math.max(first, j - bandwidth);
        double s = l[rowBase + j] - dot(l, rowBase + from, colBase + from, j - from);
        if (j < i) {
          l[rowBase + j] = s / l[colBase + j];
        } else {
          if (!(s > 0) || !Double.isFinite(s)) {
            return false;
          }
          l[rowBase + i] = Math.sqrt(s);
        }
      }
    }
    return true;
  }

  /** Returns {@code Σ_{k < length} v[a + k]·v[b + k]} with four partial sums. */
  private static double dot(double[] v, int a, int b, int length) {
    double s0 = 0;
    double s1 = 0;
    double s2 = 0;
    double s3 = 0;
    int k = 0;
    for (; k + 3 < length; k += 4) {
      s0 += v[a + k] * v[b + k];
      s1 += v[a + k + 1] * v[b + k + 1];
      s2 += v[a + k + 2] * v[b + k + 2];
      s3 += v[a + k + 3] * v[b + k + 3];
    }
    for (; k < length; k++) {
      s0 += v[a + k] * v[b + k];
    }
    return (s0 + s1) + (s2 + s3);
  }

  @Override
  public String toString() {
    return "BandMatrix[n=" + size + ", w=" + bandwidth + ", error=" + errorBound + "]";
  }
}

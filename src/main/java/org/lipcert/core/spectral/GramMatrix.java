package org.lipcert.core.spectral;

import java.util.stream.IntStream;
import org.ejml.data.DMatrixRMaj;

/**
 * Forms the Gram matrix {@code G = S Sᵀ} of a row-major matrix, each entry {@code g_ij = Σ_k s_ik
 * s_jk} accumulated in increasing {@code k} with one rounding per step: the recursive summation of
 * Higham (2002), eq. 3.5, so {@code |fl(G) − G| ≤ γ_p |S||S|ᵀ} for inner products of length {@code
 * p}, whatever the order in which the entries themselves are computed. Terms with a zero factor are
 * skipped, which changes no rounding (adding an exact zero is exact).
 *
 * <p>Materialised convolutions are mostly zeros, so a sparse pass (per column {@code k}, every pair
 * of rows with non-zeros there) costs {@code Σ_k nnz(k)²} instead of {@code m²n}: 25× less for a
 * 32-channel 3×3 layer on 8×8. Dense matrices use tiles of four by four rows, which share their
 * loads and keep sixteen sums in flight. Both split the rows between the threads of the common
 * fork-join pool; an entry is always summed by one thread in the same order. EJML's {@code
 * CommonOps_DDRM.multOuter} computes the same sums one at a time.
 */
final class GramMatrix {

  /** The fraction of non-zero entries below which the sparse pass is used. */
  private static final double SPARSE_DENSITY = 0.25;

  private GramMatrix() {}

  /**
   * Returns {@code S Sᵀ}, symmetric.
   *
   * @param s an {@code m × n} matrix; not modified
   * @return the {@code m × m} Gram matrix
   */
  static DMatrixRMaj outer(DMatrixRMaj s) {
    int m = s.numRows;
    int n = s.numCols;
    DMatrixRMaj g = new DMatrixRMaj(m, m);
    long nonZeros = 0;
    for (int k = 0; k < m * n; k++) {
      if (s.data[k] != 0) {
        nonZeros++;
      }
    }
    if (nonZeros < SPARSE_DENSITY * m * n) {
      sparse(s, g);
    } else {
      dense(s, g);
    }
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < i; j++) {
        g.data[i * m + j] = g.data[j * m + i];
      }
    }
    return g;
  }

  /**
   * Returns {@code Sᵀ S}.
   *
   * @param s an {@code m × n} matrix; not modified
   * @return the {@code n × n} Gram matrix
   */
  static DMatrixRMaj inner(DMatrixRMaj s) {
    DMatrixRMaj t = new DMatrixRMaj(s.numCols, s.numRows);
    for (int i = 0; i < s.numRows; i++) {
      for (int j = 0; j < s.numCols; j++) {
        t.data[j * s.numRows + i] = s.data[i * s.numCols + j];
      }
    }
    return outer(t);
  }

  /** Fills the upper triangle by columns: for each {@code k}, every pair of its non-zero rows. */
  private static void sparse(DMatrixRMaj s, DMatrixRMaj g) {
    int m = s.numRows;
    int n = s.numCols;
    int[] start = new int[n + 1];
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < n; k++) {
        if (s.data[i * n + k] != 0) {
          start[k + 1]++;
        }
      }
    }
    for (int k = 0; k < n; k++) {
      start[k + 1] += start[k];
    }
    int[] rows = new int[start[n]];
    double[] values = new double[start[n]];
    int[] next = start.clone();
    for (int i = 0; i < m; i++) {
      for (int k = 0; k < n; k++) {
        double v = s.data[i * n + k];
        if (v != 0) {
          rows[next[k]] = i;
          values[next[k]++] = v;
        }
      }
    }
    int parts = parts(m);
    IntStream.range(0, parts)
        .parallel()
        .forEach(
            p -> {
              int from = m * p / parts;
              int to = m * (p + 1) / parts;
              for (int k = 0; k < n; k++) {
                for (int a = start[k]; a < start[k + 1]; a++) {
                  int i = rows[a];
                  if (i < from || i >= to) {
                    continue;
                  }
                  double vi = values[a];
                  int row = i * m;
                  // rows within a column are increasing, so b ≥ a gives j ≥ i
                  for (int b = a; b < start[k + 1]; b++) {
                    g.data[row + rows[b]] += vi * values[b];
                  }
                }
              }
            });
  }

  /** Fills the upper triangle in tiles of four by four rows. */
  private static void dense(DMatrixRMaj s, DMatrixRMaj g) {
    int m = s.numRows;
    int n = s.numCols;
    double[] d = s.data;
    int tiles = (m + 3) / 4;
    int parts = parts(tiles);
    IntStream.range(0, parts)
        .parallel()
        .forEach(
            p -> {
              // interleaved tiles balance the triangle between the parts
              for (int ti = p; ti < tiles; ti += parts) {
                int i0 = 4 * ti;
                for (int j0 = i0; j0 < m; j0 += 4) {
                  tile(d, n, m, i0, j0, g.data);
                }
              }
            });
  }

  /** Computes the sums {@code g_ij} for {@code i ∈ [i0, i0 + 4)}, {@code j ∈ [j0, j0 + 4)}. */
  private static void tile(double[] d, int n, int m, int i0, int j0, double[] g) {
    if (i0 + 4 > m || j0 + 4 > m) {
      for (int i = i0; i < Math.min(i0 + 4, m); i++) {
        for (int j = Math.max(j0, i); j < Math.min(j0 + 4, m); j++) {
          double sum = 0;
          for (int k = 0; k < n; k++) {
            sum += d[i * n + k] * d[j * n + k];
          }
          g[i * m + j] = sum;
        }
      }
      return;
    }
    int a0 = i0 * n;
    int a1 = a0 + n;
    int a2 = a1 + n;
    int a3 = a2 + n;
    int b0 = j0 * n;
    int b1 = b0 + n;
    int b2 = b1 + n;
    int b3 = b2 + n;
    double s00 = 0, s01 = 0, s02 = 0, s03 = 0;
    double s10 = 0, s11 = 0, s12 = 0, s13 = 0;
    double s20 = 0, s21 = 0, s22 = 0, s23 = 0;
    double s30 = 0, s31 = 0, s32 = 0, s33 = 0;
    for (int k = 0; k < n; k++) {
      double x0 = d[a0 + k];
      double x1 = d[a1 + k];
      double x2 = d[a2 + k];
      double x3 = d[a3 + k];
      double y0 = d[b0 + k];
      double y1 = d[b1 + k];
      double y2 = d[b2 + k];
      double y3 = d[b3 + k];
      s00 += x0 * y0;
      s01 += x0 * y1;
      s02 += x0 * y2;
      s03 += x0 * y3;
      s10 += x1 * y0;
      s11 += x1 * y1;
      s12 += x1 * y2;
      s13 += x1 * y3;
      s20 += x2 * y0;
      s21 += x2 * y1;
      s22 += x2 * y2;
      s23 += x2 * y3;
      s30 += x3 * y0;
      s31 += x3 * y1;
      s32 += x3 * y2;
      s33 += x3 * y3;
    }
    double[][] sums = {
      {s00, s01, s02, s03}, {s10, s11, s12, s13}, {s20, s21, s22, s23}, {s30, s31, s32, s33}
    };
    for (int r = 0; r < 4; r++) {
      for (int c = 0; c < 4; c++) {
        if (j0 + c >= i0 + r) {
          g[(i0 + r) * m + j0 + c] = sums[r][c];
        }
      }
    }
  }

  private static int parts(int count) {
    return Math.max(
        1, Math.min(count, 2 * (java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1)));
  }
}

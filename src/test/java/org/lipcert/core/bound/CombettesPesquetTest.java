package org.lipcert.core.bound;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.RandomNetworks;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.spectral.OperatorNorms;
import org.lipcert.core.spectral.SpectralOptions;

/**
 * Tests of {@link ChainBounds#combettesPesquet()} on chains {@code S_m ∘ ReLU ∘ ⋯ ∘ ReLU ∘ S₁} of
 * dense segments (each segment one dense layer, or two in a row without activation between them).
 *
 * <p><b>Oracle.</b> The Combettes–Pesquet bound from its definition: the average over all {@code
 * 2^{m−1}} subsets of cut positions of the product of the pieces' norms {@code ‖S_b ⋯ S_a‖₂}, each
 * norm the largest singular value (EJML SVD) of the explicit product of the segments' matrices
 * (EJML {@code mult}), enumerated directly rather than by dynamic programme. The layers are
 * bracketed with tolerance {@code 10⁻¹²} so that the certified brackets the product starts from are
 * within {@code 10⁻¹²} of the singular values.
 *
 * <p><b>Tolerances.</b> {@code |cp − oracle| ≤ 10⁻⁹·oracle}; {@code cp ≤ merged·(1 + 10⁻¹²) ≤
 * naive·(1 + 10⁻¹²)²} (the slack covers upward roundings of products computed in different orders);
 * against the exact constant of one-input chains ({@link ExactLipschitz1D}) without slack, {@code
 * cp² ≥ L²} in {@link BigDecimal}.
 */
class CombettesPesquetTest {

  private static final SpectralOptions OPTIONS = SpectralOptions.defaults().withTolerance(1e-12);

  private static final double RELATIVE = 1e-9;

  private static final double ROUNDING = 1e-12;

  /** A chain: its graph and, per segment, the dense matrices it applies, in order. */
  private record Chain(Graph graph, List<List<DenseMatrix>> segments, String description) {}

  /**
   * Returns a chain of {@code 1 + hidden} segments with ReLU between them; a segment is two dense
   * layers in a row with probability {@code doubled}.
   */
  private static Chain chain(Random random, int inputs, int outputs, int hidden, double doubled) {
    Activation relu = Activation.of(ActivationKind.RELU);
    GraphBuilder b = new GraphBuilder(Shape.of(inputs), "x");
    int last = b.input();
    int width = inputs;
    List<List<DenseMatrix>> segments = new ArrayList<>();
    StringBuilder description = new StringBuilder().append(inputs);
    for (int s = 0; s <= hidden; s++) {
      List<DenseMatrix> segment = new ArrayList<>();
      int parts = random.nextDouble() < doubled ? 2 : 1;
      for (int p = 0; p < parts; p++) {
        int next = s == hidden && p == parts - 1 ? outputs : 1 + random.nextInt(8);
        DenseMatrix w = RandomNetworks.weights(random, next, width);
        segment.add(w);
        last =
            b.add(
                "fc" + s + "_" + p,
                new AffineLayer("dense", w, RandomNetworks.gaussian(random, next, 0.5), null),
                last);
        description.append(p == 0 ? "-" : "·").append(next);
        width = next;
      }
      segments.add(segment);
      if (s < hidden) {
        last = b.add("relu" + s, new ElementwiseActivation("relu", relu), last);
      }
    }
    return new Chain(b.build(), segments, description.toString());
  }

  private static ChainBounds bounds(Graph graph) {
    double[] uppers = new double[graph.nodes().size()];
    for (Node node : graph.nodes()) {
      uppers[node.index()] =
          node.operation() instanceof AffineLayer layer
              ? OperatorNorms.bracket(layer.operator(), OPTIONS).upper()
              : Double.NaN;
    }
    return new ChainBounds(graph, uppers, OPTIONS);
  }

  private static DMatrixRMaj matrix(DenseMatrix w) {
    return DMatrixRMaj.wrap(w.rows(), w.cols(), w.toRowMajorArray());
  }

  private static double sigmaMax(DMatrixRMaj a) {
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(a.numRows, a.numCols, false, false, true);
    if (!svd.decompose(a.copy())) {
      throw new AssertionError("oracle SVD did not converge");
    }
    double max = 0;
    for (double s : svd.getSingularValues()) {
      max = Math.max(max, s);
    }
    return max;
  }

  /** Returns {@code ‖S_b ⋯ S_a‖₂} from the explicit product. */
  private static double pieceNorm(List<List<DenseMatrix>> segments, int a, int b) {
    DMatrixRMaj product = null;
    for (int s = a; s <= b; s++) {
      for (DenseMatrix w : segments.get(s)) {
        DMatrixRMaj m = matrix(w);
        if (product == null) {
          product = m;
        } else {
          DMatrixRMaj next = new DMatrixRMaj(m.numRows, product.numCols);
          CommonOps_DDRM.mult(m, product, next);
          product = next;
        }
      }
    }
    return sigmaMax(product);
  }

  /** The oracle: the average over every subset of cut positions of the pieces' norm products. */
  static double bruteForce(List<List<DenseMatrix>> segments) {
    int m = segments.size();
    double sum = 0;
    for (int cuts = 0; cuts < 1 << (m - 1); cuts++) {
      double product = 1;
      int start = 0;
      for (int j = 0; j < m; j++) {
        boolean cutAfter = j == m - 1 || (cuts & (1 << j)) != 0;
        if (cutAfter) {
          product *= pieceNorm(segments, start, j);
          start = j + 1;
        }
      }
      sum += product;
    }
    return sum / (1 << (m - 1));
  }

  /**
   * 150 chains of 2–6 segments (inputs and outputs 1–6, widths ≤ 8, a third of the segments two
   * dense layers): {@code cp} equals the brute-force average within {@code 10⁻⁹} relative, and
   * {@code cp ≤ merged ≤ naive}.
   */
  @Test
  void combettesPesquetEqualsTheAverageOverAllCuts() {
    Random random = new Random(8101);
    int count = 150;
    int strictlyBelowMerged = 0;
    double largestDeviation = 0;
    for (int k = 0; k < count; k++) {
      Chain c =
          chain(
              random, 1 + random.nextInt(6), 1 + random.nextInt(6), 1 + random.nextInt(5), 1 / 3.0);
      ChainBounds bounds = bounds(c.graph());
      double cp = bounds.combettesPesquet();
      double merged = bounds.merged();
      double naive = bounds.naive();
      double oracle = bruteForce(c.segments());
      assertThat(cp)
          .as("chain #%d (%s): cp = brute-force average %s", k, c.description(), oracle)
          .isCloseTo(oracle, org.assertj.core.data.Percentage.withPercentage(100 * RELATIVE));
      assertThat(cp)
          .as("chain #%d (%s): cp ≤ merged %s", k, c.description(), merged)
          .isLessThanOrEqualTo(merged * (1 + ROUNDING));
      assertThat(merged)
          .as("chain #%d (%s): merged ≤ naive %s", k, c.description(), naive)
          .isLessThanOrEqualTo(naive * (1 + ROUNDING));
      largestDeviation = Math.max(largestDeviation, Math.abs(cp / oracle - 1));
      if (cp < merged * (1 - 1e-6)) {
        strictlyBelowMerged++;
      }
    }
    System.out.printf(
        "Combettes–Pesquet: %d chains, largest |cp/oracle − 1| = %.3g, %d strictly below merged%n",
        count, largestDeviation, strictlyBelowMerged);
  }

  /**
   * 150 one-input chains (1–4 segments, widths ≤ 8, outputs 1–3): {@code cp² ≥ Lip(f)²}, the exact
   * constant of {@link ExactLipschitz1D}, compared exactly.
   */
  @Test
  void combettesPesquetIsAtLeastTheExactConstantOfOneInputChains() {
    Random random = new Random(8102);
    int count = 150;
    double tightest = Double.POSITIVE_INFINITY;
    for (int k = 0; k < count; k++) {
      Chain c = chain(random, 1, 1 + random.nextInt(3), random.nextInt(4), 1 / 4.0);
      double cp = bounds(c.graph()).combettesPesquet();
      BigDecimal exact = ExactLipschitz1D.squared(c.graph());
      assertThat(new BigDecimal(cp).pow(2).compareTo(exact))
          .as(
              "chain #%d (%s): cp %s ≥ exact %s",
              k, c.description(), cp, Math.sqrt(exact.doubleValue()))
          .isGreaterThanOrEqualTo(0);
      if (exact.signum() > 0) {
        tightest = Math.min(tightest, cp / Math.sqrt(exact.doubleValue()));
      }
    }
    System.out.printf(
        "Combettes–Pesquet one-input chains: smallest cp/exact − 1 = %.3g%n", tightest - 1);
  }
}

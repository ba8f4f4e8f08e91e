package org.lipcert.core.bound;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lipcert.core.certify.NetworkCertificate;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.ExactEvaluation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.Reshape;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Reproductions of defects in the network bounds found by the soundness tests, kept disabled until
 * the main code is fixed. Each test states the exact network, the oracle and the observed numbers.
 */
class NetworkBoundsBugReproductionTest {

  /**
   * <b>Unsound merged / cp / sdp bounds</b> (DESIGN §1.1: floating-point error must be covered).
   * {@code SegmentNorms.upper} brackets a composition of operators that do not fuse (here a dense
   * layer followed by a convolution) by materialising the {@code ComposedOperator} — applying it to
   * unit vectors in floating point — and bracketing the computed matrix as if it were exact. The
   * rounding error of that materialisation is never added; only {@code Π(‖A_i‖ + e_i) − Π‖A_i‖},
   * which is a few ulps of the product of norms when the fusion errors {@code e_i} are 0.
   *
   * <p>Network ({@code f: ℝ → ℝ}, linear): {@code x ↦ dense 1024×1} with weights {@code [10¹⁶, 1,
   * …, 1, −10¹⁶]} (1022 ones), reshape to {@code 1×32×32}, then a 32×32 convolution with all
   * weights 1 and no padding, to {@code 1×1×1}. Exact: {@code f(x) = 1022·x}, {@code Lip(f) = 1022}
   * ({@link ExactEvaluation}: {@code f(1) − f(0) = 1022}). In floating point every {@code +1} is
   * absorbed by {@code 10¹⁶} (ulp 2, ties to even), so the materialised product is {@code [0]}.
   * Observed with the default options: naive {@code 4.5·10¹⁷} (sound), merged {@code 384.0000}, cp
   * and sdp {@code 384.0000} — all three below 1022, and reported as the certificate's {@code
   * upperBound}. Any composition with cancellation in the materialised product shows this; the
   * certified margin should be about {@code γ_k·Π‖|A_i|‖}, the bound on the materialisation's
   * error.
   */
  @Test
  void mergedSegmentBoundCoversTheRoundingOfTheMaterialisedComposition() {
    int n = 1024;
    double[] w = new double[n];
    Arrays.fill(w, 1);
    w[0] = 1e16;
    w[n - 1] = -1e16;
    GraphBuilder b = new GraphBuilder(Shape.of(1), "x");
    int d = b.add("fc", new AffineLayer("dense", DenseMatrix.of(n, 1, w), null, null), 0);
    int r = b.add("reshape", new Reshape("Reshape", Shape.of(1, 32, 32)), d);
    ConvolutionGeometry g =
        ConvolutionGeometry.of2d(
            1,
            1,
            1,
            new int[] {32, 32},
            new int[] {32, 32},
            new int[] {1, 1},
            new int[] {1, 1},
            new int[] {0, 0, 0, 0});
    double[] kernel = new double[n];
    Arrays.fill(kernel, 1);
    b.add("conv", new AffineLayer("Conv", new Convolution(g, kernel), null, Shape.of(1, 1, 1)), r);
    Graph graph = b.build();

    BigDecimal exact =
        ExactEvaluation.evaluate(graph, new double[] {1})[0].subtract(
            ExactEvaluation.evaluate(graph, new double[] {0})[0]);
    assertThat(exact).as("oracle: f is linear with slope 1022").isEqualByComparingTo("1022");
    NetworkCertificate network = NetworkBoundsSoundnessTest.certify(graph).network();
    for (NetworkBound bound : network.bounds()) {
      assertThat(bound.value())
          .as("%s bound ≥ Lip(f) = 1022", bound.method())
          .isGreaterThanOrEqualTo(1022);
    }
  }
}

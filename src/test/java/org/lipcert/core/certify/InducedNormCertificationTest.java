package org.lipcert.core.certify;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.MaxPool;
import org.lipcert.core.graph.RandomNetworks;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.operator.PoolingGeometry;

/**
 * Certificates in ℓ1 and ℓ∞ against an independent oracle: the exact induced norm of the Jacobian
 * at random points (materialised with Jacobian-vector products, its absolute column or row sums), a
 * lower bound on the Lipschitz constant at every point where the network is differentiable. The
 * certified upper bound must never fall below it, the witness never above the upper bound.
 */
class InducedNormCertificationTest {

  private static final List<Activation> PALETTE =
      List.of(
          Activation.of(ActivationKind.RELU),
          Activation.of(ActivationKind.TANH),
          Activation.of(ActivationKind.SIGMOID));

  private static CertificationOptions options(Norm norm) {
    return new CertificationOptions(
        norm, 1e-6, 2000, 0L, 256, org.lipcert.core.spectral.UpperBoundMethod.AUTO, 4, null);
  }

  /** Returns {@code max_x ‖J(x)‖_p} over random points: a lower bound on {@code Lip_p(f)}. */
  static double jacobianOracle(Graph graph, Norm norm, Random random, int points) {
    int n = graph.inputShape().size();
    double best = 0;
    for (int k = 0; k < points; k++) {
      double[] x = new double[n];
      double scale = Math.scalb(1.0, -random.nextInt(5));
      for (int i = 0; i < n; i++) {
        x[i] = scale * (2 * random.nextDouble() - 1);
      }
      double[][] values = graph.evaluate(x);
      int m = values[values.length - 1].length;
      double[][] columns = new double[n][];
      for (int j = 0; j < n; j++) {
        double[] e = new double[n];
        e[j] = 1;
        columns[j] = graph.jvp(values, e);
      }
      double value = 0;
      if (norm == Norm.L1) {
        for (double[] column : columns) {
          double sum = 0;
          for (double c : column) {
            sum += Math.abs(c);
          }
          value = Math.max(value, sum);
        }
      } else {
        for (int i = 0; i < m; i++) {
          double sum = 0;
          for (double[] column : columns) {
            sum += Math.abs(column[i]);
          }
          value = Math.max(value, sum);
        }
      }
      best = Math.max(best, value);
    }
    return best;
  }

  @Test
  void upperBoundsNeverFallBelowTheJacobianOracle() {
    Random random = new Random(131);
    Certifier certifier = new Certifier(Runnable::run);
    for (int k = 0; k < 120; k++) {
      Graph graph =
          random.nextBoolean()
              ? RandomNetworks.randomMlp(
                  random, 1 + random.nextInt(6), 1 + random.nextInt(4), 8, 3, PALETTE)
              : RandomNetworks.randomDag(
                  random, 1 + random.nextInt(5), 3 + random.nextInt(6), 2, PALETTE);
      for (Norm norm : List.of(Norm.L1, Norm.LINF)) {
        Certificate c = certifier.certify(new LoadedModel("t", "n", "0", graph), options(norm));
        double oracle = jacobianOracle(graph, norm, new Random(k), 30);
        for (var bound : c.network().bounds()) {
          assertThat(bound.value())
              .as("%s bound %s ≥ max ‖J(x)‖ (case %d)", norm, bound.method(), k)
              .isGreaterThanOrEqualTo(oracle * (1 - 1e-9));
        }
        assertThat(c.network().lowerBound()).isLessThanOrEqualTo(c.network().upperBound());
        assertThat(c.network().bounds())
            .extracting(b -> b.method())
            .as("no LipSDP outside ℓ2")
            .doesNotContain("sdp");
      }
    }
  }

  @Test
  void aDenseLayerIsCertifiedExactlyWithAMatchingWitness() {
    Random random = new Random(132);
    for (int k = 0; k < 30; k++) {
      int m = 1 + random.nextInt(6);
      int n = 1 + random.nextInt(6);
      Graph graph = RandomNetworks.mlp(random, new int[] {n, m}, PALETTE);
      for (Norm norm : List.of(Norm.L1, Norm.LINF)) {
        Certificate c =
            new Certifier(Runnable::run)
                .certify(new LoadedModel("t", "n", "0", graph), options(norm));
        double truth =
            org.lipcert.core.spectral.InducedNormsTest.exact(
                ((org.lipcert.core.graph.AffineLayer) graph.nodes().get(1).operation())
                    .operator()
                    .materialize(),
                norm);
        assertThat(c.network().upperBound()).isGreaterThanOrEqualTo(truth);
        assertThat(c.network().lowerBound())
            .as("%s: the witness reaches the exact norm of one linear layer", norm)
            .isLessThanOrEqualTo(truth)
            .isGreaterThanOrEqualTo(truth * (1 - 1e-6));
      }
    }
  }

  @Test
  void maxPoolingHasItsNormsOwnConstants() {
    GraphBuilder b = new GraphBuilder(Shape.of(1, 5, 5), "x");
    // 3×3 windows, stride 1: an interior element lies in 9 windows
    b.add(
        "pool",
        new MaxPool("MaxPool", new PoolingGeometry(1, 5, 5, 3, 3, 1, 1, 1, 1, 0, 0, 0, 0, false)),
        0);
    Graph graph = b.build();
    Certifier certifier = new Certifier(Runnable::run);
    LoadedModel model = new LoadedModel("t", "pool", "0", graph);
    assertThat(certifier.certify(model, options(Norm.L1)).network().upperBound())
        .as("ℓ1: m = 9")
        .isEqualTo(9);
    assertThat(certifier.certify(model, options(Norm.LINF)).network().upperBound())
        .as("ℓ∞: 1")
        .isEqualTo(1);
    assertThat(certifier.certify(model, options(Norm.L1)).network().lowerBound())
        .as("ℓ1: a witness reaches 9")
        .isGreaterThan(9 * 0.999);
  }
}

package org.lipcert.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;

/**
 * {@link BatchNormalization#of}: the folded affine layer against the inference formula {@code y_c =
 * γ_c(x_c − μ_c)/√(σ²_c + ε) + β_c} evaluated directly in double (relative tolerance {@code 10⁻¹⁴}
 * of {@code |γ(x − μ)/√(σ² + ε)| + |β|}: the folding reassociates a few roundings), its parameter
 * count and its validation. Its norm bracket is tested in {@code
 * spectral.StructuredOperatorNormsTest}.
 */
class BatchNormalizationTest {

  @Test
  void foldedLayerMatchesTheInferenceFormula() {
    Random random = new Random(3701);
    for (int t = 0; t < 200; t++) {
      int c = 1 + random.nextInt(5);
      int h = 1 + random.nextInt(3);
      int w = 1 + random.nextInt(3);
      Shape shape = t % 3 == 0 ? Shape.of(c) : Shape.of(c, h, w);
      int spatial = shape.size() / c;
      double[] gamma = RandomNetworks.gaussian(random, c, 1);
      double[] beta = RandomNetworks.gaussian(random, c, 1);
      double[] mean = RandomNetworks.gaussian(random, c, 1);
      double[] variance = new double[c];
      for (int k = 0; k < c; k++) {
        variance[k] = Math.exp(2 * random.nextGaussian());
      }
      double epsilon = new double[] {1e-5, 1e-3, 0}[t % 3];
      AffineLayer layer =
          BatchNormalization.of("BatchNormalization", shape, gamma, beta, mean, variance, epsilon);
      assertThat(layer.outputShape(new Shape[] {shape})).as("shape kept").isEqualTo(shape);
      assertThat(layer.parameterCount())
          .as("γ and β are the trainable parameters")
          .isEqualTo(2L * c);
      assertThat(layer.lipschitzConstant()).as("bracketed by the certifier").isNaN();
      double[] x = RandomNetworks.gaussian(random, shape.size(), 3);
      double[] y = layer.evaluate(new double[][] {x});
      for (int i = 0; i < y.length; i++) {
        int ch = i / spatial;
        double scaled = gamma[ch] * (x[i] - mean[ch]) / Math.sqrt(variance[ch] + epsilon);
        assertThat(y[i])
            .as("channel %d element %d of %s", ch, i, shape)
            .isCloseTo(
                scaled + beta[ch],
                within(
                    1e-14
                        * (Math.abs(scaled)
                            + Math.abs(beta[ch])
                            + Math.abs(gamma[ch] * mean[ch] / Math.sqrt(variance[ch] + epsilon)))));
      }
    }
  }

  @Test
  void invalidParametersAreRejected() {
    double[] one = {1};
    double[] two = {1, 1};
    assertThatThrownBy(() -> BatchNormalization.of("BN", Shape.of(2, 3), one, two, two, two, 1e-5))
        .as("γ with one entry for two channels")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("gamma");
    assertThatThrownBy(
            () ->
                BatchNormalization.of(
                    "BN", Shape.of(1), one, one, new double[] {Double.NaN}, one, 1e-5))
        .as("NaN mean")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("mean[0]");
    assertThatThrownBy(
            () ->
                BatchNormalization.of("BN", Shape.of(1), one, one, one, new double[] {-1e-5}, 1e-5))
        .as("σ² + ε = 0")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("variance[0]");
    assertThatThrownBy(() -> BatchNormalization.of("BN", Shape.of(1), one, one, one, one, -1e-5))
        .as("negative ε")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("epsilon");
    assertThatThrownBy(
            () -> BatchNormalization.of("BN", Shape.of(1), one, one, one, one, Double.NaN))
        .as("NaN ε")
        .isInstanceOf(InvalidModelException.class);
  }
}

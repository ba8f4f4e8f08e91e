package org.lipcert.io.json;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LayerCertificate;

/**
 * The two tiny networks of {@code ../shared/reference/test_small.json} and {@code test_tiny.json}
 * (VNN-COMP's {@code test_small.onnx}, {@code test_tiny.onnx}), written in LipCert's JSON format.
 * Their exact Lipschitz constants are known in closed form: 24 and 1. Oracle: those constants and
 * the exact per-layer norms {@code √2}, 4, {@code 3√2} (all-equal matrices: {@code ‖c·𝟙𝟙ᵀ‖₂ =
 * c·√(mn)}).
 */
class ReferenceNetworksTest {

  /** test_small: 1 → 2 → 2 → 1 with constant weights 1, 2, 3 and positive biases, ReLU. */
  static final String TEST_SMALL =
      """
      {"format": "lipcert/v1", "name": "test_small", "input": {"shape": [1]},
       "layers": [
         {"type": "dense", "name": "M0", "weights": [[1.0], [1.0]], "bias": [1.5, 1.5]},
         {"type": "relu"},
         {"type": "dense", "name": "M1", "weights": [[2.0, 2.0], [2.0, 2.0]], "bias": [2.5, 2.5]},
         {"type": "relu"},
         {"type": "dense", "name": "M2", "weights": [[3.0, 3.0]], "bias": [3.5]}
       ]}
      """;

  /** test_tiny: 1 → 1 → 1 with weights 1, ReLU. */
  static final String TEST_TINY =
      """
      {"format": "lipcert/v1", "name": "test_tiny", "input": {"shape": [1]},
       "layers": [
         {"type": "dense", "name": "M0", "weights": [[1.0]], "bias": [0.0]},
         {"type": "relu"},
         {"type": "dense", "name": "M1", "weights": [[1.0]], "bias": [0.0]}
       ]}
      """;

  private static Certificate certify(String json) {
    var model =
        new JsonModelReader(JsonReadLimits.defaults()).read(json.getBytes(StandardCharsets.UTF_8));
    return new Certifier(Runnable::run).certify(model, CertificationOptions.defaults());
  }

  @Test
  void testSmallBracketContainsItsExactConstant24() {
    Certificate certificate = certify(TEST_SMALL);
    double[] exactLayerNorms = {Math.sqrt(2), 4, 3 * Math.sqrt(2)};
    for (int i = 0; i < 3; i++) {
      LayerCertificate layer = certificate.layers().get(i);
      assertThat(layer.name()).isEqualTo("M" + i);
      assertThat(layer.bracket().lower())
          .as("lower of %s", layer.name())
          .isLessThanOrEqualTo(exactLayerNorms[i]);
      assertThat(layer.bracket().upper())
          .as("upper of %s", layer.name())
          .isGreaterThanOrEqualTo(exactLayerNorms[i]);
    }
    assertThat(certificate.network().lowerBound())
        .isLessThanOrEqualTo(24.0)
        .isGreaterThan(24.0 * (1 - 1e-6));
    assertThat(certificate.network().upperBound())
        .isGreaterThanOrEqualTo(24.0)
        .isLessThan(24.0 * (1 + 1e-6));
  }

  @Test
  void testTinyBracketContainsItsExactConstant1() {
    Certificate certificate = certify(TEST_TINY);
    assertThat(certificate.network().lowerBound()).isLessThanOrEqualTo(1.0).isGreaterThan(1 - 1e-6);
    assertThat(certificate.network().upperBound()).isGreaterThanOrEqualTo(1.0).isLessThan(1 + 1e-6);
  }
}

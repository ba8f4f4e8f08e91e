package org.lipcert.io.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;
import java.util.stream.Collectors;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LayerCertificate;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.operator.DenseMatrix;

/**
 * A small CNN in the JSON format — conv2d with bias, batchnorm, a residual block, maxpool, an
 * overlapping avgpool, a transposed convolution, global average pooling, flatten and dense — is
 * read with the right shapes, and every layer's bracket contains the exact operator norm of the
 * materialised layer (EJML SVD, slack 1e-12), with materialisation off so the structured bounds are
 * what is tested. The network bracket is ordered.
 */
class JsonConvolutionalModelTest {

  private static String array(Random random, int... dims) {
    if (dims.length == 1) {
      return Arrays.stream(new double[dims[0]])
          .mapToObj(v -> String.format(Locale.ROOT, "%.6f", random.nextGaussian() * 0.4))
          .collect(Collectors.joining(", ", "[", "]"));
    }
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < dims[0]; i++) {
      sb.append(i == 0 ? "" : ", ").append(array(random, Arrays.copyOfRange(dims, 1, dims.length)));
    }
    return sb.append("]").toString();
  }

  static String cnn() {
    Random random = new Random(42);
    return """
        {"format": "lipcert/v1", "name": "small-cnn", "input": {"shape": [2, 8, 8]},
         "layers": [
           {"type": "conv2d", "name": "conv1", "weights": %s, "bias": %s, "padding": 1},
           {"type": "batchnorm", "name": "bn1", "gamma": [1.5, -0.5, 2.0, 0.25],
            "beta": [0, 0.1, 0, 0], "mean": [0.1, 0, 0, 0], "var": [1, 4, 0.5, 2], "eps": 1e-5},
           {"type": "relu"},
           {"type": "residual", "name": "block", "layers": [
             {"type": "conv2d", "name": "conv2", "weights": %s, "padding": [1, 1]},
             {"type": "relu"}]},
           {"type": "maxpool", "name": "pool1", "kernel": 2},
           {"type": "avgpool", "name": "pool2", "kernel": 2, "stride": 1},
           {"type": "conv_transpose2d", "name": "up", "weights": %s, "stride": 2,
            "padding": 1, "output_padding": 1},
           {"type": "global_avgpool", "name": "gap"},
           {"type": "flatten"},
           {"type": "dense", "name": "fc", "weights": %s, "bias": [0.5, -0.5]}
         ]}
        """
        .formatted(
            array(random, 4, 2, 3, 3),
            array(random, 4),
            array(random, 4, 4, 3, 3),
            array(random, 4, 3, 3, 3),
            array(random, 2, 3));
  }

  private static double sigmaMax(DenseMatrix m) {
    DMatrixRMaj a = DMatrixRMaj.wrap(m.rows(), m.cols(), m.toRowMajorArray());
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(a.numRows, a.numCols, false, false, true);
    assertThat(svd.decompose(a)).isTrue();
    return Arrays.stream(svd.getSingularValues()).max().orElse(0);
  }

  @Test
  void readsTheCnnWithItsShapes() {
    LoadedModel model =
        new JsonModelReader(JsonReadLimits.defaults()).read(cnn().getBytes(StandardCharsets.UTF_8));
    var shapes =
        model.graph().nodes().stream().collect(Collectors.toMap(Node::name, Node::outputShape));
    assertThat(shapes.get("conv1")).isEqualTo(Shape.of(4, 8, 8));
    assertThat(shapes.get("conv2")).isEqualTo(Shape.of(4, 8, 8));
    assertThat(shapes.get("block")).as("residual sum").isEqualTo(Shape.of(4, 8, 8));
    assertThat(shapes.get("pool1")).isEqualTo(Shape.of(4, 4, 4));
    assertThat(shapes.get("pool2")).isEqualTo(Shape.of(4, 3, 3));
    assertThat(shapes.get("up")).as("2·(3 − 1) + 1 + 3 − 2 = 6").isEqualTo(Shape.of(3, 6, 6));
    assertThat(shapes.get("gap")).isEqualTo(Shape.of(3, 1, 1));
    assertThat(shapes.get("fc")).isEqualTo(Shape.of(2));
  }

  @Test
  void everyLayerBracketContainsTheExactNormOfTheMaterialisedLayer() {
    LoadedModel model =
        new JsonModelReader(JsonReadLimits.defaults()).read(cnn().getBytes(StandardCharsets.UTF_8));
    CertificationOptions options = CertificationOptions.defaults().withMaterializeMaxDimension(0);
    Certificate certificate = new Certifier(Runnable::run).certify(model, options);
    assertThat(certificate.layers())
        .extracting(LayerCertificate::name)
        .containsExactly("conv1", "bn1", "conv2", "pool1", "pool2", "up", "gap", "fc");
    for (LayerCertificate layer : certificate.layers()) {
      Node node =
          model.graph().nodes().stream()
              .filter(n -> n.name().equals(layer.name()))
              .findFirst()
              .orElseThrow();
      if (!(node.operation() instanceof AffineLayer affine)) {
        // maxpool 2×2 stride 2: every input in exactly one window, constant exactly 1
        assertThat(layer.bracket().lower()).isLessThanOrEqualTo(1.0).isGreaterThan(1 - 1e-15);
        assertThat(layer.bracket().upper()).isGreaterThanOrEqualTo(1.0).isLessThan(1 + 1e-15);
        continue;
      }
      double exact = sigmaMax(affine.operator().materialize());
      assertThat(layer.bracket().lower())
          .as("lower ≤ exact for %s: %s", layer.name(), layer.bracket())
          .isLessThanOrEqualTo(exact * (1 + 1e-12));
      assertThat(layer.bracket().upper())
          .as("upper ≥ exact for %s: %s", layer.name(), layer.bracket())
          .isGreaterThanOrEqualTo(exact * (1 - 1e-12));
    }
    assertThat(certificate.network().lowerBound())
        .isPositive()
        .isLessThanOrEqualTo(certificate.network().upperBound());
    assertThat(certificate.parameters())
        .as("conv1 72+4, bn 8, conv2 144, up 108, fc 6+2")
        .isEqualTo(72 + 4 + 8 + 144 + 108 + 6 + 2);
  }

  @Test
  void rejectsAConvolutionOnAFlatInput() {
    String json =
        "{\"format\": \"lipcert/v1\", \"input\": {\"shape\": [16]}, \"layers\": ["
            + "{\"type\": \"conv2d\", \"weights\": [[[[1]]]]}]}";
    assertThatThrownBy(
            () ->
                new JsonModelReader(JsonReadLimits.defaults())
                    .read(json.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("layers[0]: conv2d expects a C × H × W input");
  }
}

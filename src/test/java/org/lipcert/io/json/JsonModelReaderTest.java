package org.lipcert.io.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.MalformedModelException;
import org.lipcert.core.UncertifiableModelException;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Reading {@code lipcert/v1} documents: the graph built from a valid model, and for every kind of
 * bad input the exception type and a message that names the place (JSON path, line and column).
 */
class JsonModelReaderTest {

  private final JsonModelReader reader = new JsonModelReader(JsonReadLimits.defaults());

  private LoadedModel read(String json) {
    return reader.read(json.getBytes(StandardCharsets.UTF_8));
  }

  private static String model(String layers) {
    return "{\"format\": \"lipcert/v1\", \"name\": \"m\", \"input\": {\"shape\": [2]},"
        + " \"layers\": ["
        + layers
        + "]}";
  }

  @Test
  void readsTheDesignExampleIntoAChainWithNamesShapesAndHash() throws Exception {
    String json =
        """
        {"format": "lipcert/v1", "name": "tiny-mlp", "input": {"shape": [4]},
         "layers": [
           {"type": "dense", "name": "fc1", "weights": [[0.5, -1, 0, 2], [1, 1, 1, 1], [0, 0, 3, 0]], "bias": [0, 0, 0]},
           {"type": "relu"},
           {"type": "dense", "name": "fc2", "weights": [[1, -1, 0.5]]}
         ]}
        """;
    LoadedModel model = read(json);
    assertThat(model.format()).isEqualTo("lipcert/v1");
    assertThat(model.name()).isEqualTo("tiny-mlp");
    byte[] digest =
        MessageDigest.getInstance("SHA-256").digest(json.getBytes(StandardCharsets.UTF_8));
    assertThat(model.sha256())
        .as("sha256 of the bytes")
        .isEqualTo(HexFormat.of().formatHex(digest));
    var nodes = model.graph().nodes();
    assertThat(nodes).extracting(Node::name).containsExactly("input", "fc1", "layer1", "fc2");
    assertThat(nodes.get(1).outputShape()).isEqualTo(Shape.of(3));
    assertThat(nodes.get(3).outputShape()).isEqualTo(Shape.of(1));
    DenseMatrix fc1 = (DenseMatrix) ((AffineLayer) nodes.get(1).operation()).operator();
    assertThat(fc1.get(0, 3)).as("weights are out × in: W[0][3]").isEqualTo(2.0);
    assertThat(fc1.get(2, 2)).isEqualTo(3.0);
    assertThat(model.graph().parameterCount())
        .as("12 weights + 3 biases + 3 weights")
        .isEqualTo(18);
    assertThat(model.graph().evaluate(new double[] {1, 2, 3, 4})[3])
        .as("f(1,2,3,4) = fc2(relu(fc1 x)) = 1·6.5 − 1·10 + 0.5·9")
        .containsExactly(6.5 - 10 + 4.5);
  }

  @Test
  void infersTheInputShapeFromAFirstDenseLayer() {
    LoadedModel model =
        read(
            "{\"format\": \"lipcert/v1\", \"layers\": [{\"type\": \"dense\", \"weights\": [[1, 2, 3]]}]}");
    assertThat(model.graph().inputShape()).isEqualTo(Shape.of(3));
    assertThat(model.name()).isEqualTo("unnamed");
  }

  @Test
  void readsActivationParameters() {
    LoadedModel model =
        read(
            model(
                "{\"type\": \"leaky_relu\", \"alpha\": 0.2}, {\"type\": \"elu\", \"alpha\": 2},"
                    + " {\"type\": \"gelu\", \"approximate\": \"tanh\"}, {\"type\": \"silu\", \"name\": \"act\"},"
                    + " {\"type\": \"flatten\"}"));
    var nodes = model.graph().nodes();
    assertThat(((ElementwiseActivation) nodes.get(1).operation()).activation().lipschitzConstant())
        .as("leaky_relu with alpha 0.2")
        .isEqualTo(1.0);
    assertThat(((ElementwiseActivation) nodes.get(2).operation()).activation().lipschitzConstant())
        .as("elu with alpha 2")
        .isEqualTo(2.0);
    assertThat(((ElementwiseActivation) nodes.get(3).operation()).activation().lipschitzConstant())
        .as("gelu tanh approximation")
        .isEqualTo(1.12900);
    assertThat(nodes.get(4).name()).isEqualTo("act");
  }

  @Test
  void rejectsMalformedJsonWithLineAndColumn() {
    assertThatThrownBy(() -> read("{\"format\": \"lipcert/v1\",\n \"layers\": [1,,2]}"))
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContaining("line 2");
    assertThatThrownBy(() -> read("{\"format\": \"lipcert/v1\", \"layers\": ["))
        .isInstanceOf(MalformedModelException.class);
    assertThatThrownBy(() -> read("")).isInstanceOf(MalformedModelException.class);
    assertThatThrownBy(() -> read("{} {}")).isInstanceOf(MalformedModelException.class);
  }

  @Test
  void rejectsDuplicateKeys() {
    assertThatThrownBy(
            () -> read("{\"format\": \"lipcert/v1\", \"format\": \"x\", \"layers\": []}"))
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContaining("format");
  }

  @Test
  void rejectsAMissingOrWrongFormat() {
    assertThatThrownBy(() -> read("{\"layers\": [{\"type\": \"relu\"}]}"))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("format is missing");
    assertThatThrownBy(() -> read("{\"format\": \"onnx\", \"layers\": [{\"type\": \"relu\"}]}"))
        .hasMessageContaining("\"onnx\" is not supported");
    assertThatThrownBy(() -> read("[1, 2]")).hasMessageContaining("must be a JSON object");
  }

  @Test
  void rejectsRaggedWeightsNamingTheRow() {
    assertThatThrownBy(() -> read(model("{\"type\": \"dense\", \"weights\": [[1, 2], [3]]}")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("layers[0].weights is ragged")
        .hasMessageContaining("layers[0].weights[1] has shape [1]");
  }

  @Test
  void rejectsNonFiniteNumbersNamingTheEntry() {
    assertThatThrownBy(() -> read(model("{\"type\": \"dense\", \"weights\": [[1, NaN]]}")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("layers[0].weights[0][1] is NaN");
    assertThatThrownBy(
            () -> read(model("{\"type\": \"dense\", \"weights\": [[1, 2], [-Infinity, 0]]}")))
        .hasMessageContaining("layers[0].weights[1][0] is -Infinity");
    assertThatThrownBy(() -> read(model("{\"type\": \"dense\", \"weights\": [[1, 1e400]]}")))
        .hasMessageContaining("layers[0].weights[0][1] is 1e400 (beyond the float64 range)");
    assertThatThrownBy(
            () -> read(model("{\"type\": \"dense\", \"weights\": [[1, 1]], \"bias\": [NaN]}")))
        .hasMessageContaining("layers[0].bias[0] is NaN");
  }

  @Test
  void rejectsMismatchedShapesNamingTheLayer() {
    assertThatThrownBy(
            () -> read(model("{\"type\": \"dense\", \"name\": \"fc1\", \"weights\": [[1, 2, 3]]}")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("layers[0]")
        .hasMessageContaining("fc1")
        .hasMessageContaining("expects an input of 3 elements");
    assertThatThrownBy(
            () -> read(model("{\"type\": \"dense\", \"weights\": [[1, 2]], \"bias\": [1, 2]}")))
        .hasMessageContaining("layers[0].bias must have one entry per output (1)");
    assertThatThrownBy(() -> read(model("{\"type\": \"dense\", \"weights\": [1, 2]}")))
        .hasMessageContaining("layers[0].weights must be a non-empty 2-d array");
    assertThatThrownBy(() -> read(model("{\"type\": \"dense\", \"weights\": []}")))
        .hasMessageContaining("layers[0].weights must be a non-empty 2-d array");
  }

  @Test
  void listsEveryUnknownLayerTypeAndTheSupportedOnes() {
    assertThatThrownBy(
            () ->
                read(
                    model(
                        "{\"type\": \"conv3d\"}, {\"type\": \"relu\"}, {\"type\": \"swish2\"}, {}")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("layers[0] has unknown type \"conv3d\"")
        .hasMessageContaining("layers[2] has unknown type \"swish2\"")
        .hasMessageContaining("layers[3] has no \"type\"")
        .hasMessageContaining("Supported layer types: dense, conv2d");
  }

  @Test
  void rejectsUnknownPropertiesButAllowsExtensions() {
    assertThatThrownBy(() -> read(model("{\"type\": \"leaky_relu\", \"aplha\": 0.2}")))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("layers[0] has unknown property \"aplha\"");
    LoadedModel model =
        read(
            "{\"format\": \"lipcert/v1\", \"x-exporter\": \"torch\", \"metadata\": {\"a\": 1},"
                + " \"layers\": [{\"type\": \"dense\", \"weights\": [[1]], \"x-source\": \"fc\","
                + " \"description\": \"first\"}]}");
    assertThat(model.graph().nodes()).hasSize(2);
  }

  @Test
  void refusesLayersWithoutAFiniteLipschitzConstant() {
    assertThatThrownBy(
            () -> read(model("{\"type\": \"relu\"}, {\"type\": \"sign\", \"name\": \"binarize\"}")))
        .isInstanceOfSatisfying(
            UncertifiableModelException.class,
            e -> {
              assertThat(e.node()).isEqualTo("binarize");
              assertThat(e.opType()).isEqualTo("sign");
              assertThat(e.reason()).contains("no finite Lipschitz constant");
            });
  }

  @Test
  void rejectsBadInputShapes() {
    assertThatThrownBy(
            () ->
                read(
                    "{\"format\": \"lipcert/v1\", \"input\": {\"shape\": [0]}, \"layers\": [{\"type\": \"relu\"}]}"))
        .hasMessageContaining("input.shape[0] must be a positive integer");
    assertThatThrownBy(
            () ->
                read(
                    "{\"format\": \"lipcert/v1\", \"input\": {\"shape\": [2.5]}, \"layers\": [{\"type\": \"relu\"}]}"))
        .hasMessageContaining("input.shape[0] must be a positive integer");
    assertThatThrownBy(
            () -> read("{\"format\": \"lipcert/v1\", \"layers\": [{\"type\": \"relu\"}]}"))
        .hasMessageContaining("input.shape is required");
    assertThatThrownBy(
            () -> read("{\"format\": \"lipcert/v1\", \"input\": {\"shape\": [2]}, \"layers\": []}"))
        .hasMessageContaining("layers is empty");
  }

  @Test
  void enforcesTheReadLimits() {
    String deep = "[".repeat(200) + "]".repeat(200);
    assertThatThrownBy(() -> read("{\"format\": \"lipcert/v1\", \"layers\": " + deep + "}"))
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContaining("limit");
    JsonModelReader small = new JsonModelReader(JsonReadLimits.defaults().withMaxDocumentBytes(64));
    byte[] big =
        model("{\"type\": \"relu\"}".repeat(1).concat(", {\"type\": \"relu\"}".repeat(10)))
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> small.read(big))
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContaining("limit");
    String longNumber = "1" + "0".repeat(200);
    assertThatThrownBy(
            () -> read(model("{\"type\": \"dense\", \"weights\": [[" + longNumber + ", 1]]}")))
        .isInstanceOf(MalformedModelException.class);
  }
}

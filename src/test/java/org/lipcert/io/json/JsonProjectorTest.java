package org.lipcert.io.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.lipcert.core.advice.Projection;
import org.lipcert.core.advice.WeightChange;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The projected LipCert JSON document: the changed weights, every other member as it was. */
class JsonProjectorTest {

  private static final String MODEL =
      """
      {"format": "lipcert/v1", "name": "res", "description": "kept",
       "input": {"shape": [2]}, "x-owner": {"team": "ml", "ids": [1, 2]},
       "layers": [
         {"type": "dense", "name": "fc1", "weights": [[1, -4], [2.5, 0.5]], "bias": [0.1, 0]},
         {"type": "relu"},
         {"type": "residual", "name": "block", "layers": [
           {"type": "dense", "weights": [[3, 0], [0, -3]]},
           {"type": "tanh"}]},
         {"type": "dense", "weights": [[1, 1]]}]}""";

  private final JsonProjector projector = new JsonProjector(JsonReadLimits.defaults());
  private final JsonMapper mapper = JsonMapper.builder().build();

  private JsonNode project(Map<String, WeightChange> changes) {
    byte[] out = projector.write(MODEL.getBytes(StandardCharsets.UTF_8), changes);
    return mapper.readTree(new String(out, StandardCharsets.UTF_8));
  }

  @Test
  void changesOnlyTheNamedLayersWeights() {
    JsonNode out =
        project(
            Map.of(
                "fc1", new WeightChange.Clip(2),
                "block.layer0", new WeightChange.Scale(0.5),
                "layer3", new WeightChange.Scale(0.25)));
    JsonNode original = mapper.readTree(MODEL);

    assertThat(out.at("/layers/0/weights").toString())
        .as("fc1 clipped at 2")
        .isEqualTo("[[1,-2],[2,0.5]]");
    assertThat(out.at("/layers/2/layers/0/weights").toString())
        .as("the residual block's first layer, named block.layer0, halved")
        .isEqualTo("[[1.5,0],[0,-1.5]]");
    assertThat(out.at("/layers/3/weights").toString()).isEqualTo("[[0.25,0.25]]");
    assertThat(out.at("/layers/0/bias"))
        .as("biases untouched")
        .isEqualTo(original.at("/layers/0/bias"));
    for (String member : new String[] {"/format", "/name", "/description", "/input", "/x-owner"}) {
      assertThat(out.at(member)).as("%s kept", member).isEqualTo(original.at(member));
    }
    assertThat(out.propertyNames())
        .as("members in their order")
        .containsExactlyElementsOf(original.propertyNames());
  }

  @Test
  void theProjectedDocumentReadsBack() {
    byte[] out =
        projector.write(
            MODEL.getBytes(StandardCharsets.UTF_8), Map.of("fc1", new WeightChange.Scale(0.3)));
    assertThat(new JsonModelReader(JsonReadLimits.defaults()).read(out).graph().nodes())
        .as("the same graph as the upload")
        .hasSize(
            new JsonModelReader(JsonReadLimits.defaults())
                .read(MODEL.getBytes(StandardCharsets.UTF_8))
                .graph()
                .nodes()
                .size());
  }

  @Test
  void aBatchNormalisationIsRescaledThroughGammaAndCannotBeClipped() {
    String bn =
        """
        {"format": "lipcert/v1", "input": {"shape": [2, 1, 1]},
         "layers": [{"type": "batchnorm", "name": "bn", "mean": [0, 1], "var": [1, 4]}]}""";
    byte[] out =
        projector.write(
            bn.getBytes(StandardCharsets.UTF_8), Map.of("bn", new WeightChange.Scale(0.5)));
    assertThat(
            mapper
                .readTree(new String(out, StandardCharsets.UTF_8))
                .at("/layers/0/gamma")
                .toString())
        .as("gamma defaults to ones, then halved")
        .isEqualTo("[0.5,0.5]");
    assertThatThrownBy(
            () ->
                projector.write(
                    bn.getBytes(StandardCharsets.UTF_8), Map.of("bn", new WeightChange.Clip(1))))
        .isInstanceOf(Projection.ProjectionException.class)
        .hasMessageContaining("no weight tensor to clip");
  }

  @Test
  void anUnknownLayerIsRefused() {
    assertThatThrownBy(
            () ->
                projector.write(
                    MODEL.getBytes(StandardCharsets.UTF_8),
                    Map.of("nope", new WeightChange.Scale(0.5))))
        .isInstanceOf(Projection.ProjectionException.class)
        .hasMessageContaining("nope");
  }
}

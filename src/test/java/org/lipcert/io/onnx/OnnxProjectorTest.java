package org.lipcert.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.lipcert.io.onnx.OnnxFixtures.bytes;
import static org.lipcert.io.onnx.OnnxFixtures.float16;
import static org.lipcert.io.onnx.OnnxFixtures.floatData;
import static org.lipcert.io.onnx.OnnxFixtures.floats;
import static org.lipcert.io.onnx.OnnxFixtures.integer;
import static org.lipcert.io.onnx.OnnxFixtures.node;
import static org.lipcert.io.onnx.OnnxFixtures.real;
import static org.lipcert.io.onnx.OnnxFixtures.value;

import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.advice.Projection;
import org.lipcert.core.advice.WeightChange;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.Node;
import org.lipcert.core.operator.AxisLinear;
import org.lipcert.io.onnx.proto.GraphProto;
import org.lipcert.io.onnx.proto.ModelProto;
import org.lipcert.io.onnx.proto.StringStringEntryProto;
import org.lipcert.io.onnx.proto.TensorProto;

/**
 * The projected ONNX file: only the changed initializers differ, in their own data type and storage
 * field, rounded toward zero; the layer read back has the changed weights.
 */
class OnnxProjectorTest {

  private final OnnxProjector projector = new OnnxProjector(OnnxReadLimits.defaults());
  private final OnnxModelReader reader = new OnnxModelReader(OnnxReadLimits.defaults());

  private static ModelProto parse(byte[] bytes) throws InvalidProtocolBufferException {
    return ModelProto.parseFrom(bytes);
  }

  private static double[] values(ModelProto model, String initializer) {
    for (TensorProto t : model.getGraph().getInitializerList()) {
      if (t.getName().equals(initializer)) {
        return TensorDecoder.decode(t, Integer.MAX_VALUE).values();
      }
    }
    throw new AssertionError(initializer);
  }

  private static ModelProto withoutInitializers(ModelProto model) {
    return model.toBuilder().setGraph(model.getGraph().toBuilder().clearInitializer()).build();
  }

  @Test
  void onlyTheChangedInitializerDiffersAndMetadataIsKept() throws Exception {
    ModelProto original =
        parse(OnnxSamples.mlp()).toBuilder()
            .setDocString("exported for a test")
            .addMetadataProps(StringStringEntryProto.newBuilder().setKey("owner").setValue("me"))
            .build();
    byte[] projected =
        projector.write(
            original.toByteArray(),
            null,
            Map.of(OnnxSamples.MLP_FIRST_LAYER, new WeightChange.Scale(0.5)));
    ModelProto out = parse(projected);

    assertThat(withoutInitializers(out))
        .as("graph, nodes, names, opset, producer, doc string and metadata are unchanged")
        .isEqualTo(withoutInitializers(original));
    assertThat(out.getGraph().getInitializerList())
        .extracting(TensorProto::getName, TensorProto::getDataType, TensorProto::getDimsList)
        .as("same initializers in the same order, types and shapes")
        .containsExactlyElementsOf(
            original.getGraph().getInitializerList().stream()
                .map(
                    t ->
                        org.assertj.core.groups.Tuple.tuple(
                            t.getName(), t.getDataType(), t.getDimsList()))
                .toList());
    double[] before = values(original, "fc1.weight");
    double[] after = values(out, "fc1.weight");
    for (int i = 0; i < before.length; i++) {
      assertThat(after[i]).as("fc1.weight[%d] halved exactly", i).isEqualTo(before[i] / 2);
    }
    assertThat(values(out, "fc1.bias"))
        .as("the bias is untouched")
        .isEqualTo(values(original, "fc1.bias"));
    assertThat(values(out, "fc2.weight")).isEqualTo(values(original, "fc2.weight"));
  }

  @Test
  void theLayerReadBackHasTheClippedWeights() {
    byte[] projected =
        projector.write(
            OnnxSamples.mlp(), null, Map.of(OnnxSamples.MLP_FIRST_LAYER, new WeightChange.Clip(5)));
    Graph graph = reader.read(projected).graph();
    AffineLayer fc1 = layer(graph, OnnxSamples.MLP_FIRST_LAYER);
    double[] w = ((AxisLinear) fc1.operator()).weights().toRowMajorArray();
    assertThat(w)
        .as("fc1 = [[1..3], [4..6], …] clipped at 5")
        .containsExactly(1, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5);
  }

  @Test
  void aGemmAlphaIsTakenIntoTheStoredThreshold() throws Exception {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("alpha")
            .addInput(value("x", 1, 2))
            .addOutput(value("y", 1, 2))
            .addInitializer(floats("w", new int[] {2, 2}, 1, -3, 2, 8))
            .addNode(node("Gemm", "gemm", List.of("x", "w"), List.of("y"), real("alpha", 2.0)))
            .build();
    byte[] projected =
        projector.write(bytes(13, graph), null, Map.of("gemm", new WeightChange.Clip(4)));
    assertThat(values(parse(projected), "w"))
        .as("the layer's weights are 2·w: clipping them at 4 clips w at 2")
        .containsExactly(1, -2, 2, 2);
  }

  @Test
  void typedFieldsAndHalfPrecisionKeepTheirStorageAndRoundTowardZero() throws Exception {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("storage")
            .addInput(value("x", 1, 2))
            .addOutput(value("z", 1, 2))
            .addInitializer(floatData("a", new int[] {2, 2}, 0.1, 0.2, 0.3, -0.7))
            .addInitializer(float16("b", new int[] {2, 2}, true, 0.5, -1.5, 2, 0.25))
            .addNode(node("Gemm", "g1", List.of("x", "a"), List.of("y"), integer("transB", 1)))
            .addNode(node("Gemm", "g2", List.of("y", "b"), List.of("z"), integer("transB", 1)))
            .build();
    byte[] projected =
        projector.write(
            bytes(13, graph),
            null,
            Map.of("g1", new WeightChange.Scale(1 / 3.0), "g2", new WeightChange.Scale(0.3)));
    ModelProto out = parse(projected);
    TensorProto a = out.getGraph().getInitializer(0);
    TensorProto b = out.getGraph().getInitializer(1);
    assertThat(a.hasRawData()).as("a stays in float_data").isFalse();
    assertThat(a.getFloatDataCount()).isEqualTo(4);
    assertThat(b.hasRawData()).as("b stays raw float16").isTrue();
    assertThat(b.getDataType()).isEqualTo(TensorProto.DataType.FLOAT16_VALUE);
    double[] original = {(float) 0.1, (float) 0.2, (float) 0.3, (float) -0.7};
    double[] scaledA = values(out, "a");
    double[] scaledB = values(out, "b");
    double[] halves = {0.5, -1.5, 2, 0.25};
    for (int i = 0; i < 4; i++) {
      double exactA = original[i] / 3;
      assertThat(Math.abs(scaledA[i])).as("|a'| ≤ |a/3|").isLessThanOrEqualTo(Math.abs(exactA));
      assertThat(Math.abs(scaledA[i] - exactA)).isLessThan(Math.ulp((float) exactA));
      double exactB = halves[i] * 0.3;
      assertThat(Math.abs(scaledB[i])).as("|b'| ≤ |0.3·b|").isLessThanOrEqualTo(Math.abs(exactB));
      assertThat(Math.abs(scaledB[i] - exactB))
          .as("within one half ulp")
          .isLessThan(Math.abs(exactB) / 512);
    }
  }

  @Test
  void halfRoundingTowardZeroMatchesTheExactHalvesBelow() {
    Random random = new Random(5);
    for (int k = 0; k < 20_000; k++) {
      double x = (random.nextDouble() * 2 - 1) * Math.scalb(1.0, random.nextInt(40) - 25);
      int bits = TensorRewriter.halfBitsTowardZero(x);
      double h = TensorDecoder.halfToDouble(bits);
      assertThat(Math.abs(h)).as("|half(%s)| ≤ |x|", x).isLessThanOrEqualTo(Math.abs(x));
      if (Math.abs(x) < 65504) {
        int next = (bits & 0x7FFF) + 1;
        double up = TensorDecoder.halfToDouble(next);
        assertThat(up)
            .as("the next half above |half(%s)| exceeds |x|", x)
            .isGreaterThan(Math.abs(x));
      }
    }
  }

  @Test
  void aLayerWhoseWeightsTheGraphComputesIsRefusedByName() {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("transposed")
            .addInput(value("x", 1, 2))
            .addOutput(value("y", 1, 2))
            .addInitializer(floats("w", new int[] {2, 2}, 1, 2, 3, 4))
            .addNode(node("Transpose", "t", List.of("w"), List.of("wt")))
            .addNode(node("MatMul", "mm", List.of("x", "wt"), List.of("y")))
            .build();
    assertThatThrownBy(
            () ->
                projector.write(bytes(13, graph), null, Map.of("mm", new WeightChange.Scale(0.5))))
        .isInstanceOf(Projection.ProjectionException.class)
        .hasMessageContaining("'mm'")
        .hasMessageContaining("computed by the graph");
  }

  private static AffineLayer layer(Graph graph, String name) {
    for (Node node : graph.nodes()) {
      if (node.name().equals(name)) {
        return (AffineLayer) node.operation();
      }
    }
    throw new AssertionError(name);
  }
}

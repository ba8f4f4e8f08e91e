package org.lipcert.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.lipcert.io.onnx.OnnxFixtures.bytes;
import static org.lipcert.io.onnx.OnnxFixtures.floats;
import static org.lipcert.io.onnx.OnnxFixtures.node;
import static org.lipcert.io.onnx.OnnxFixtures.real;
import static org.lipcert.io.onnx.OnnxFixtures.value;

import com.google.protobuf.ByteString;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.MalformedModelException;
import org.lipcert.core.UncertifiableModelException;
import org.lipcert.io.ModelFormat;
import org.lipcert.io.ModelLoader;
import org.lipcert.io.json.JsonReadLimits;
import org.lipcert.io.onnx.proto.GraphProto;
import org.lipcert.io.onnx.proto.StringStringEntryProto;
import org.lipcert.io.onnx.proto.TensorProto;

/**
 * Corrupt files and models LipCert must refuse. Oracle: the exception type (malformed → HTTP 400,
 * invalid → 400, not certifiable → 422) and the words a user needs in its message; never an {@link
 * Error} such as {@link OutOfMemoryError} or {@link StackOverflowError}.
 */
class OnnxRejectionTest {

  private static final ModelLoader LOADER = new ModelLoader(JsonReadLimits.defaults());

  /** A valid two-layer model: Gemm, Relu, Gemm. */
  static GraphProto.Builder mlp() {
    return GraphProto.newBuilder()
        .setName("mlp")
        .addInput(value("x", "N", 3))
        .addOutput(value("y", "N", 2))
        .addInitializer(floats("w1", new int[] {4, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
        .addInitializer(floats("w2", new int[] {2, 4}, 1, -1, 1, -1, 0.5, 0.5, 0.5, 0.5))
        .addNode(
            node(
                "Gemm", "fc1", List.of("x", "w1"), List.of("h"), OnnxFixtures.integer("transB", 1)))
        .addNode(node("Relu", "relu", List.of("h"), List.of("r")))
        .addNode(
            node(
                "Gemm",
                "fc2",
                List.of("r", "w2"),
                List.of("y"),
                OnnxFixtures.integer("transB", 1)));
  }

  /** A one-input model applying {@code op} (with a name) to the input, then a Gemm. */
  static GraphProto.Builder withOp(String op, String name) {
    return GraphProto.newBuilder()
        .addInput(value("x", 1, 3))
        .addOutput(value("y", 1, 2))
        .addInitializer(floats("w", new int[] {2, 3}, 1, 2, 3, 4, 5, 6))
        .addNode(node(op, name, List.of("x"), List.of("a")))
        .addNode(
            node("Gemm", "fc", List.of("a", "w"), List.of("y"), OnnxFixtures.integer("transB", 1)));
  }

  @Test
  void theValidModelLoads() {
    assertThat(ModelFormat.detect(bytes(13, mlp().build()))).isEqualTo(ModelFormat.ONNX);
    assertThat(LOADER.load(bytes(13, mlp().build())).format()).isEqualTo("onnx");
  }

  @Test
  void truncatedFilesAreMalformed() {
    byte[] file = bytes(13, mlp().build());
    for (int length : new int[] {1, 2, 10, file.length / 2, file.length - 1}) {
      Throwable thrown = catchThrowable(() -> LOADER.load(Arrays.copyOf(file, length)));
      assertThat(thrown).as("prefix of %d bytes", length).isInstanceOf(InvalidModelException.class);
    }
    assertThatThrownBy(() -> LOADER.load(Arrays.copyOf(file, file.length - 1)))
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContaining("not a valid ONNX model");
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
  void randomBytesAreRefusedAsInvalidNeverAsAnError(long seed) {
    Random random = new Random(seed);
    byte[] bytes = new byte[1 + random.nextInt(4096)];
    random.nextBytes(bytes);
    bytes[0] = 0x08; // looks like ir_version, so the ONNX reader gets it
    Throwable thrown = catchThrowable(() -> LOADER.load(bytes));
    assertThat(thrown).isInstanceOf(InvalidModelException.class);
    bytes[0] = (byte) 0xFF;
    assertThat(catchThrowable(() -> LOADER.load(bytes)))
        .isInstanceOf(MalformedModelException.class);
  }

  @Test
  void aTensorWhoseDimsClaim2To31ElementsIsRefusedBeforeAllocation() {
    GraphProto.Builder graph = mlp();
    TensorProto w1 = graph.getInitializer(0).toBuilder().setDims(0, 1L << 31).build();
    graph.setInitializer(0, w1);
    assertThatThrownBy(() -> LOADER.load(bytes(13, graph.build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("tensor 'w1'")
        .hasMessageContaining("2147483648");
    TensorProto w1b = w1.toBuilder().setDims(0, 1 << 20).setDims(1, 1 << 10).build();
    graph.setInitializer(0, w1b);
    assertThatThrownBy(() -> LOADER.load(bytes(13, graph.build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("tensor 'w1'");
    TensorProto small = w1.toBuilder().setDims(0, 5).build();
    graph.setInitializer(0, small);
    assertThatThrownBy(() -> LOADER.load(bytes(13, graph.build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("tensor 'w1' declares dims [5, 3]")
        .hasMessageContaining("48 bytes of raw_data");
  }

  @Test
  void aThousandDeepNestedGraphAttributeIsMalformedNotAStackOverflow() {
    // graph { node { attribute { g: graph { node { attribute { g: … } } } } } }, built from the
    // inside out as raw protobuf: field tags 1 (GraphProto.node), 5 (NodeProto.attribute),
    // 6 (AttributeProto.g), each length-delimited.
    byte[] graph = new byte[0];
    for (int depth = 0; depth < 1000; depth++) {
      byte[] attribute = concat(new byte[] {0x0a, 0x01, 'g', 0x32}, varint(graph.length), graph);
      byte[] node = concat(new byte[] {0x2a}, varint(attribute.length), attribute);
      graph = concat(new byte[] {0x0a}, varint(node.length), node);
    }
    byte[] model = concat(new byte[] {0x08, 0x08, 0x3a}, varint(graph.length), graph);
    assertThatThrownBy(() -> LOADER.load(model))
        .isInstanceOf(MalformedModelException.class)
        .hasMessageContaining("nesting");
  }

  private static byte[] varint(int value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while ((value & ~0x7F) != 0) {
      out.write((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    out.write(value);
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @Test
  void anEmptyGraphIsInvalid() {
    assertThatThrownBy(() -> LOADER.load(bytes(13, GraphProto.newBuilder().setName("g").build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("no nodes");
    assertThatThrownBy(() -> LOADER.load(new byte[] {0x08, 0x07}))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("no graph");
  }

  @Test
  void externalDataIsRefusedWithAClearMessage() {
    GraphProto.Builder graph = mlp();
    TensorProto external =
        graph.getInitializer(1).toBuilder()
            .clearRawData()
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(
                StringStringEntryProto.newBuilder().setKey("location").setValue("w2.bin"))
            .build();
    graph.setInitializer(1, external);
    assertThatThrownBy(() -> LOADER.load(bytes(13, graph.build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("tensor 'w2' is stored as external data (file 'w2.bin')")
        .hasMessageContaining("single-file");
  }

  @Test
  void nonFiniteWeightsAreNamedWithTheirIndex() {
    GraphProto.Builder graph = mlp();
    graph.setInitializer(
        1, floats("w2", new int[] {2, 4}, 1, -1, 1, -1, 0.5, Double.NaN, 0.5, 0.5));
    assertThatThrownBy(() -> LOADER.load(bytes(13, graph.build())))
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("tensor 'w2'")
        .hasMessageContaining("NaN at index 5 [1, 1]");
  }

  @Test
  void signIsRefusedNamingTheNode() {
    UncertifiableModelException e =
        (UncertifiableModelException)
            catchThrowable(() -> LOADER.load(bytes(13, withOp("Sign", "binarise").build())));
    assertThat(e.node()).isEqualTo("binarise");
    assertThat(e.opType()).isEqualTo("Sign");
    assertThat(e.reason()).startsWith("no finite Lipschitz constant");
  }

  @Test
  void expIsRefused() {
    assertThatThrownBy(() -> LOADER.load(bytes(13, withOp("Exp", "e").build())))
        .isInstanceOf(UncertifiableModelException.class)
        .hasMessageContaining("node 'e' (Exp): no finite Lipschitz constant")
        .hasMessageContaining("unbounded");
  }

  @Test
  void aMatMulOfTwoInputDependentTensorsIsRefused() {
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", 1, 3, 3))
            .addOutput(value("y", 1, 3, 3))
            .addInitializer(floats("w", new int[] {3, 3}, 1, 0, 0, 0, 1, 0, 0, 0, 1))
            .addNode(node("MatMul", "query", List.of("x", "w"), List.of("q")))
            .addNode(
                node(
                    "Transpose",
                    "keyT",
                    List.of("x"),
                    List.of("k"),
                    OnnxFixtures.ints("perm", 0, 2, 1)))
            .addNode(node("MatMul", "scores", List.of("q", "k"), List.of("y")))
            .build();
    assertThatThrownBy(() -> LOADER.load(bytes(13, graph)))
        .isInstanceOf(UncertifiableModelException.class)
        .hasMessage(
            "node 'scores' (MatMul): no finite Lipschitz constant: product of two input-dependent"
                + " tensors");
  }

  @Test
  void layerNormalizationIsNotCertifiableWithItsConstant() {
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", 1, 4))
            .addOutput(value("y", 1, 4))
            .addInitializer(floats("gamma", new int[] {4}, 1, 2, 0.5, 1))
            .addInitializer(floats("beta", new int[] {4}, 0, 0, 0, 0))
            .addNode(
                node(
                    "LayerNormalization",
                    "ln",
                    List.of("x", "gamma", "beta"),
                    List.of("y"),
                    real("epsilon", 1e-4)))
            .build();
    assertThatThrownBy(() -> LOADER.load(bytes(17, graph)))
        .isInstanceOf(UncertifiableModelException.class)
        .hasMessageContaining("node 'ln' (LayerNormalization): not certifiable")
        .hasMessageContaining("max|γ|/√ε = 200.0");
  }

  @Test
  void unknownOperatorsAreAllListed() {
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", 1, 3))
            .addOutput(value("y", 1, 3))
            .addNode(node("FancyNorm", "n1", List.of("x"), List.of("a")))
            .addNode(node("Relu", "r", List.of("a"), List.of("b")))
            .addNode(node("Warp", "w1", List.of("b"), List.of("c")))
            .addNode(node("FancyNorm", "n2", List.of("c"), List.of("y")))
            .build();
    assertThatThrownBy(() -> LOADER.load(bytes(13, graph)))
        .isInstanceOf(UncertifiableModelException.class)
        .hasMessageContaining("FancyNorm (nodes 'n1', 'n2')")
        .hasMessageContaining("Warp (node 'w1')")
        .hasMessageContaining("Supported on the input path:");
  }

  @Test
  void discontinuousOperatorsOnConstantsAreFolded() {
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", 1, 3))
            .addOutput(value("y", 1, 3))
            .addInitializer(floats("c", new int[] {3}, -1.5, 0.2, 2.7))
            .addNode(node("Floor", "floor", List.of("c"), List.of("f")))
            .addNode(node("Sign", "sign", List.of("f"), List.of("s")))
            .addNode(node("Mul", "scale", List.of("x", "s"), List.of("y")))
            .build();
    var model = LOADER.load(bytes(13, graph));
    assertThat(model.graph().evaluate(new double[] {1, 2, 3})[1]).containsExactly(-1, 0, 3);
  }

  @Test
  void bytesStartingLikeJsonStillGoToTheJsonReader() {
    assertThat(ModelFormat.detect("  {\"format\": \"lipcert/v1\"}".getBytes()))
        .isEqualTo(ModelFormat.JSON);
    assertThat(ModelFormat.detect(new byte[] {'P', 'K', 3, 4})).isEqualTo(ModelFormat.UNKNOWN);
    assertThat(ModelFormat.detect(ByteString.copyFromUtf8("").toByteArray()))
        .isEqualTo(ModelFormat.UNKNOWN);
  }
}

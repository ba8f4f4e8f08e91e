package org.lipcert.io.onnx;

import static org.lipcert.io.onnx.OnnxFixtures.bytes;
import static org.lipcert.io.onnx.OnnxFixtures.floats;
import static org.lipcert.io.onnx.OnnxFixtures.integer;
import static org.lipcert.io.onnx.OnnxFixtures.ints;
import static org.lipcert.io.onnx.OnnxFixtures.node;
import static org.lipcert.io.onnx.OnnxFixtures.value;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.lipcert.io.onnx.proto.GraphProto;
import org.lipcert.io.onnx.proto.StringStringEntryProto;
import org.lipcert.io.onnx.proto.TensorProto;

/**
 * Serialised ONNX models for the tests of the surfaces ({@code org.lipcert.web}, {@code
 * org.lipcert.cli}), written with {@link OnnxFixtures} as an exporter would: valid models, corrupt
 * files, and models LipCert must refuse. Each method documents what the reader makes of its bytes,
 * which the tests of {@code io.onnx} establish; the surfaces' tests check how that outcome reaches
 * the user.
 */
public final class OnnxSamples {

  /** The name of the first Gemm of {@link #mlp()}, as PyTorch names exported nodes. */
  public static final String MLP_FIRST_LAYER = "/fc1/Gemm";

  /** The name the unnamed second Gemm of {@link #mlp()} is reported under: its output's. */
  public static final String MLP_SECOND_LAYER = "logits";

  /** The name of the convolution of {@link #convolutionOfAnyImageSize()}. */
  public static final String CONVOLUTION = "/conv/Conv";

  private static final int OPSET = 13;

  private OnnxSamples() {}

  /**
   * Returns an MLP {@code x[N, 3] → Gemm "/fc1/Gemm" (4 × 3) → Relu → Gemm (2 × 4, unnamed, output
   * "logits")} with a symbolic batch size {@code N}. Certifiable; two layers.
   */
  public static byte[] mlp() {
    return bytes(OPSET, mlpGraph().build());
  }

  private static GraphProto.Builder mlpGraph() {
    return GraphProto.newBuilder()
        .setName("onnx-mlp")
        .addInput(value("x", "N", 3))
        .addOutput(value("logits", "N", 2))
        .addInitializer(
            floats("fc1.weight", new int[] {4, 3}, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12))
        .addInitializer(floats("fc1.bias", new int[] {4}, 0.5, -0.5, 0, 1))
        .addInitializer(floats("fc2.weight", new int[] {2, 4}, 1, -1, 1, -1, 0.5, 0.5, 0.5, 0.5))
        .addNode(
            node(
                "Gemm",
                MLP_FIRST_LAYER,
                List.of("x", "fc1.weight", "fc1.bias"),
                List.of("h"),
                integer("transB", 1)))
        .addNode(node("Relu", "/relu/Relu", List.of("h"), List.of("r")))
        .addNode(
            node("Gemm", "", List.of("r", "fc2.weight"), List.of("logits"), integer("transB", 1)));
  }

  /**
   * Returns {@code image[N, 1, H, W] → Conv "/conv/Conv" (2 × 1 × 3 × 3, pads 1) → Relu} whose
   * height and width are symbolic: it can only be read with an input shape such as {@code [1, 4,
   * 4]}; without one the reader refuses it as invalid, naming the dimension {@code H}.
   */
  public static byte[] convolutionOfAnyImageSize() {
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("onnx-cnn")
            .addInput(value("image", "N", 1, "H", "W"))
            .addOutput(value("y", "N", 2, "H", "W"))
            .addInitializer(
                floats(
                    "conv.weight",
                    new int[] {2, 1, 3, 3},
                    1,
                    2,
                    0,
                    0,
                    -1,
                    1,
                    2,
                    0,
                    1, //
                    0,
                    1,
                    0,
                    1,
                    -4,
                    1,
                    0,
                    1,
                    0))
            .addNode(
                node(
                    "Conv",
                    CONVOLUTION,
                    List.of("image", "conv.weight"),
                    List.of("c"),
                    ints("kernel_shape", 3, 3),
                    ints("pads", 1, 1, 1, 1)))
            .addNode(node("Relu", "/relu/Relu", List.of("c"), List.of("y")))
            .build();
    return bytes(OPSET, graph);
  }

  /** Returns the first half of {@link #mlp()}: malformed (a length-delimited field runs out). */
  public static byte[] truncated() {
    byte[] model = mlp();
    return Arrays.copyOf(model, model.length / 2);
  }

  /**
   * Returns seeded random bytes whose first byte, {@code 0x08}, is the tag of {@code ir_version},
   * so that they are taken for ONNX and reach the protobuf parser: malformed or invalid.
   */
  public static byte[] randomBytes(long seed) {
    Random random = new Random(seed);
    byte[] bytes = new byte[1 + random.nextInt(4096)];
    random.nextBytes(bytes);
    bytes[0] = 0x08;
    return bytes;
  }

  /**
   * Returns {@link #mlp()} whose weight {@code fc1.weight} declares {@code 2^31 × 3} elements for
   * its 12 values: invalid, refused before any allocation, naming the tensor.
   */
  public static byte[] inflatedDimensions() {
    GraphProto.Builder graph = mlpGraph();
    graph.setInitializer(0, graph.getInitializer(0).toBuilder().setDims(0, 1L << 31).build());
    return bytes(OPSET, graph.build());
  }

  /**
   * Returns a model whose graph nests {@code depth} graphs through node attributes ({@code graph {
   * node { attribute { g: graph { … } } } }}), written as raw protobuf: past the reader's nesting
   * limit it is malformed, not a stack overflow.
   */
  public static byte[] nestedGraphAttributes(int depth) {
    // Field tags: GraphProto.node 1, NodeProto.attribute 5, AttributeProto.name 1 and g 6,
    // ModelProto.ir_version 1 and graph 7; every message length-delimited.
    byte[] graph = new byte[0];
    for (int level = 0; level < depth; level++) {
      byte[] attribute = concat(new byte[] {0x0a, 0x01, 'g', 0x32}, varint(graph.length), graph);
      byte[] node = concat(new byte[] {0x2a}, varint(attribute.length), attribute);
      graph = concat(new byte[] {0x0a}, varint(node.length), node);
    }
    return concat(new byte[] {0x08, 0x08, 0x3a}, varint(graph.length), graph);
  }

  /** Returns a model whose graph has no node: invalid. */
  public static byte[] emptyGraph() {
    return bytes(OPSET, GraphProto.newBuilder().setName("empty").build());
  }

  /**
   * Returns {@link #mlp()} whose weight {@code fc2.weight} is stored as external data in {@code
   * fc2.bin}: invalid, with a message saying to save the model as a single file.
   */
  public static byte[] externalData() {
    GraphProto.Builder graph = mlpGraph();
    TensorProto external =
        graph.getInitializer(2).toBuilder()
            .clearRawData()
            .setDataLocation(TensorProto.DataLocation.EXTERNAL)
            .addExternalData(
                StringStringEntryProto.newBuilder().setKey("location").setValue("fc2.bin"))
            .build();
    graph.setInitializer(2, external);
    return bytes(OPSET, graph.build());
  }

  /**
   * Returns {@code x[1, 3] → Sign "binarise" → Gemm}: not certifiable, node {@code binarise}, op
   * type {@code Sign}, no finite Lipschitz constant.
   */
  public static byte[] sign() {
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", 1, 3))
            .addOutput(value("y", 1, 2))
            .addInitializer(floats("w", new int[] {2, 3}, 1, 2, 3, 4, 5, 6))
            .addNode(node("Sign", "binarise", List.of("x"), List.of("s")))
            .addNode(node("Gemm", "fc", List.of("s", "w"), List.of("y"), integer("transB", 1)))
            .build();
    return bytes(OPSET, graph);
  }

  /**
   * Returns attention's score product {@code (x W)(xᵀ)}: the MatMul {@code scores} multiplies two
   * input-dependent tensors and is not certifiable (no finite Lipschitz constant).
   */
  public static byte[] productOfInputs() {
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", 1, 3, 3))
            .addOutput(value("y", 1, 3, 3))
            .addInitializer(floats("w", new int[] {3, 3}, 1, 0, 0, 0, 1, 0, 0, 0, 1))
            .addNode(node("MatMul", "query", List.of("x", "w"), List.of("q")))
            .addNode(node("Transpose", "keyT", List.of("x"), List.of("k"), ints("perm", 0, 2, 1)))
            .addNode(node("MatMul", "scores", List.of("q", "k"), List.of("y")))
            .build();
    return bytes(OPSET, graph);
  }

  /**
   * Returns a model with two operators LipCert does not know, {@code FancyNorm} (nodes {@code n1},
   * {@code n2}) and {@code Warp} (node {@code w1}): not certifiable, all of them listed.
   */
  public static byte[] unknownOperators() {
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", 1, 3))
            .addOutput(value("y", 1, 3))
            .addNode(node("FancyNorm", "n1", List.of("x"), List.of("a")))
            .addNode(node("Relu", "r", List.of("a"), List.of("b")))
            .addNode(node("Warp", "w1", List.of("b"), List.of("c")))
            .addNode(node("FancyNorm", "n2", List.of("c"), List.of("y")))
            .build();
    return bytes(OPSET, graph);
  }

  /**
   * Returns {@code x[1, 4] → LayerNormalization "ln"} (opset 17, ε = 1e-4, max|γ| = 2): not
   * certifiable, its finite constant max|γ|/√ε = 200 being useless; the reason starts with "not
   * certifiable".
   */
  public static byte[] layerNormalization() {
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
                    OnnxFixtures.real("epsilon", 1e-4)))
            .build();
    return bytes(17, graph);
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
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }
}

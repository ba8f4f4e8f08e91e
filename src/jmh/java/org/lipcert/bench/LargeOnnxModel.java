package org.lipcert.bench;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;
import org.lipcert.io.onnx.proto.GraphProto;
import org.lipcert.io.onnx.proto.ModelProto;
import org.lipcert.io.onnx.proto.NodeProto;
import org.lipcert.io.onnx.proto.OperatorSetIdProto;
import org.lipcert.io.onnx.proto.TensorProto;
import org.lipcert.io.onnx.proto.TensorShapeProto;
import org.lipcert.io.onnx.proto.TypeProto;
import org.lipcert.io.onnx.proto.ValueInfoProto;

/**
 * Writes a float32 ONNX model of about {@code megabytes} MB, as an exporter would: {@code x[1, n] →
 * Gemm(W n×n, transB) → Relu → Gemm(W n×n)} with the weights in {@code raw_data}.
 */
final class LargeOnnxModel {

  private LargeOnnxModel() {}

  /** Returns the serialised model; {@code n} is chosen so that two n×n float32 weights fill it. */
  static byte[] write(int megabytes) {
    int n = (int) Math.sqrt(megabytes * 1_000_000.0 / 8);
    Random random = new Random(megabytes);
    GraphProto.Builder graph =
        GraphProto.newBuilder()
            .setName("large-" + megabytes + "mb")
            .addInput(value("x", 1, n))
            .addOutput(value("y", 1, n));
    for (int layer = 1; layer <= 2; layer++) {
      ByteBuffer raw = ByteBuffer.allocate(n * n * 4).order(ByteOrder.LITTLE_ENDIAN);
      float scale = (float) (1 / Math.sqrt(n));
      for (int i = 0; i < n * n; i++) {
        raw.putFloat((float) random.nextGaussian() * scale);
      }
      graph.addInitializer(
          TensorProto.newBuilder()
              .setName("w" + layer)
              .setDataType(1)
              .addDims(n)
              .addDims(n)
              .setRawData(ByteString.copyFrom(raw.array())));
    }
    graph.addNode(gemm("fc1", "x", "w1", "h"));
    graph.addNode(
        NodeProto.newBuilder().setOpType("Relu").setName("relu").addInput("h").addOutput("r"));
    graph.addNode(gemm("fc2", "r", "w2", "y"));
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("lipcert-bench")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
        .setGraph(graph)
        .build()
        .toByteArray();
  }

  private static NodeProto gemm(String name, String input, String weights, String output) {
    return NodeProto.newBuilder()
        .setOpType("Gemm")
        .setName(name)
        .addInput(input)
        .addInput(weights)
        .addOutput(output)
        .addAttribute(
            org.lipcert.io.onnx.proto.AttributeProto.newBuilder()
                .setName("transB")
                .setType(org.lipcert.io.onnx.proto.AttributeProto.AttributeType.INT)
                .setI(1))
        .build();
  }

  private static ValueInfoProto value(String name, int... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (int d : dims) {
      shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(d));
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape)))
        .build();
  }
}

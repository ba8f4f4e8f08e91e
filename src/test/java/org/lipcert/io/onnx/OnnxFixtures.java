package org.lipcert.io.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.lipcert.io.onnx.proto.AttributeProto;
import org.lipcert.io.onnx.proto.GraphProto;
import org.lipcert.io.onnx.proto.ModelProto;
import org.lipcert.io.onnx.proto.NodeProto;
import org.lipcert.io.onnx.proto.OperatorSetIdProto;
import org.lipcert.io.onnx.proto.TensorProto;
import org.lipcert.io.onnx.proto.TensorShapeProto;
import org.lipcert.io.onnx.proto.TypeProto;
import org.lipcert.io.onnx.proto.ValueInfoProto;

/** Writes ONNX models for tests with the generated message classes, as an exporter would. */
final class OnnxFixtures {

  private OnnxFixtures() {}

  /** Returns a float32 tensor stored as little-endian {@code raw_data}. */
  static TensorProto floats(String name, int[] dims, double... values) {
    ByteBuffer buffer = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      buffer.putFloat((float) v);
    }
    return tensor(name, dims, 1).setRawData(ByteString.copyFrom(buffer.array())).build();
  }

  /** Returns a float32 tensor stored in the typed field {@code float_data}. */
  static TensorProto floatData(String name, int[] dims, double... values) {
    TensorProto.Builder b = tensor(name, dims, 1);
    for (double v : values) {
      b.addFloatData((float) v);
    }
    return b.build();
  }

  /** Returns a float16 tensor stored as raw bits; the values must be exact halves. */
  static TensorProto float16(String name, int[] dims, boolean raw, double... values) {
    TensorProto.Builder b = tensor(name, dims, 10);
    ByteBuffer buffer = ByteBuffer.allocate(2 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (double v : values) {
      int bits = halfBits(v);
      if (raw) {
        buffer.putShort((short) bits);
      } else {
        b.addInt32Data(bits);
      }
    }
    if (raw) {
      b.setRawData(ByteString.copyFrom(buffer.array()));
    }
    return b.build();
  }

  /** Returns the binary16 bits of a normal half-precision value (exact, no rounding). */
  static int halfBits(double v) {
    if (v == 0) {
      return 0;
    }
    int sign = v < 0 ? 0x8000 : 0;
    double a = Math.abs(v);
    int exponent = Math.getExponent(a);
    double fraction = a / Math.scalb(1.0, exponent) - 1; // in [0, 1)
    int mantissa = (int) Math.round(fraction * 1024);
    if (mantissa / 1024.0 != fraction || exponent < -14 || exponent > 15) {
      throw new IllegalArgumentException(v + " is not a normal half");
    }
    return sign | ((exponent + 15) << 10) | mantissa;
  }

  /** Returns a 1-D int64 tensor in {@code int64_data}. */
  static TensorProto longs(String name, long... values) {
    TensorProto.Builder b = tensor(name, new int[] {values.length}, 7);
    for (long v : values) {
      b.addInt64Data(v);
    }
    return b.build();
  }

  private static TensorProto.Builder tensor(String name, int[] dims, int type) {
    TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(type);
    for (int d : dims) {
      b.addDims(d);
    }
    return b;
  }

  /** Returns a float tensor value info; dims are Integers or Strings (symbolic). */
  static ValueInfoProto value(String name, Object... dims) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (Object d : dims) {
      TensorShapeProto.Dimension.Builder dim = TensorShapeProto.Dimension.newBuilder();
      if (d instanceof Integer i) {
        dim.setDimValue(i);
      } else {
        dim.setDimParam((String) d);
      }
      shape.addDim(dim);
    }
    return ValueInfoProto.newBuilder()
        .setName(name)
        .setType(
            TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(1).setShape(shape)))
        .build();
  }

  /** Returns a node; {@code io} lists the inputs, then "->", then the outputs. */
  static NodeProto node(
      String op,
      String name,
      List<String> inputs,
      List<String> outputs,
      AttributeProto... attributes) {
    NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).setName(name);
    b.addAllInput(inputs).addAllOutput(outputs);
    for (AttributeProto a : attributes) {
      b.addAttribute(a);
    }
    return b.build();
  }

  static AttributeProto ints(String name, long... values) {
    AttributeProto.Builder b =
        AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
    for (long v : values) {
      b.addInts(v);
    }
    return b.build();
  }

  static AttributeProto integer(String name, long value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.INT)
        .setI(value)
        .build();
  }

  static AttributeProto real(String name, double value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.FLOAT)
        .setF((float) value)
        .build();
  }

  static AttributeProto string(String name, String value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.STRING)
        .setS(ByteString.copyFromUtf8(value))
        .build();
  }

  static AttributeProto tensor(String name, TensorProto value) {
    return AttributeProto.newBuilder()
        .setName(name)
        .setType(AttributeProto.AttributeType.TENSOR)
        .setT(value)
        .build();
  }

  /** Returns a model of the given opset around the graph. */
  static ModelProto model(int opset, GraphProto graph) {
    return ModelProto.newBuilder()
        .setIrVersion(8)
        .setProducerName("lipcert-tests")
        .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
        .setGraph(graph)
        .build();
  }

  /** Returns the serialised model. */
  static byte[] bytes(int opset, GraphProto graph) {
    return model(opset, graph).toByteArray();
  }

  /** Returns a float32 value rounded as it is stored. */
  static double f32(double v) {
    return (float) v;
  }
}

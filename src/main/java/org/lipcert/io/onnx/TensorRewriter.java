package org.lipcert.io.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.DoubleUnaryOperator;
import org.lipcert.core.advice.Projection;
import org.lipcert.io.onnx.proto.TensorProto;

/**
 * Rewrites the values of a floating-point {@link TensorProto} in its own data type and storage
 * field ({@code raw_data} or the typed field), leaving every other field — name, dims, doc string —
 * as it was.
 *
 * <p>New values are rounded <em>toward zero</em> to the tensor's precision (float32, float64,
 * float16, bfloat16), so no rounded value is larger in magnitude than the exact {@code f(w)}: a
 * clip at a threshold representable in the type stays exact, and a rescaled weight never grows.
 */
final class TensorRewriter {

  private TensorRewriter() {}

  /**
   * Returns the tensor with every value {@code w} replaced by {@code f(w)}, rounded toward zero.
   *
   * @param proto the tensor
   * @param f the change
   * @return the new tensor
   * @throws Projection.ProjectionException if the tensor is not of a floating-point type
   */
  static TensorProto rewrite(TensorProto proto, DoubleUnaryOperator f) {
    int type = proto.getDataType();
    if (type != Tensor.FLOAT
        && type != Tensor.DOUBLE
        && type != Tensor.FLOAT16
        && type != Tensor.BFLOAT16) {
      throw new Projection.ProjectionException(
          "initializer '"
              + proto.getName()
              + "' is of type "
              + TensorDecoder.typeName(type)
              + "; only float32, float64, float16 and bfloat16 weights can be rescaled or clipped");
    }
    double[] values = TensorDecoder.decode(proto, Integer.MAX_VALUE).values();
    TensorProto.Builder builder = proto.toBuilder();
    if (proto.hasRawData()) {
      int width = type == Tensor.DOUBLE ? 8 : type == Tensor.FLOAT ? 4 : 2;
      ByteBuffer buffer = ByteBuffer.allocate(values.length * width).order(ByteOrder.LITTLE_ENDIAN);
      for (double v : values) {
        double w = f.applyAsDouble(v);
        switch (type) {
          case Tensor.FLOAT -> buffer.putFloat(float32TowardZero(w));
          case Tensor.DOUBLE -> buffer.putDouble(w);
          case Tensor.FLOAT16 -> buffer.putShort((short) halfBitsTowardZero(w));
          default -> buffer.putShort((short) bfloat16BitsTowardZero(w));
        }
      }
      return builder.setRawData(ByteString.copyFrom(buffer.array())).build();
    }
    switch (type) {
      case Tensor.FLOAT -> {
        builder.clearFloatData();
        for (double v : values) {
          builder.addFloatData(float32TowardZero(f.applyAsDouble(v)));
        }
      }
      case Tensor.DOUBLE -> {
        builder.clearDoubleData();
        for (double v : values) {
          builder.addDoubleData(f.applyAsDouble(v));
        }
      }
      default -> {
        builder.clearInt32Data();
        for (double v : values) {
          double w = f.applyAsDouble(v);
          builder.addInt32Data(
              type == Tensor.FLOAT16 ? halfBitsTowardZero(w) : bfloat16BitsTowardZero(w));
        }
      }
    }
    return builder.build();
  }

  /** Returns the float32 value nearest to {@code x} that is not larger in magnitude. */
  static float float32TowardZero(double x) {
    float r = (float) x;
    return Math.abs(r) > Math.abs(x) ? Math.nextAfter(r, 0.0) : r;
  }

  /** Returns the bfloat16 bits of {@code x} rounded toward zero (the top half of its float32). */
  static int bfloat16BitsTowardZero(double x) {
    return Float.floatToRawIntBits(float32TowardZero(x)) >>> 16;
  }

  /**
   * Returns the IEEE 754 binary16 bits of {@code x} rounded toward zero; magnitudes beyond the
   * largest finite half (65504) become 65504.
   */
  static int halfBitsTowardZero(double x) {
    int sign = x < 0 || (x == 0 && 1 / x < 0) ? 0x8000 : 0;
    double a = Math.abs(x);
    if (a >= 65504) {
      return sign | 0x7BFF;
    }
    if (a < 0x1p-14) {
      return sign | (int) Math.floor(a * 0x1p24); // subnormal: multiples of 2⁻²⁴
    }
    int e = Math.getExponent(a);
    int fraction = (int) Math.floor((Math.scalb(a, -e) - 1) * 1024);
    return sign | ((e + 15) << 10) | fraction;
  }
}

package org.lipcert.io.onnx;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.lipcert.core.InvalidModelException;
import org.lipcert.io.onnx.proto.StringStringEntryProto;
import org.lipcert.io.onnx.proto.TensorProto;

/**
 * Decodes a {@link TensorProto} into a {@link Tensor}: {@code raw_data} (fixed-width,
 * little-endian, ONNX IR §"Tensor") or the typed field of its data type — {@code float_data},
 * {@code double_data}, {@code int64_data}, {@code uint64_data}, or {@code int32_data}, which also
 * carries the 16 bits of every float16 and bfloat16 value.
 *
 * <p>The declared element count is checked against the bytes or values actually present before
 * anything is allocated, so a tensor whose dims claim {@code 2^31} elements in a few bytes costs
 * nothing. Tensors stored as external data are refused: LipCert reads single-file models.
 */
final class TensorDecoder {

  private TensorDecoder() {}

  /**
   * Decodes a tensor.
   *
   * @param proto the tensor
   * @param maxElements the largest element count accepted
   * @return the tensor
   * @throws InvalidModelException if the tensor is external, of an unsupported data type, or its
   *     dims do not match its data; the message names the tensor
   */
  static Tensor decode(TensorProto proto, long maxElements) {
    String name = proto.getName().isEmpty() ? "(unnamed)" : proto.getName();
    if (proto.getDataLocation() == TensorProto.DataLocation.EXTERNAL
        || proto.getExternalDataCount() > 0) {
      String location = "";
      for (StringStringEntryProto entry : proto.getExternalDataList()) {
        if (entry.getKey().equals("location")) {
          location = " (file '" + entry.getValue() + "')";
        }
      }
      throw new InvalidModelException(
          "tensor '"
              + name
              + "' is stored as external data"
              + location
              + "; LipCert reads single-file models: save the model with its weights inside,"
              + " e.g. onnx.save_model(model, path, save_as_external_data=False)");
    }
    if (proto.hasSegment()) {
      throw new InvalidModelException(
          "tensor '" + name + "' is stored in segments, which LipCert does not read");
    }
    int[] dims = new int[proto.getDimsCount()];
    long count = 1;
    boolean empty = false;
    for (int k = 0; k < dims.length; k++) {
      long d = proto.getDims(k);
      if (d < 0) {
        throw new InvalidModelException(
            "tensor '" + name + "' has a negative dimension: " + proto.getDimsList());
      }
      if (d > Integer.MAX_VALUE) {
        throw tooLarge(name, proto, maxElements);
      }
      dims[k] = (int) d;
      empty |= d == 0;
      count = Math.min(count * Math.max(d, 1), maxElements + 1); // ≤ 2^31 · 2^31: no overflow
    }
    if (empty) {
      count = 0;
    } else if (count > maxElements) {
      throw tooLarge(name, proto, maxElements);
    }
    int n = (int) count;
    int type = proto.getDataType();
    int width = width(type, name);
    if (proto.hasRawData()) {
      ByteString raw = proto.getRawData();
      if (raw.size() != (long) n * width) {
        throw mismatch(name, proto, n, type, raw.size() + " bytes of raw_data");
      }
      if (type == Tensor.FLOAT) {
        float[] floats = new float[n];
        raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(floats);
        return Tensor.ofFloat32(name, dims, floats);
      }
      return new Tensor(name, type, dims, fromRaw(raw, type, n));
    }
    int present =
        switch (type) {
          case Tensor.FLOAT -> proto.getFloatDataCount();
          case Tensor.DOUBLE -> proto.getDoubleDataCount();
          case Tensor.INT64 -> proto.getInt64DataCount();
          case Tensor.UINT32, Tensor.UINT64 -> proto.getUint64DataCount();
          default -> proto.getInt32DataCount();
        };
    if (present != n) {
      throw mismatch(name, proto, n, type, present + " values in its typed data field");
    }
    if (type == Tensor.FLOAT) {
      float[] floats = new float[n];
      for (int i = 0; i < n; i++) {
        floats[i] = proto.getFloatData(i);
      }
      return Tensor.ofFloat32(name, dims, floats);
    }
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] =
          switch (type) {
            case Tensor.FLOAT -> proto.getFloatData(i);
            case Tensor.DOUBLE -> proto.getDoubleData(i);
            case Tensor.INT64 -> proto.getInt64Data(i);
            case Tensor.UINT32 -> proto.getUint64Data(i);
            case Tensor.UINT64 -> unsigned(proto.getUint64Data(i));
            case Tensor.FLOAT16 -> halfToDouble(proto.getInt32Data(i) & 0xFFFF);
            case Tensor.BFLOAT16 -> Float.intBitsToFloat((proto.getInt32Data(i) & 0xFFFF) << 16);
            case Tensor.UINT8 -> proto.getInt32Data(i) & 0xFF;
            case Tensor.UINT16 -> proto.getInt32Data(i) & 0xFFFF;
            case Tensor.BOOL -> proto.getInt32Data(i) != 0 ? 1 : 0;
            default -> proto.getInt32Data(i);
          };
    }
    return new Tensor(name, type, dims, values);
  }

  private static InvalidModelException tooLarge(String name, TensorProto proto, long maxElements) {
    return new InvalidModelException(
        "tensor '"
            + name
            + "' declares dims "
            + proto.getDimsList()
            + ", more than the "
            + maxElements
            + " elements LipCert accepts in one tensor");
  }

  private static InvalidModelException mismatch(
      String name, TensorProto proto, int n, int type, String found) {
    return new InvalidModelException(
        "tensor '"
            + name
            + "' declares dims "
            + proto.getDimsList()
            + " ("
            + n
            + " elements of "
            + typeName(type)
            + ") but holds "
            + found);
  }

  /** Returns the byte width of one element in {@code raw_data}. */
  private static int width(int type, String name) {
    return switch (type) {
      case Tensor.BOOL, Tensor.UINT8, Tensor.INT8 -> 1;
      case Tensor.FLOAT16, Tensor.BFLOAT16, Tensor.INT16, Tensor.UINT16 -> 2;
      case Tensor.FLOAT, Tensor.INT32, Tensor.UINT32 -> 4;
      case Tensor.DOUBLE, Tensor.INT64, Tensor.UINT64 -> 8;
      default ->
          throw new InvalidModelException(
              "tensor '"
                  + name
                  + "' has data type "
                  + typeName(type)
                  + ", which LipCert does not read (supported: float32, float64, float16, bfloat16,"
                  + " integer and bool types)");
    };
  }

  /** Returns the data type's ONNX name, or its number if unknown. */
  static String typeName(int type) {
    TensorProto.DataType t = TensorProto.DataType.forNumber(type);
    return t == null ? "#" + type : t.name();
  }

  private static double[] fromRaw(ByteString raw, int type, int n) {
    ByteBuffer buffer = raw.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] =
          switch (type) {
            case Tensor.FLOAT -> buffer.getFloat();
            case Tensor.DOUBLE -> buffer.getDouble();
            case Tensor.INT64 -> buffer.getLong();
            case Tensor.UINT64 -> unsigned(buffer.getLong());
            case Tensor.INT32 -> buffer.getInt();
            case Tensor.UINT32 -> buffer.getInt() & 0xFFFFFFFFL;
            case Tensor.INT16 -> buffer.getShort();
            case Tensor.UINT16 -> buffer.getShort() & 0xFFFF;
            case Tensor.FLOAT16 -> halfToDouble(buffer.getShort() & 0xFFFF);
            case Tensor.BFLOAT16 -> Float.intBitsToFloat((buffer.getShort() & 0xFFFF) << 16);
            case Tensor.INT8 -> buffer.get();
            case Tensor.UINT8 -> buffer.get() & 0xFF;
            default -> buffer.get() != 0 ? 1 : 0; // BOOL
          };
    }
    return values;
  }

  private static double unsigned(long v) {
    return v >= 0 ? v : (v >>> 1) * 2.0 + (v & 1);
  }

  /**
   * Returns the IEEE 754 binary16 value with the given bits, exactly (every half is a double).
   *
   * @param bits the 16 bits: sign, 5 exponent bits, 10 fraction bits
   * @return the value, infinite or NaN where the bits say so
   */
  static double halfToDouble(int bits) {
    int sign = (bits >>> 15) == 0 ? 1 : -1;
    int exponent = (bits >>> 10) & 0x1F;
    int fraction = bits & 0x3FF;
    if (exponent == 0x1F) {
      return fraction == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
    }
    if (exponent == 0) {
      return sign * Math.scalb((double) fraction, -24); // subnormal: fraction · 2^-24
    }
    return sign * Math.scalb((double) (fraction | 0x400), exponent - 25);
  }

  /** Returns a readable description of the dims, for messages. */
  static String dims(int[] dims) {
    return Arrays.toString(dims);
  }
}

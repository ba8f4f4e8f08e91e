package org.lipcert.io.onnx;

import java.util.HashMap;
import java.util.Map;
import org.lipcert.core.InvalidModelException;
import org.lipcert.io.onnx.proto.AttributeProto;
import org.lipcert.io.onnx.proto.NodeProto;

/** Typed access to a node's attributes with the ONNX defaults, naming the node in errors. */
final class NodeAttributes {

  private final String node;
  private final Map<String, AttributeProto> byName = new HashMap<>();
  private final long maxElements;

  NodeAttributes(NodeProto proto, String node, long maxElements) {
    this.node = node;
    this.maxElements = maxElements;
    for (AttributeProto attribute : proto.getAttributeList()) {
      byName.put(attribute.getName(), attribute);
    }
  }

  boolean has(String name) {
    return byName.containsKey(name);
  }

  long getInt(String name, long defaultValue) {
    AttributeProto a = byName.get(name);
    return a == null ? defaultValue : a.getI();
  }

  double getFloat(String name, double defaultValue) {
    AttributeProto a = byName.get(name);
    return a == null ? defaultValue : a.getF();
  }

  String getString(String name, String defaultValue) {
    AttributeProto a = byName.get(name);
    return a == null ? defaultValue : a.getS().toStringUtf8();
  }

  /** Returns an INTS attribute, or {@code null} when absent. */
  long[] getInts(String name) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return null;
    }
    long[] v = new long[a.getIntsCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.getInts(i);
    }
    return v;
  }

  /** Returns an INTS attribute as ints, or {@code null} when absent. */
  int[] getIntArray(String name) {
    long[] v = getInts(name);
    if (v == null) {
      return null;
    }
    int[] r = new int[v.length];
    for (int i = 0; i < v.length; i++) {
      if (Math.abs(v[i]) > Integer.MAX_VALUE) {
        throw new InvalidModelException(
            "node '" + node + "': attribute " + name + " has an out-of-range value " + v[i]);
      }
      r[i] = (int) v[i];
    }
    return r;
  }

  /** Returns a FLOATS attribute, or {@code null} when absent. */
  double[] getFloats(String name) {
    AttributeProto a = byName.get(name);
    if (a == null) {
      return null;
    }
    double[] v = new double[a.getFloatsCount()];
    for (int i = 0; i < v.length; i++) {
      v[i] = a.getFloats(i);
    }
    return v;
  }

  /** Returns a TENSOR attribute, decoded, or {@code null} when absent. */
  Tensor getTensor(String name) {
    AttributeProto a = byName.get(name);
    return a == null || !a.hasT() ? null : TensorDecoder.decode(a.getT(), maxElements);
  }
}

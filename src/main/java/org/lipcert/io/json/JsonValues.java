package org.lipcert.io.json;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.lipcert.core.InvalidModelException;

/**
 * Typed access to the values of a parsed JSON tree ({@link JsonTreeReader}), each failure naming
 * the JSON path of the offending value.
 */
final class JsonValues {

  private JsonValues() {}

  /**
   * Rejects properties not in {@code allowed}, except {@code description}, {@code metadata} and
   * names starting with {@code x-}.
   */
  static void checkProperties(Map<?, ?> object, String path, Set<String> allowed) {
    for (Object key : object.keySet()) {
      String name = (String) key;
      if (!allowed.contains(name)
          && !name.equals("description")
          && !name.equals("metadata")
          && !name.startsWith("x-")) {
        throw new InvalidModelException(
            path
                + " has unknown property \""
                + name
                + "\"; allowed: "
                + String.join(", ", new TreeSet<>(allowed))
                + " (and description, metadata, x-*)");
      }
    }
  }

  static List<Map<?, ?>> layerList(Object value, String path) {
    if (value == null) {
      throw new InvalidModelException(path + " is missing; a model needs at least one layer");
    }
    if (!(value instanceof List<?> list)) {
      throw new InvalidModelException(path + " must be an array of layer objects");
    }
    if (list.isEmpty()) {
      throw new InvalidModelException(path + " is empty; a model needs at least one layer");
    }
    List<Map<?, ?>> layers = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!(list.get(i) instanceof Map<?, ?> layer)) {
        throw new InvalidModelException(path + "[" + i + "] must be an object with a \"type\"");
      }
      layers.add(layer);
    }
    return layers;
  }

  static NumericArray numericArray(Object value, String path) {
    if (value instanceof NumericArray array) {
      return array;
    }
    if (value instanceof List<?> list && list.isEmpty()) {
      return new NumericArray(path, new int[] {0}, new double[0]);
    }
    throw new InvalidModelException(
        path + (value == null ? " is missing" : " must be an array of numbers"));
  }

  /** Reads a non-negative integer or a list of them. */
  static int[] intList(Object value, String path) {
    double[] values;
    if (value instanceof Double d) {
      values = new double[] {d};
    } else if (value instanceof NumericArray array && array.rank() == 1) {
      values = array.data();
    } else {
      throw new InvalidModelException(path + " must be an integer or a list of integers");
    }
    int[] ints = new int[values.length];
    for (int i = 0; i < values.length; i++) {
      double v = values[i];
      if (v != Math.rint(v) || Math.abs(v) > 1 << 24) {
        throw new InvalidModelException(path + " must contain integers, got " + v);
      }
      ints[i] = (int) v;
    }
    return ints;
  }

  static String optionalString(Map<?, ?> object, String key, String path, String fallback) {
    Object value = object.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw new InvalidModelException(path + " must be a non-empty string");
    }
    return s;
  }

  static double optionalNumber(Map<?, ?> object, String key, String path, double fallback) {
    Object value = object.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Double d)) {
      throw new InvalidModelException(path + "." + key + " must be a number");
    }
    return d;
  }

  static int optionalInt(Map<?, ?> object, String key, String path, int fallback) {
    Object value = object.get(key);
    if (value == null) {
      return fallback;
    }
    int[] values = intList(value, path + "." + key);
    if (values.length != 1) {
      throw new InvalidModelException(path + "." + key + " must be an integer");
    }
    return values[0];
  }

  static boolean optionalBoolean(Map<?, ?> object, String key, String path, boolean fallback) {
    Object value = object.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Boolean b)) {
      throw new InvalidModelException(path + "." + key + " must be true or false");
    }
    return b;
  }
}

package org.lipcert.io.json;

import java.io.ByteArrayOutputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.lipcert.core.advice.Projection;
import org.lipcert.core.advice.WeightChange;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.ObjectWriteContext;
import tools.jackson.core.json.JsonFactory;

/**
 * Writes a projected {@code lipcert/v1} model: the uploaded document with the weights of the
 * changed layers rewritten — {@code weights} of a dense or convolution layer, {@code gamma} of a
 * batch normalisation (which can only be rescaled) — and every other member kept, in its order.
 *
 * <p>Layers are found by the names the reader gives them ({@code name}, else {@code layer<i>},
 * prefixed by the enclosing residual block's name). Weights stay float64, so a clip or a rescale is
 * written exactly as computed.
 */
public final class JsonProjector {

  private final JsonTreeReader treeReader;
  private final JsonFactory factory = new JsonFactory();

  /**
   * Creates a projector.
   *
   * @param limits the read limits of the uploaded document
   */
  public JsonProjector(JsonReadLimits limits) {
    this.treeReader = new JsonTreeReader(limits);
  }

  /**
   * Returns the document with changed weights.
   *
   * @param bytes the uploaded document, a valid model
   * @param changes the changes by layer name
   * @return the new document, UTF-8
   * @throws Projection.ProjectionException if a changed layer has no weights to change in that way
   */
  public byte[] write(byte[] bytes, Map<String, WeightChange> changes) {
    Map<?, ?> root = (Map<?, ?>) treeReader.read(bytes);
    Set<String> done = new HashSet<>();
    apply(JsonValues.layerList(root.get("layers"), "layers"), "", changes, done);
    Set<String> missing = new TreeSet<>(changes.keySet());
    missing.removeAll(done);
    if (!missing.isEmpty()) {
      throw new Projection.ProjectionException("no layers called " + missing + " in the document");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    try (JsonGenerator generator = factory.createGenerator(ObjectWriteContext.empty(), out)) {
      writeValue(generator, root);
    }
    return out.toByteArray();
  }

  private static void apply(
      List<Map<?, ?>> layers, String prefix, Map<String, WeightChange> changes, Set<String> done) {
    for (int i = 0; i < layers.size(); i++) {
      @SuppressWarnings("unchecked")
      Map<Object, Object> layer = (Map<Object, Object>) layers.get(i);
      String name = layer.get("name") instanceof String given ? given : prefix + "layer" + i;
      Object type = layer.get("type");
      if ("residual".equals(type)) {
        apply(JsonValues.layerList(layer.get("layers"), name), name + ".", changes, done);
        continue;
      }
      WeightChange change = changes.get(name);
      if (change == null) {
        continue;
      }
      done.add(name);
      String key =
          switch (String.valueOf(type)) {
            case "dense", "conv2d", "conv_transpose2d" -> "weights";
            case "batchnorm" -> "gamma";
            default ->
                throw new Projection.ProjectionException(
                    "layer '" + name + "' of type " + type + " has no weights to change");
          };
      if (key.equals("gamma") && change instanceof WeightChange.Clip) {
        throw new Projection.ProjectionException(
            "layer '" + name + "' has no weight tensor to clip");
      }
      NumericArray values = (NumericArray) layer.get(key);
      if (values == null) {
        values = ones(layer, name);
      }
      double[] data = values.data().clone();
      for (int k = 0; k < data.length; k++) {
        data[k] = change.applyAsDouble(data[k]);
      }
      layer.put(key, new NumericArray(values.path(), values.shape(), data));
    }
  }

  /** Returns the default {@code gamma} of a batch normalisation, ones of its channel count. */
  private static NumericArray ones(Map<?, ?> layer, String name) {
    for (String key : List.of("beta", "mean", "var")) {
      if (layer.get(key) instanceof NumericArray other) {
        double[] ones = new double[other.data().length];
        java.util.Arrays.fill(ones, 1);
        return new NumericArray(name + ".gamma", other.shape(), ones);
      }
    }
    throw new Projection.ProjectionException(
        "layer '"
            + name
            + "' declares none of gamma, beta, mean, var, so its channel count is unknown;"
            + " add \"gamma\" to the document");
  }

  private static void writeValue(JsonGenerator g, Object value) {
    if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeName((String) e.getKey());
        writeValue(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      g.writeStartArray();
      for (Object item : list) {
        writeValue(g, item);
      }
      g.writeEndArray();
    } else if (value instanceof NumericArray array) {
      writeArray(g, array, 0, 0);
    } else if (value instanceof Double d) {
      writeNumber(g, d);
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else {
      g.writeNull();
    }
  }

  /**
   * Writes the sub-array of {@code array} at {@code axis} starting at flat index {@code offset}.
   */
  private static int writeArray(JsonGenerator g, NumericArray array, int axis, int offset) {
    g.writeStartArray();
    int n = array.shape()[axis];
    if (axis == array.rank() - 1) {
      for (int i = 0; i < n; i++) {
        writeNumber(g, array.data()[offset + i]);
      }
      offset += n;
    } else {
      for (int i = 0; i < n; i++) {
        offset = writeArray(g, array, axis + 1, offset);
      }
    }
    g.writeEndArray();
    return offset;
  }

  /** Writes integral values as integers ({@code 2}, not {@code 2.0}), others in shortest form. */
  private static void writeNumber(JsonGenerator g, double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15 && !(v == 0 && 1 / v < 0)) {
      g.writeNumber((long) v);
    } else {
      g.writeNumber(v);
    }
  }
}

package org.lipcert.io.json;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.UncertifiableModelException;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.Operation;
import org.lipcert.core.graph.Reshape;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Reads a model in LipCert's JSON format {@value #FORMAT} into a {@link LoadedModel}.
 *
 * <pre>{@code
 * {"format": "lipcert/v1", "name": "tiny-mlp", "input": {"shape": [4]},
 *  "layers": [
 *    {"type": "dense", "name": "fc1", "weights": [[0.5, -1, 0, 2], [1, 1, 1, 1]], "bias": [0, 0]},
 *    {"type": "relu"},
 *    {"type": "dense", "name": "fc2", "weights": [[1, -1]]}]}
 * }</pre>
 *
 * Dense weights are {@code out × in} (PyTorch's {@code Linear.weight}), {@code y = Wx + b}, the
 * bias optional. Activations: {@code relu}, {@code leaky_relu} ({@code alpha}, default 0.01),
 * {@code sigmoid}, {@code tanh}, {@code softplus}, {@code elu} ({@code alpha}, default 1), {@code
 * gelu} ({@code approximate}: {@code none} or {@code tanh}), {@code silu}; and {@code flatten}.
 * {@code input.shape} may be omitted when the first layer is dense. Layers without a {@code name}
 * are called {@code layer<i>}, {@code i} their 0-based index. Unknown properties are rejected (they
 * are usually typos, and a mistyped {@code alpha} would change the bound) except {@code
 * description}, {@code metadata} and names starting with {@code x-}. The full schema is {@code
 * openapi/lipcert-model-v1.schema.json}.
 */
public final class JsonModelReader {

  /** The format identifier every document must declare. */
  public static final String FORMAT = "lipcert/v1";

  /** The layer types this version reads, in the order the documentation lists them. */
  public static final List<String> LAYER_TYPES =
      List.of(
          "dense",
          "relu",
          "leaky_relu",
          "sigmoid",
          "tanh",
          "softplus",
          "elu",
          "gelu",
          "silu",
          "flatten");

  /**
   * Layer types that are recognised only to be refused with HTTP 422 / CLI exit 2, with the reason
   * (DESIGN §1.3): a model containing one has no finite Lipschitz constant.
   */
  public static final Map<String, String> REFUSED_LAYER_TYPES =
      Map.of(
          "sign", "no finite Lipschitz constant: sign is discontinuous at 0",
          "step", "no finite Lipschitz constant: the step function is discontinuous at 0",
          "round", "no finite Lipschitz constant: rounding is discontinuous",
          "floor", "no finite Lipschitz constant: floor is discontinuous",
          "ceil", "no finite Lipschitz constant: ceil is discontinuous",
          "argmax", "no finite Lipschitz constant: argmax is discontinuous",
          "exp", "no finite Lipschitz constant: the derivative of exp is unbounded");

  private static final Set<String> TOP_LEVEL_PROPERTIES =
      Set.of("format", "name", "input", "layers", "description", "metadata");

  private final JsonTreeReader treeReader;

  /**
   * Creates a reader.
   *
   * @param limits the read limits
   */
  public JsonModelReader(JsonReadLimits limits) {
    this.treeReader = new JsonTreeReader(limits);
  }

  /**
   * Reads a model.
   *
   * @param bytes the UTF-8 document
   * @return the model, its name, format and SHA-256
   * @throws org.lipcert.core.MalformedModelException if the bytes are not JSON
   * @throws InvalidModelException if the JSON is not a valid {@value #FORMAT} model; the message
   *     names the JSON path
   * @throws UncertifiableModelException if a layer has no finite Lipschitz constant ({@link
   *     #REFUSED_LAYER_TYPES})
   */
  public LoadedModel read(byte[] bytes) {
    Object root = treeReader.read(bytes);
    if (!(root instanceof Map<?, ?> document)) {
      throw new InvalidModelException(
          "the document must be a JSON object with \"format\": \"" + FORMAT + "\" and \"layers\"");
    }
    checkProperties(document, "the document", TOP_LEVEL_PROPERTIES);
    Object format = document.get("format");
    if (!FORMAT.equals(format)) {
      throw new InvalidModelException(
          format == null
              ? "format is missing; declare \"format\": \"" + FORMAT + "\""
              : "format " + quote(format) + " is not supported; expected \"" + FORMAT + "\"");
    }
    String name = optionalString(document, "name", "name", "unnamed");
    List<Map<?, ?>> layers = layerList(document.get("layers"), "layers");
    checkLayerTypes(layers, "layers");
    refuseNonLipschitzLayers(layers, "layers");
    Shape inputShape = inputShape(document.get("input"), layers);
    GraphBuilder builder = new GraphBuilder(inputShape, "input");
    int last = builder.input();
    for (int i = 0; i < layers.size(); i++) {
      last = addLayer(builder, layers.get(i), "layers[" + i + "]", "layer" + i, last);
    }
    return new LoadedModel(FORMAT, name, sha256(bytes), builder.build());
  }

  private int addLayer(
      GraphBuilder builder, Map<?, ?> layer, String path, String defaultName, int input) {
    String type = (String) layer.get("type");
    String name = optionalString(layer, "name", path + ".name", defaultName);
    Operation operation =
        switch (type) {
          case "dense" -> dense(layer, path);
          case "flatten" -> {
            checkProperties(layer, path, Set.of("type", "name"));
            yield Reshape.flatten(type);
          }
          default -> new ElementwiseActivation(type, activation(layer, path, type));
        };
    try {
      return builder.add(name, operation, input);
    } catch (InvalidModelException e) {
      throw new InvalidModelException(path + ": " + e.getMessage(), e);
    }
  }

  private static AffineLayer dense(Map<?, ?> layer, String path) {
    checkProperties(layer, path, Set.of("type", "name", "weights", "bias"));
    NumericArray weights = numericArray(layer.get("weights"), path + ".weights");
    if (weights.rank() != 2 || weights.shape()[0] == 0 || weights.shape()[1] == 0) {
      throw new InvalidModelException(
          path
              + ".weights must be a non-empty 2-d array (out × in),"
              + " got shape "
              + java.util.Arrays.toString(weights.shape()));
    }
    int rows = weights.shape()[0];
    double[] bias = null;
    if (layer.get("bias") != null) {
      NumericArray b = numericArray(layer.get("bias"), path + ".bias");
      if (b.rank() != 1 || b.shape()[0] != rows) {
        throw new InvalidModelException(
            path
                + ".bias must have one entry per output ("
                + rows
                + "), got shape "
                + java.util.Arrays.toString(b.shape()));
      }
      bias = b.data();
    }
    return new AffineLayer(
        "dense", DenseMatrix.of(rows, weights.shape()[1], weights.data()), bias, null);
  }

  private static Activation activation(Map<?, ?> layer, String path, String type) {
    return switch (type) {
      case "leaky_relu" -> {
        checkProperties(layer, path, Set.of("type", "name", "alpha"));
        yield Activation.leakyRelu(optionalNumber(layer, "alpha", path, 0.01));
      }
      case "elu" -> {
        checkProperties(layer, path, Set.of("type", "name", "alpha"));
        yield Activation.elu(optionalNumber(layer, "alpha", path, 1.0));
      }
      case "gelu" -> {
        checkProperties(layer, path, Set.of("type", "name", "approximate"));
        String approximate = optionalString(layer, "approximate", path + ".approximate", "none");
        yield switch (approximate) {
          case "none" -> Activation.of(ActivationKind.GELU);
          case "tanh" -> Activation.of(ActivationKind.GELU_TANH);
          default ->
              throw new InvalidModelException(
                  path
                      + ".approximate must be \"none\" or"
                      + " \"tanh\", got "
                      + quote(approximate));
        };
      }
      default -> {
        checkProperties(layer, path, Set.of("type", "name"));
        yield Activation.of(
            switch (type) {
              case "relu" -> ActivationKind.RELU;
              case "sigmoid" -> ActivationKind.SIGMOID;
              case "tanh" -> ActivationKind.TANH;
              case "softplus" -> ActivationKind.SOFTPLUS;
              case "silu" -> ActivationKind.SILU;
              default -> throw new IllegalStateException("unchecked layer type " + type);
            });
      }
    };
  }

  private static Shape inputShape(Object input, List<Map<?, ?>> layers) {
    if (input == null) {
      Map<?, ?> first = layers.get(0);
      if ("dense".equals(first.get("type"))
          && first.get("weights") instanceof NumericArray w
          && w.rank() == 2) {
        return Shape.of(w.shape()[1]);
      }
      throw new InvalidModelException("input.shape is required when the first layer is not dense");
    }
    if (!(input instanceof Map<?, ?> object)) {
      throw new InvalidModelException("input must be an object such as {\"shape\": [4]}");
    }
    checkProperties(object, "input", Set.of("shape"));
    NumericArray shape = numericArray(object.get("shape"), "input.shape");
    if (shape.rank() != 1 || shape.shape()[0] == 0) {
      throw new InvalidModelException("input.shape must be a non-empty list of dimensions");
    }
    int[] dims = new int[shape.data().length];
    for (int i = 0; i < dims.length; i++) {
      double d = shape.data()[i];
      if (d != Math.rint(d) || d < 1 || d > Integer.MAX_VALUE) {
        throw new InvalidModelException(
            "input.shape[" + i + "] must be a positive integer, got " + d);
      }
      dims[i] = (int) d;
    }
    return Shape.of(dims);
  }

  private static List<Map<?, ?>> layerList(Object value, String path) {
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

  /** Rejects the document listing every unknown or missing layer type, not just the first. */
  private static void checkLayerTypes(List<Map<?, ?>> layers, String path) {
    Set<String> problems = new LinkedHashSet<>();
    for (int i = 0; i < layers.size(); i++) {
      Object type = layers.get(i).get("type");
      if (!(type instanceof String)) {
        problems.add(path + "[" + i + "] has no \"type\"");
      } else if (!LAYER_TYPES.contains(type) && !REFUSED_LAYER_TYPES.containsKey(type)) {
        problems.add(path + "[" + i + "] has unknown type " + quote(type));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidModelException(
          String.join("; ", problems)
              + ". Supported layer types: "
              + String.join(", ", LAYER_TYPES));
    }
  }

  private static void refuseNonLipschitzLayers(List<Map<?, ?>> layers, String path) {
    for (int i = 0; i < layers.size(); i++) {
      Object type = layers.get(i).get("type");
      String reason = REFUSED_LAYER_TYPES.get(type);
      if (reason != null) {
        Object name = layers.get(i).get("name");
        throw new UncertifiableModelException(
            name instanceof String s ? s : "layer" + i, (String) type, reason);
      }
    }
  }

  private static void checkProperties(Map<?, ?> object, String path, Set<String> allowed) {
    for (Object key : object.keySet()) {
      String name = (String) key;
      if (!allowed.contains(name)
          && !name.equals("description")
          && !name.equals("metadata")
          && !name.startsWith("x-")) {
        throw new InvalidModelException(
            path
                + " has unknown property "
                + quote(name)
                + "; allowed: "
                + String.join(", ", new java.util.TreeSet<>(allowed))
                + " (and description, metadata, x-*)");
      }
    }
  }

  private static NumericArray numericArray(Object value, String path) {
    if (value instanceof NumericArray array) {
      return array;
    }
    if (value instanceof List<?> list && list.isEmpty()) {
      return new NumericArray(path, new int[] {0}, new double[0]);
    }
    throw new InvalidModelException(
        path + (value == null ? " is missing" : " must be an array of numbers"));
  }

  private static String optionalString(Map<?, ?> object, String key, String path, String fallback) {
    Object value = object.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof String s) || s.isBlank()) {
      throw new InvalidModelException(path + " must be a non-empty string");
    }
    return s;
  }

  private static double optionalNumber(Map<?, ?> object, String key, String path, double fallback) {
    Object value = object.get(key);
    if (value == null) {
      return fallback;
    }
    if (!(value instanceof Double d)) {
      throw new InvalidModelException(path + "." + key + " must be a number");
    }
    return d;
  }

  private static String quote(Object value) {
    return "\"" + value + "\"";
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}

package org.lipcert.io.json;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.UncertifiableModelException;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.Shape;

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
  public static final List<String> LAYER_TYPES = JsonLayerReader.LAYER_TYPES;

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
    JsonValues.checkProperties(document, "the document", TOP_LEVEL_PROPERTIES);
    Object format = document.get("format");
    if (!FORMAT.equals(format)) {
      throw new InvalidModelException(
          format == null
              ? "format is missing; declare \"format\": \"" + FORMAT + "\""
              : "format " + quote(format) + " is not supported; expected \"" + FORMAT + "\"");
    }
    String name = JsonValues.optionalString(document, "name", "name", "unnamed");
    List<Map<?, ?>> layers = JsonValues.layerList(document.get("layers"), "layers");
    Set<String> problems = new LinkedHashSet<>();
    checkLayerTypes(layers, "layers", problems);
    if (!problems.isEmpty()) {
      throw new InvalidModelException(
          String.join("; ", problems)
              + ". Supported layer types: "
              + String.join(", ", LAYER_TYPES));
    }
    refuseNonLipschitzLayers(layers, "layers");
    Shape inputShape = inputShape(document.get("input"), layers);
    GraphBuilder builder = new GraphBuilder(inputShape, "input");
    new JsonLayerReader(builder).addAll(layers, "layers", "", builder.input());
    return new LoadedModel(FORMAT, name, sha256(bytes), builder.build());
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
    JsonValues.checkProperties(object, "input", Set.of("shape"));
    NumericArray shape = JsonValues.numericArray(object.get("shape"), "input.shape");
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

  /** Collects every unknown or missing layer type, nested ones included, not just the first. */
  private static void checkLayerTypes(List<Map<?, ?>> layers, String path, Set<String> problems) {
    for (int i = 0; i < layers.size(); i++) {
      Object type = layers.get(i).get("type");
      if (!(type instanceof String)) {
        problems.add(path + "[" + i + "] has no \"type\"");
      } else if (!LAYER_TYPES.contains(type) && !REFUSED_LAYER_TYPES.containsKey(type)) {
        problems.add(path + "[" + i + "] has unknown type " + quote(type));
      } else if (type.equals("residual") && layers.get(i).get("layers") instanceof List<?>) {
        checkLayerTypes(
            JsonValues.layerList(layers.get(i).get("layers"), path + "[" + i + "].layers"),
            path + "[" + i + "].layers",
            problems);
      }
    }
  }

  private static void refuseNonLipschitzLayers(List<Map<?, ?>> layers, String path) {
    for (int i = 0; i < layers.size(); i++) {
      Object type = layers.get(i).get("type");
      if ("residual".equals(type)) {
        refuseNonLipschitzLayers(
            JsonValues.layerList(layers.get(i).get("layers"), path + "[" + i + "].layers"),
            path + "[" + i + "].layers");
      }
      String reason = REFUSED_LAYER_TYPES.get(type);
      if (reason != null) {
        Object name = layers.get(i).get("name");
        throw new UncertifiableModelException(
            name instanceof String s ? s : "layer" + i, (String) type, reason);
      }
    }
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

package org.lipcert.io.json;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.BatchNormalization;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.MaxPool;
import org.lipcert.core.graph.Operation;
import org.lipcert.core.graph.Reshape;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.graph.Sum;
import org.lipcert.core.operator.AveragePool;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.ConvolutionTranspose;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.PoolingGeometry;

/**
 * Turns the layer objects of a {@code lipcert/v1} document into graph nodes, one type at a time.
 * Every error names the layer's JSON path.
 */
final class JsonLayerReader {

  /** The layer types this version reads. */
  static final List<String> LAYER_TYPES =
      List.of(
          "dense",
          "conv2d",
          "conv_transpose2d",
          "batchnorm",
          "avgpool",
          "global_avgpool",
          "maxpool",
          "flatten",
          "residual",
          "relu",
          "leaky_relu",
          "sigmoid",
          "tanh",
          "softplus",
          "elu",
          "gelu",
          "silu");

  private final GraphBuilder builder;

  JsonLayerReader(GraphBuilder builder) {
    this.builder = builder;
  }

  /**
   * Adds the layers of a list to the graph, in order.
   *
   * @param layers the layer objects
   * @param path the list's JSON path, e.g. {@code layers} or {@code layers[3].layers}
   * @param namePrefix prefix of default names ({@code ""} at top level, {@code "block."} inside)
   * @param input the node the first layer reads
   * @return the node of the last layer
   */
  int addAll(List<Map<?, ?>> layers, String path, String namePrefix, int input) {
    int last = input;
    for (int i = 0; i < layers.size(); i++) {
      last = add(layers.get(i), path + "[" + i + "]", namePrefix + "layer" + i, last);
    }
    return last;
  }

  private int add(Map<?, ?> layer, String path, String defaultName, int input) {
    String type = (String) layer.get("type");
    String name = JsonValues.optionalString(layer, "name", path + ".name", defaultName);
    Shape inputShape = builder.shape(input);
    try {
      if (type.equals("residual")) {
        JsonValues.checkProperties(layer, path, Set.of("type", "name", "layers"));
        List<Map<?, ?>> inner = JsonValues.layerList(layer.get("layers"), path + ".layers");
        int last = addAll(inner, path + ".layers", name + ".", input);
        return builder.add(name, Sum.of("residual", 2), input, last);
      }
      Operation operation =
          switch (type) {
            case "dense" -> dense(layer, path);
            case "conv2d" -> convolution(layer, path, inputShape);
            case "conv_transpose2d" -> convolutionTranspose(layer, path, inputShape);
            case "batchnorm" -> batchNorm(layer, path, inputShape);
            case "avgpool" -> averagePool(layer, path, inputShape);
            case "global_avgpool" -> globalAveragePool(layer, path, inputShape);
            case "maxpool" -> maxPool(layer, path, inputShape);
            case "flatten" -> {
              JsonValues.checkProperties(layer, path, Set.of("type", "name"));
              yield Reshape.flatten(type);
            }
            default -> new ElementwiseActivation(type, activation(layer, path, type));
          };
      return builder.add(name, operation, input);
    } catch (InvalidModelException e) {
      if (e.getMessage().startsWith(path)) {
        throw e;
      }
      throw new InvalidModelException(path + ": " + e.getMessage(), e);
    }
  }

  private static AffineLayer dense(Map<?, ?> layer, String path) {
    JsonValues.checkProperties(layer, path, Set.of("type", "name", "weights", "bias"));
    NumericArray weights = JsonValues.numericArray(layer.get("weights"), path + ".weights");
    if (weights.rank() != 2 || weights.shape()[0] == 0 || weights.shape()[1] == 0) {
      throw new InvalidModelException(
          path
              + ".weights must be a non-empty 2-d array (out × in),"
              + " got shape "
              + Arrays.toString(weights.shape()));
    }
    int rows = weights.shape()[0];
    return new AffineLayer(
        "dense",
        DenseMatrix.of(rows, weights.shape()[1], weights.data()),
        bias(layer, path, rows),
        null);
  }

  private static double[] bias(Map<?, ?> layer, String path, int outputs) {
    if (layer.get("bias") == null) {
      return null;
    }
    NumericArray b = JsonValues.numericArray(layer.get("bias"), path + ".bias");
    if (b.rank() != 1 || b.shape()[0] != outputs) {
      throw new InvalidModelException(
          path
              + ".bias must have one entry per output ("
              + outputs
              + "), got shape "
              + Arrays.toString(b.shape()));
    }
    return b.data();
  }

  private static int[] chw(Shape shape, String path, String type) {
    if (shape.rank() != 3) {
      throw new InvalidModelException(
          path
              + ": "
              + type
              + " expects a C × H × W input, got "
              + shape
              + (shape.rank() == 1 ? " (declare input.shape as [C, H, W])" : ""));
    }
    return shape.dims();
  }

  private static AffineLayer convolution(Map<?, ?> layer, String path, Shape inputShape) {
    JsonValues.checkProperties(
        layer,
        path,
        Set.of("type", "name", "weights", "bias", "stride", "padding", "dilation", "groups"));
    int[] in = chw(inputShape, path, "conv2d");
    NumericArray weights = kernel(layer, path);
    int[] k = weights.shape();
    int groups = JsonValues.optionalInt(layer, "groups", path, 1);
    if (groups < 1 || in[0] % groups != 0 || k[0] % groups != 0) {
      throw new InvalidModelException(
          path
              + ".groups = "
              + groups
              + " must divide the input"
              + " channels ("
              + in[0]
              + ") and the output channels ("
              + k[0]
              + ")");
    }
    if (k[1] * groups != in[0]) {
      throw new InvalidModelException(
          path
              + ".weights has "
              + k[1]
              + " input channels per group"
              + " but the input has "
              + in[0]
              + " channels in "
              + groups
              + " group(s)");
    }
    ConvolutionGeometry geometry =
        ConvolutionGeometry.of2d(
            in[0],
            k[0],
            groups,
            new int[] {in[1], in[2]},
            new int[] {k[2], k[3]},
            pair(layer, "stride", path, 1),
            pair(layer, "dilation", path, 1),
            padding(layer, path));
    Convolution conv = new Convolution(geometry, weights.data());
    double[] b = bias(layer, path, k[0]);
    int spatial = geometry.outputHeight() * geometry.outputWidth();
    return new AffineLayer(
        "conv2d",
        conv,
        b == null ? null : perChannel(b, spatial),
        Shape.of(k[0], geometry.outputHeight(), geometry.outputWidth()),
        conv.parameterCount() + (b == null ? 0 : b.length),
        null);
  }

  private static AffineLayer convolutionTranspose(Map<?, ?> layer, String path, Shape inputShape) {
    JsonValues.checkProperties(
        layer,
        path,
        Set.of(
            "type",
            "name",
            "weights",
            "bias",
            "stride",
            "padding",
            "dilation",
            "groups",
            "output_padding"));
    int[] in = chw(inputShape, path, "conv_transpose2d");
    NumericArray weights = kernel(layer, path);
    int[] k = weights.shape();
    int groups = JsonValues.optionalInt(layer, "groups", path, 1);
    if (groups < 1 || k[0] != in[0] || in[0] % groups != 0) {
      throw new InvalidModelException(
          path
              + ".weights must be C_in × (C_out/groups) × kh × kw"
              + " with C_in = "
              + in[0]
              + " input channels, got "
              + Arrays.toString(k));
    }
    int outChannels = k[1] * groups;
    ConvolutionTranspose t =
        new ConvolutionTranspose(
            in[0],
            outChannels,
            groups,
            new int[] {in[1], in[2]},
            new int[] {k[2], k[3]},
            pair(layer, "stride", path, 1),
            pair(layer, "dilation", path, 1),
            padding(layer, path),
            pair(layer, "output_padding", path, 0),
            weights.data());
    double[] b = bias(layer, path, outChannels);
    return new AffineLayer(
        "conv_transpose2d",
        t,
        b == null ? null : perChannel(b, t.outputHeight() * t.outputWidth()),
        Shape.of(outChannels, t.outputHeight(), t.outputWidth()),
        t.parameterCount() + (b == null ? 0 : b.length),
        null);
  }

  private static NumericArray kernel(Map<?, ?> layer, String path) {
    NumericArray weights = JsonValues.numericArray(layer.get("weights"), path + ".weights");
    if (weights.rank() != 4 || Arrays.stream(weights.shape()).anyMatch(d -> d == 0)) {
      throw new InvalidModelException(
          path
              + ".weights must be a non-empty 4-d array, got shape "
              + Arrays.toString(weights.shape()));
    }
    return weights;
  }

  private static double[] perChannel(double[] bias, int spatial) {
    double[] expanded = new double[bias.length * spatial];
    for (int c = 0; c < bias.length; c++) {
      Arrays.fill(expanded, c * spatial, (c + 1) * spatial, bias[c]);
    }
    return expanded;
  }

  private static AffineLayer batchNorm(Map<?, ?> layer, String path, Shape inputShape) {
    JsonValues.checkProperties(
        layer, path, Set.of("type", "name", "gamma", "beta", "mean", "var", "eps"));
    int channels = inputShape.dim(0);
    double[] ones = new double[channels];
    Arrays.fill(ones, 1);
    double[] gamma = vector(layer, "gamma", path, ones);
    double[] beta = vector(layer, "beta", path, new double[channels]);
    double[] mean = vector(layer, "mean", path, null);
    double[] variance = vector(layer, "var", path, null);
    double eps = JsonValues.optionalNumber(layer, "eps", path, 1e-5);
    return BatchNormalization.of("batchnorm", inputShape, gamma, beta, mean, variance, eps);
  }

  private static double[] vector(Map<?, ?> layer, String key, String path, double[] fallback) {
    if (layer.get(key) == null) {
      if (fallback == null) {
        throw new InvalidModelException(path + "." + key + " is missing");
      }
      return fallback;
    }
    NumericArray array = JsonValues.numericArray(layer.get(key), path + "." + key);
    if (array.rank() != 1) {
      throw new InvalidModelException(path + "." + key + " must be a list of numbers");
    }
    return array.data();
  }

  private static AffineLayer averagePool(Map<?, ?> layer, String path, Shape inputShape) {
    JsonValues.checkProperties(
        layer,
        path,
        Set.of("type", "name", "kernel", "stride", "padding", "count_include_pad", "ceil_mode"));
    PoolingGeometry geometry = pooling(layer, path, inputShape, "avgpool", false);
    boolean include = JsonValues.optionalBoolean(layer, "count_include_pad", path, true);
    return new AffineLayer(
        "avgpool",
        new AveragePool(geometry, include),
        null,
        Shape.of(geometry.channels(), geometry.outputHeight(), geometry.outputWidth()));
  }

  private static AffineLayer globalAveragePool(Map<?, ?> layer, String path, Shape inputShape) {
    JsonValues.checkProperties(layer, path, Set.of("type", "name"));
    int[] in = chw(inputShape, path, "global_avgpool");
    return new AffineLayer(
        "global_avgpool", AveragePool.global(in[0], in[1], in[2]), null, Shape.of(in[0], 1, 1));
  }

  private static MaxPool maxPool(Map<?, ?> layer, String path, Shape inputShape) {
    JsonValues.checkProperties(
        layer,
        path,
        Set.of("type", "name", "kernel", "stride", "padding", "dilation", "ceil_mode"));
    return new MaxPool("maxpool", pooling(layer, path, inputShape, "maxpool", true));
  }

  private static PoolingGeometry pooling(
      Map<?, ?> layer, String path, Shape inputShape, String type, boolean dilation) {
    int[] in = chw(inputShape, path, type);
    if (layer.get("kernel") == null) {
      throw new InvalidModelException(path + ".kernel is missing");
    }
    int[] kernel = pair(layer, "kernel", path, 1);
    int[] stride = layer.get("stride") == null ? kernel : pair(layer, "stride", path, 1);
    int[] d = dilation ? pair(layer, "dilation", path, 1) : new int[] {1, 1};
    int[] pads = padding(layer, path);
    for (int axis = 0; axis < 2; axis++) {
      if (2 * Math.max(pads[axis], pads[axis + 2]) > kernel[axis]) {
        throw new InvalidModelException(path + ".padding must be at most half the kernel");
      }
    }
    boolean ceil = JsonValues.optionalBoolean(layer, "ceil_mode", path, false);
    return new PoolingGeometry(
        in[0], in[1], in[2], kernel[0], kernel[1], stride[0], stride[1], d[0], d[1], pads[0],
        pads[1], pads[2], pads[3], ceil);
  }

  /** Reads an int or a pair {@code [h, w]}. */
  private static int[] pair(Map<?, ?> layer, String key, String path, int fallback) {
    Object value = layer.get(key);
    if (value == null) {
      return new int[] {fallback, fallback};
    }
    int[] values = JsonValues.intList(value, path + "." + key);
    if (values.length == 1) {
      return new int[] {values[0], values[0]};
    }
    if (values.length != 2) {
      throw new InvalidModelException(path + "." + key + " must be a number or [h, w]");
    }
    return values;
  }

  /** Reads padding: {@code p}, {@code [ph, pw]} or {@code [top, left, bottom, right]}. */
  private static int[] padding(Map<?, ?> layer, String path) {
    Object value = layer.get("padding");
    if (value == null) {
      return new int[4];
    }
    int[] p = JsonValues.intList(value, path + ".padding");
    for (int v : p) {
      if (v < 0) {
        throw new InvalidModelException(path + ".padding must not be negative");
      }
    }
    return switch (p.length) {
      case 1 -> new int[] {p[0], p[0], p[0], p[0]};
      case 2 -> new int[] {p[0], p[1], p[0], p[1]};
      case 4 -> p;
      default ->
          throw new InvalidModelException(
              path + ".padding must be p, [ph, pw] or" + " [top, left, bottom, right]");
    };
  }

  private static Activation activation(Map<?, ?> layer, String path, String type) {
    return switch (type) {
      case "leaky_relu" -> {
        JsonValues.checkProperties(layer, path, Set.of("type", "name", "alpha"));
        yield Activation.leakyRelu(JsonValues.optionalNumber(layer, "alpha", path, 0.01));
      }
      case "elu" -> {
        JsonValues.checkProperties(layer, path, Set.of("type", "name", "alpha"));
        yield Activation.elu(JsonValues.optionalNumber(layer, "alpha", path, 1.0));
      }
      case "gelu" -> {
        JsonValues.checkProperties(layer, path, Set.of("type", "name", "approximate"));
        String approximate =
            JsonValues.optionalString(layer, "approximate", path + ".approximate", "none");
        yield switch (approximate) {
          case "none" -> Activation.of(ActivationKind.GELU);
          case "tanh" -> Activation.of(ActivationKind.GELU_TANH);
          default ->
              throw new InvalidModelException(
                  path
                      + ".approximate must be \"none\" or"
                      + " \"tanh\", got \""
                      + approximate
                      + "\"");
        };
      }
      default -> {
        JsonValues.checkProperties(layer, path, Set.of("type", "name"));
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

  static String allowedList(Set<String> allowed) {
    return String.join(", ", new TreeSet<>(allowed));
  }
}

package org.lipcert.core.bound;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.BatchNormalization;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.MaxPool;
import org.lipcert.core.graph.Operation;
import org.lipcert.core.graph.PRelu;
import org.lipcert.core.graph.RandomNetworks;
import org.lipcert.core.graph.Reshape;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.graph.Sum;
import org.lipcert.core.operator.AveragePool;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.PoolingGeometry;
import org.lipcert.core.operator.ScaledSelection;

/**
 * Seeded random small networks for the soundness tests of the network bounds: MLPs (input 1–6,
 * widths ≤ 12, at most 5 weight layers) and CNNs ({@code C×H×W ≤ 3×6×6}, 3×3 convolutions with
 * padding 0/1 and stride 1/2, batch normalisation, average and max pooling, residual blocks {@code
 * x + g(x)} through {@link Sum}, flatten, dense). Both draw their activations from {@link
 * #PALETTE}, and both sometimes add what exercises the bounds' special cases: an input
 * normalisation (a diagonal scaling, which LipSDP strips from a chain's ends), two consecutive
 * linear layers (merged segments), PRelu, and an output scaling.
 *
 * <p>Weights follow {@link RandomNetworks#weights} ({@code N(0, 1/fan_in)}) times a random gain
 * {@code e^{N(0, 0.3²)}}, biases {@code N(0, 0.5²)}.
 */
final class SoundnessNetworks {

  /**
   * ReLU; LeakyReLU with α ∈ {0.01, 0.5, −0.3, 2}; Sigmoid; Tanh; GELU; SiLU; ELU (α = 1);
   * HardSwish; Softplus.
   */
  static final List<Activation> PALETTE =
      List.of(
          Activation.of(ActivationKind.RELU),
          Activation.leakyRelu(0.01),
          Activation.leakyRelu(0.5),
          Activation.leakyRelu(-0.3),
          Activation.leakyRelu(2),
          Activation.of(ActivationKind.SIGMOID),
          Activation.of(ActivationKind.TANH),
          Activation.of(ActivationKind.GELU),
          Activation.of(ActivationKind.SILU),
          Activation.elu(1),
          Activation.of(ActivationKind.HARD_SWISH),
          Activation.of(ActivationKind.SOFTPLUS));

  private SoundnessNetworks() {}

  /** A generated network and a one-line description of its layers, for failure messages. */
  record Network(Graph graph, String description) {}

  /** Chooses activations: one for the whole network (half the time) or a fresh one per layer. */
  private static final class Activations {
    private final Random random;
    private final Activation fixed;
    private final boolean prelu;

    Activations(Random random) {
      this.random = random;
      this.fixed = random.nextBoolean() ? PALETTE.get(random.nextInt(PALETTE.size())) : null;
      this.prelu = random.nextInt(8) == 0;
    }

    Operation next(int size, List<String> names) {
      if (prelu && random.nextInt(3) == 0) {
        double[] slopes = new double[size];
        for (int i = 0; i < size; i++) {
          slopes[i] = -0.5 + 2 * random.nextDouble();
        }
        names.add("prelu");
        return new PRelu("PRelu", slopes);
      }
      Activation a = fixed != null ? fixed : PALETTE.get(random.nextInt(PALETTE.size()));
      names.add(name(a));
      return new ElementwiseActivation(a.kind().id(), a);
    }
  }

  /** Returns e.g. {@code leaky_relu(-0.3)} or {@code gelu}. */
  static String name(Activation a) {
    return switch (a.kind()) {
      case LEAKY_RELU, ELU -> a.kind().id() + "(" + a.alpha() + ")";
      default -> a.kind().id();
    };
  }

  private static double gain(Random random) {
    return Math.exp(0.3 * random.nextGaussian());
  }

  private static AffineLayer dense(Random random, int rows, int cols) {
    DenseMatrix w = RandomNetworks.weights(random, rows, cols);
    double g = gain(random);
    double[] data = w.toRowMajorArray();
    for (int i = 0; i < data.length; i++) {
      data[i] *= g;
    }
    return new AffineLayer(
        "dense",
        DenseMatrix.of(rows, cols, data),
        RandomNetworks.gaussian(random, rows, 0.5),
        null);
  }

  /** A per-element (MLP) or per-channel (CNN) scaling {@code x ↦ (x − μ)/s}, as ONNX Sub/Div. */
  private static AffineLayer scaling(Random random, Shape shape, boolean perChannel) {
    int[] dims = shape.dims();
    int[] constantDims = dims.clone();
    if (perChannel) {
      for (int k = 1; k < constantDims.length; k++) {
        constantDims[k] = 1;
      }
    }
    int count = Shape.of(constantDims).size();
    double[] factors = new double[count];
    for (int i = 0; i < count; i++) {
      factors[i] = Math.exp(0.7 * random.nextGaussian());
    }
    ScaledSelection op = ScaledSelection.broadcastMultiply(dims, constantDims, factors, "scale");
    return new AffineLayer("Div", op, RandomNetworks.gaussian(random, shape.size(), 0.3), shape);
  }

  /**
   * Returns an MLP: 1–4 hidden layers of widths 1–12 between an input of 1–6 and an output of 1–4
   * elements. Sometimes (each about one network in four to eight) with an input normalisation, a
   * residual block {@code h + W₂σ(W₁h)} instead of a hidden layer, a hidden layer without
   * activation (two dense layers in a row), and an output scaling.
   */
  static Network randomMlp(Random random) {
    List<String> names = new ArrayList<>();
    Activations activations = new Activations(random);
    int inputs = 1 + random.nextInt(6);
    GraphBuilder b = new GraphBuilder(Shape.of(inputs), "x");
    int last = b.input();
    names.add("in" + inputs);
    if (random.nextInt(4) == 0) {
      last = b.add("norm", scaling(random, Shape.of(inputs), false), last);
      names.add("scale");
    }
    int hidden = 1 + random.nextInt(4);
    int width = inputs;
    int weightLayers = 0;
    for (int layer = 1; layer <= hidden; layer++) {
      if (layer > 1 && weightLayers <= 2 && random.nextInt(5) == 0) {
        int inner = 1 + random.nextInt(12);
        int f = b.add("res" + layer + "a", dense(random, inner, width), last);
        names.add("res(" + inner + ",");
        f = b.add("res" + layer + "act", activations.next(inner, names), f);
        f = b.add("res" + layer + "b", dense(random, width, inner), f);
        last = b.add("res" + layer, Sum.of("Add", 2), last, f);
        names.add(")");
        weightLayers += 2;
        continue;
      }
      int next = 1 + random.nextInt(12);
      last = b.add("fc" + layer, dense(random, next, width), last);
      names.add("fc" + next);
      width = next;
      weightLayers++;
      if (random.nextInt(6) != 0 || layer == hidden) {
        last = b.add("act" + layer, activations.next(width, names), last);
      }
    }
    int outputs = 1 + random.nextInt(4);
    last = b.add("out", dense(random, outputs, width), last);
    names.add("fc" + outputs);
    if (random.nextInt(8) == 0) {
      b.add("outscale", scaling(random, Shape.of(outputs), false), last);
      names.add("scale");
    }
    return new Network(b.build(), "MLP " + String.join(" ", names));
  }

  private static AffineLayer convolution(
      Random random, Shape in, int out, int pad, int stride, List<String> names) {
    int c = in.dim(0);
    ConvolutionGeometry g =
        ConvolutionGeometry.of2d(
            c,
            out,
            1,
            new int[] {in.dim(1), in.dim(2)},
            new int[] {3, 3},
            new int[] {stride, stride},
            new int[] {1, 1},
            new int[] {pad, pad, pad, pad});
    double[] kernel =
        RandomNetworks.gaussian(random, g.kernelSize(), gain(random) / Math.sqrt(9.0 * c));
    names.add("conv" + out + "p" + pad + "s" + stride);
    return new AffineLayer(
        "Conv",
        new Convolution(g, kernel),
        RandomNetworks.gaussian(random, g.outputSize(), 0.3),
        Shape.of(out, g.outputHeight(), g.outputWidth()));
  }

  private static AffineLayer batchNormalization(Random random, Shape shape, List<String> names) {
    int c = shape.dim(0);
    double[] variance = new double[c];
    for (int k = 0; k < c; k++) {
      variance[k] = Math.exp(random.nextGaussian());
    }
    names.add("bn");
    return BatchNormalization.of(
        "BatchNormalization",
        shape,
        RandomNetworks.gaussian(random, c, 1),
        RandomNetworks.gaussian(random, c, 0.5),
        RandomNetworks.gaussian(random, c, 0.5),
        variance,
        1e-5);
  }

  /** Returns whether a 3×3 kernel with this padding and stride leaves an output on the shape. */
  private static boolean fits(Shape s, int pad) {
    return s.dim(1) + 2 * pad >= 3 && s.dim(2) + 2 * pad >= 3;
  }

  /**
   * Returns a CNN on a {@code C×H×W} input ({@code C ≤ 3}, {@code 3 ≤ H, W ≤ 6}): 1–3 blocks, each
   * a 3×3 convolution to 1–4 channels (padding 0/1, stride 1/2; then batch normalisation half the
   * time and an activation three times in four), a residual block {@code x + conv(σ(bn(conv(x))))}
   * (padding 1, stride 1), or a pooling (max or average; 2×2 stride 2, or 3×3 stride 1 padding 1
   * with padding counted or not); then flatten, optionally a hidden dense layer of 2–12 units with
   * an activation, and a dense output of 1–3 elements. A per-channel input normalisation one time
   * in three.
   */
  static Network randomCnn(Random random) {
    List<String> names = new ArrayList<>();
    Activations activations = new Activations(random);
    Shape shape = Shape.of(1 + random.nextInt(3), 3 + random.nextInt(4), 3 + random.nextInt(4));
    names.add("in" + shape);
    GraphBuilder b = new GraphBuilder(shape, "x");
    int last = b.input();
    if (random.nextInt(3) == 0) {
      last = b.add("norm", scaling(random, shape, true), last);
      names.add("scale");
    }
    int blocks = 1 + random.nextInt(3);
    int convolutions = 0;
    for (int k = 1; k <= blocks; k++) {
      int choice = random.nextInt(5);
      if (choice == 3 && convolutions <= 1) {
        names.add("res[");
        int f = b.add("res" + k + "a", convolution(random, shape, shape.dim(0), 1, 1, names), last);
        if (random.nextBoolean()) {
          f = b.add("res" + k + "bn", batchNormalization(random, shape, names), f);
        }
        f = b.add("res" + k + "act", activations.next(shape.size(), names), f);
        f = b.add("res" + k + "b", convolution(random, shape, shape.dim(0), 1, 1, names), f);
        last = b.add("res" + k, Sum.of("Add", 2), last, f);
        names.add("]");
        convolutions += 2;
        if (random.nextBoolean()) {
          last = b.add("res" + k + "out", activations.next(shape.size(), names), last);
        }
      } else if (choice == 4 && shape.dim(1) >= 2 && shape.dim(2) >= 2) {
        boolean small = random.nextBoolean();
        PoolingGeometry g =
            small
                ? new PoolingGeometry(
                    shape.dim(0), shape.dim(1), shape.dim(2), 2, 2, 2, 2, 1, 1, 0, 0, 0, 0, false)
                : new PoolingGeometry(
                    shape.dim(0), shape.dim(1), shape.dim(2), 3, 3, 1, 1, 1, 1, 1, 1, 1, 1, false);
        Shape out = Shape.of(shape.dim(0), g.outputHeight(), g.outputWidth());
        if (random.nextBoolean()) {
          last = b.add("pool" + k, new MaxPool("MaxPool", g), last);
          names.add("maxpool" + g.kernelHeight());
        } else {
          boolean countPad = random.nextBoolean();
          last =
              b.add(
                  "pool" + k,
                  new AffineLayer("AveragePool", new AveragePool(g, countPad), null, out),
                  last);
          names.add("avgpool" + g.kernelHeight() + (countPad ? "incl" : ""));
        }
        shape = out;
      } else {
        int pad = random.nextInt(2);
        if (!fits(shape, pad)) {
          pad = 1;
        }
        int stride = 1 + random.nextInt(2);
        int out = 1 + random.nextInt(4);
        AffineLayer conv = convolution(random, shape, out, pad, stride, names);
        last = b.add("conv" + k, conv, last);
        shape = b.shape(last);
        convolutions++;
        if (random.nextBoolean()) {
          last = b.add("bn" + k, batchNormalization(random, shape, names), last);
        }
        if (random.nextInt(4) != 0) {
          last = b.add("act" + k, activations.next(shape.size(), names), last);
        }
      }
    }
    last = b.add("flatten", Reshape.flatten("Flatten"), last);
    int width = shape.size();
    if (random.nextBoolean()) {
      int hiddenWidth = 2 + random.nextInt(11);
      last = b.add("fc1", dense(random, hiddenWidth, width), last);
      names.add("fc" + hiddenWidth);
      last = b.add("fc1act", activations.next(hiddenWidth, names), last);
      width = hiddenWidth;
    }
    int outputs = 1 + random.nextInt(3);
    b.add("out", dense(random, outputs, width), last);
    names.add("fc" + outputs);
    return new Network(b.build(), "CNN " + String.join(" ", names));
  }
}

package org.lipcert.io.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.io.onnx.OnnxFixtures.bytes;
import static org.lipcert.io.onnx.OnnxFixtures.f32;
import static org.lipcert.io.onnx.OnnxFixtures.float16;
import static org.lipcert.io.onnx.OnnxFixtures.floatData;
import static org.lipcert.io.onnx.OnnxFixtures.floats;
import static org.lipcert.io.onnx.OnnxFixtures.integer;
import static org.lipcert.io.onnx.OnnxFixtures.ints;
import static org.lipcert.io.onnx.OnnxFixtures.longs;
import static org.lipcert.io.onnx.OnnxFixtures.node;
import static org.lipcert.io.onnx.OnnxFixtures.real;
import static org.lipcert.io.onnx.OnnxFixtures.tensor;
import static org.lipcert.io.onnx.OnnxFixtures.value;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.junit.jupiter.api.Test;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LayerCertificate;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.graph.Sum;
import org.lipcert.core.operator.AxisLinear;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.io.onnx.proto.GraphProto;

/**
 * Models written with the generated ONNX classes, as exporters write them, read back and certified.
 * Oracles: the exact spectral norm of each layer's materialised operator (EJML SVD; the bracket
 * must contain it up to {@link #NORM_SLACK}) and a hand-written evaluation of the network with the
 * float32-rounded weights (agreement within {@link #EVALUATION_TOLERANCE}, relative). Weights are
 * seeded random numbers.
 */
class OnnxModelReaderTest {

  /** Relative slack for an exact norm against a certified bracket: the SVD's own rounding. */
  static final double NORM_SLACK = 1e-12;

  /** Relative tolerance of graph evaluation against the hand-written reference. */
  static final double EVALUATION_TOLERANCE = 1e-12;

  private static final OnnxModelReader READER = new OnnxModelReader(OnnxReadLimits.defaults());

  static double[] random(Random random, int n) {
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = f32(random.nextGaussian() * 0.5);
    }
    return v;
  }

  static double exactNorm(DenseMatrix a) {
    DMatrixRMaj m = new DMatrixRMaj(a.rows(), a.cols(), true, a.toRowMajorArray());
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(a.rows(), a.cols(), false, false, true);
    svd.decompose(m);
    return Arrays.stream(svd.getSingularValues()).max().orElse(0);
  }

  static Certificate certify(LoadedModel model) {
    return new Certifier(Runnable::run).certify(model, CertificationOptions.defaults());
  }

  /** Checks every affine layer's bracket against the exact norm of its materialised operator. */
  static void assertBracketsContainExactNorms(LoadedModel model, Certificate certificate) {
    for (LayerCertificate layer : certificate.layers()) {
      Node node =
          model.graph().nodes().stream()
              .filter(n -> n.name().equals(layer.name()))
              .findFirst()
              .get();
      if (!(node.operation() instanceof AffineLayer affine)) {
        continue;
      }
      double exact = exactNorm(affine.operator().materialize());
      assertThat(layer.bracket().lower())
          .as("lower of %s", layer.name())
          .isLessThanOrEqualTo(exact * (1 + NORM_SLACK));
      assertThat(layer.bracket().upper())
          .as("upper of %s", layer.name())
          .isGreaterThanOrEqualTo(exact * (1 - NORM_SLACK))
          .isLessThanOrEqualTo(exact * 1.06 + 1e-300);
    }
    assertThat(certificate.network().upperBound())
        .isGreaterThanOrEqualTo(certificate.network().lowerBound());
  }

  static void assertEvaluates(Graph graph, double[] x, double[] expected) {
    double[] y = graph.evaluate(x)[graph.nodes().size() - 1];
    assertThat(y).hasSameSizeAs(expected);
    double scale = Arrays.stream(expected).map(Math::abs).max().orElse(1);
    for (int i = 0; i < y.length; i++) {
      assertThat(Math.abs(y[i] - expected[i]))
          .as("output %d", i)
          .isLessThanOrEqualTo(EVALUATION_TOLERANCE * Math.max(1, scale));
    }
  }

  static double[] dense(double[] w, int rows, int cols, double[] x, double[] b) {
    double[] y = new double[rows];
    for (int i = 0; i < rows; i++) {
      y[i] = b == null ? 0 : b[i];
      for (int j = 0; j < cols; j++) {
        y[i] += w[i * cols + j] * x[j];
      }
    }
    return y;
  }

  static double[] relu(double[] x) {
    return Arrays.stream(x).map(v -> Math.max(0, v)).toArray();
  }

  /** Cross-correlation of {@code [C, H, W]} with {@code [O, C, k, k]}, stride s, zero pad p. */
  static double[] conv(
      double[] x, int c, int h, int w, double[] k, int o, int kk, int s, int p, double[] b) {
    int ho = (h + 2 * p - kk) / s + 1;
    int wo = (w + 2 * p - kk) / s + 1;
    double[] y = new double[o * ho * wo];
    for (int q = 0; q < o; q++) {
      for (int i = 0; i < ho; i++) {
        for (int j = 0; j < wo; j++) {
          double sum = b == null ? 0 : b[q];
          for (int r = 0; r < c; r++) {
            for (int a = 0; a < kk; a++) {
              for (int e = 0; e < kk; e++) {
                int yy = i * s + a - p;
                int xx = j * s + e - p;
                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                  sum += k[((q * c + r) * kk + a) * kk + e] * x[(r * h + yy) * w + xx];
                }
              }
            }
          }
          y[(q * ho + i) * wo + j] = sum;
        }
      }
    }
    return y;
  }

  @Test
  void mlpWithGemmTransBAndSymbolicBatch() {
    Random random = new Random(1);
    double[] w1 = random(random, 6 * 4);
    double[] b1 = random(random, 6);
    double[] w2 = random(random, 3 * 6);
    double[] b2 = random(random, 3);
    GraphProto graph =
        GraphProto.newBuilder()
            .setName("mlp")
            .addInput(value("x", "batch", 4))
            .addOutput(value("y", "batch", 3))
            .addInitializer(floats("w1", new int[] {6, 4}, w1))
            .addInitializer(floats("b1", new int[] {6}, b1))
            .addInitializer(floatData("w2", new int[] {3, 6}, w2))
            .addInitializer(floatData("b2", new int[] {3}, b2))
            .addNode(
                node("Gemm", "fc1", List.of("x", "w1", "b1"), List.of("h"), integer("transB", 1)))
            .addNode(node("Relu", "", List.of("h"), List.of("r")))
            .addNode(
                node("Gemm", "fc2", List.of("r", "w2", "b2"), List.of("y"), integer("transB", 1)))
            .build();
    LoadedModel model = READER.read(bytes(13, graph));
    assertThat(model.format()).isEqualTo("onnx");
    assertThat(model.name()).isEqualTo("mlp");
    assertThat(model.sha256()).hasSize(64);
    assertThat(model.graph().inputShape()).isEqualTo(Shape.of(4));
    Certificate certificate = certify(model);
    assertThat(certificate.layers())
        .extracting(LayerCertificate::name)
        .containsExactly("fc1", "fc2");
    assertThat(certificate.layers())
        .extracting(LayerCertificate::opType)
        .containsExactly("Gemm", "Gemm");
    assertBracketsContainExactNorms(model, certificate);
    assertThat(certificate.layers().get(0).bracket().upper())
        .isGreaterThanOrEqualTo(exactNorm(DenseMatrix.of(6, 4, w1)) * (1 - NORM_SLACK));
    double[] x = {0.5, -1, 0.25, 2};
    assertEvaluates(model.graph(), x, dense(w2, 3, 6, relu(dense(w1, 6, 4, x, b1)), b2));
    assertThat(model.graph().nodes().get(2).name())
        .as("an unnamed node takes its output's name")
        .isEqualTo("r");
    assertThat(model.graph().nodes())
        .filteredOn(n -> n.operation() instanceof AffineLayer)
        .extracting(n -> ((AxisLinear) ((AffineLayer) n.operation()).operator()).weights())
        .as("float32 weights (raw_data and float_data) stay float32")
        .allMatch(DenseMatrix::isFloat32)
        .hasSize(2);
  }

  @Test
  void cnnWithStrideAndPadding() {
    Random random = new Random(2);
    double[] k = random(random, 4 * 2 * 3 * 3);
    double[] b = random(random, 4);
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", 1, 2, 7, 7))
            .addOutput(value("y", 1, 4, 4, 4))
            .addInitializer(floats("k", new int[] {4, 2, 3, 3}, k))
            .addInitializer(floats("b", new int[] {4}, b))
            .addNode(
                node(
                    "Conv",
                    "conv",
                    List.of("x", "k", "b"),
                    List.of("c"),
                    ints("strides", 2, 2),
                    ints("pads", 1, 1, 1, 1),
                    ints("kernel_shape", 3, 3)))
            .addNode(node("Relu", "relu", List.of("c"), List.of("y")))
            .build();
    LoadedModel model = READER.read(bytes(11, graph));
    Certificate certificate = certify(model);
    assertThat(certificate.layers()).extracting(LayerCertificate::name).containsExactly("conv");
    assertThat(certificate.layers().get(0).outputShape()).isEqualTo(Shape.of(4, 4, 4));
    assertBracketsContainExactNorms(model, certificate);
    double[] x = random(new Random(3), 2 * 7 * 7);
    assertEvaluates(model.graph(), x, relu(conv(x, 2, 7, 7, k, 4, 3, 2, 1, b)));
  }

  @Test
  void nhwcModelWrappedInTransposesAndReshapedByAnInt64Initializer() {
    Random random = new Random(4);
    double[] k = random(random, 3 * 2 * 2 * 2);
    double[] w = random(random, 27 * 2);
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", "unk__1", 4, 4, 2))
            .addOutput(value("y", "unk__2", 2))
            .addInitializer(floats("k", new int[] {3, 2, 2, 2}, k))
            .addInitializer(floats("w", new int[] {27, 2}, w))
            .addInitializer(longs("shape", -1, 27))
            .addNode(
                node("Transpose", "to_nchw", List.of("x"), List.of("t"), ints("perm", 0, 3, 1, 2)))
            .addNode(node("Conv", "conv", List.of("t", "k"), List.of("c")))
            .addNode(
                node("Transpose", "to_nhwc", List.of("c"), List.of("u"), ints("perm", 0, 2, 3, 1)))
            .addNode(node("Reshape", "flatten", List.of("u", "shape"), List.of("f")))
            .addNode(node("MatMul", "dense", List.of("f", "w"), List.of("y")))
            .build();
    LoadedModel model = READER.read(bytes(9, graph));
    Certificate certificate = certify(model);
    assertThat(certificate.layers())
        .extracting(LayerCertificate::opType)
        .containsExactly("Transpose", "Conv", "Transpose", "MatMul");
    assertBracketsContainExactNorms(model, certificate);
    double[] x = random(new Random(5), 4 * 4 * 2); // NHWC
    double[] nchw = new double[x.length];
    for (int c = 0; c < 2; c++) {
      for (int i = 0; i < 16; i++) {
        nchw[c * 16 + i] = x[i * 2 + c];
      }
    }
    double[] conv = conv(nchw, 2, 4, 4, k, 3, 2, 1, 0, null); // [3, 3, 3]
    double[] nhwc = new double[27];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 9; i++) {
        nhwc[i * 3 + c] = conv[c * 9 + i];
      }
    }
    double[] wt = new double[54];
    for (int i = 0; i < 27; i++) {
      for (int j = 0; j < 2; j++) {
        wt[j * 27 + i] = w[i * 2 + j];
      }
    }
    assertEvaluates(model.graph(), x, dense(wt, 2, 27, nhwc, null));
  }

  @Test
  void residualBlockAddsTwoBranches() {
    Random random = new Random(6);
    double[] k1 = random(random, 2 * 2 * 3 * 3);
    double[] k2 = random(random, 2 * 2 * 3 * 3);
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", 1, 2, 5, 5))
            .addOutput(value("y", 1, 2, 5, 5))
            .addInitializer(floats("k1", new int[] {2, 2, 3, 3}, k1))
            .addInitializer(floats("k2", new int[] {2, 2, 3, 3}, k2))
            .addNode(
                node("Conv", "conv1", List.of("x", "k1"), List.of("a"), ints("pads", 1, 1, 1, 1)))
            .addNode(node("Relu", "relu1", List.of("a"), List.of("r")))
            .addNode(
                node("Conv", "conv2", List.of("r", "k2"), List.of("c"), ints("pads", 1, 1, 1, 1)))
            .addNode(node("Add", "residual", List.of("c", "x"), List.of("s")))
            .addNode(node("Relu", "relu2", List.of("s"), List.of("y")))
            .build();
    LoadedModel model = READER.read(bytes(13, graph));
    assertThat(model.graph().nodes())
        .filteredOn(n -> n.name().equals("residual"))
        .singleElement()
        .satisfies(n -> assertThat(n.operation()).isInstanceOf(Sum.class));
    Certificate certificate = certify(model);
    assertBracketsContainExactNorms(model, certificate);
    double upper1 = certificate.layers().get(0).bracket().upper();
    double upper2 = certificate.layers().get(1).bracket().upper();
    assertThat(certificate.network().upperBound())
        .isLessThanOrEqualTo((1 + upper1 * upper2) * (1 + 1e-12));
    double[] x = random(new Random(7), 50);
    double[] branch =
        conv(relu(conv(x, 2, 5, 5, k1, 2, 3, 1, 1, null)), 2, 5, 5, k2, 2, 3, 1, 1, null);
    for (int i = 0; i < branch.length; i++) {
      branch[i] += x[i];
    }
    assertEvaluates(model.graph(), x, relu(branch));
  }

  @Test
  void convolutionFollowedByBatchNormalization() {
    Random random = new Random(8);
    double[] k = random(random, 3 * 1 * 3 * 3);
    double[] gamma = {f32(1.5), f32(-0.5), f32(2)};
    double[] beta = {f32(0.1), f32(0.2), f32(0.3)};
    double[] mean = {f32(0.5), f32(-1), f32(0)};
    double[] var = {f32(4), f32(0.25), f32(1)};
    double epsilon = f32(1e-3);
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", 1, 1, 6, 6))
            .addOutput(value("y", 1, 3, 4, 4))
            .addInitializer(floats("k", new int[] {3, 1, 3, 3}, k))
            .addInitializer(floats("gamma", new int[] {3}, gamma))
            .addInitializer(floats("beta", new int[] {3}, beta))
            .addInitializer(floats("mean", new int[] {3}, mean))
            .addInitializer(floats("var", new int[] {3}, var))
            .addNode(node("Conv", "conv", List.of("x", "k"), List.of("c")))
            .addNode(
                node(
                    "BatchNormalization",
                    "bn",
                    List.of("c", "gamma", "beta", "mean", "var"),
                    List.of("y"),
                    real("epsilon", epsilon)))
            .build();
    LoadedModel model = READER.read(bytes(9, graph));
    Certificate certificate = certify(model);
    assertThat(certificate.layers())
        .extracting(LayerCertificate::name)
        .containsExactly("conv", "bn");
    assertBracketsContainExactNorms(model, certificate);
    double exactBn = 0;
    for (int c = 0; c < 3; c++) {
      exactBn = Math.max(exactBn, Math.abs(gamma[c]) / Math.sqrt(var[c] + epsilon));
    }
    assertThat(certificate.layers().get(1).bracket().upper())
        .isCloseTo(exactBn, org.assertj.core.data.Percentage.withPercentage(1e-12));
    double[] x = random(new Random(9), 36);
    double[] y = conv(x, 1, 6, 6, k, 3, 3, 1, 0, null);
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < 16; i++) {
        y[c * 16 + i] =
            gamma[c] * (y[c * 16 + i] - mean[c]) / Math.sqrt(var[c] + epsilon) + beta[c];
      }
    }
    assertEvaluates(model.graph(), x, y);
  }

  @Test
  void float16WeightsInRawDataAndInt32DataDecodeExactly() {
    double[] w = {0.5, -1.25, 3, 0.0009765625, -2048, 0.1103515625};
    for (boolean raw : new boolean[] {true, false}) {
      GraphProto graph =
          GraphProto.newBuilder()
              .addInput(value("x", 1, 3))
              .addOutput(value("y", 1, 2))
              .addInitializer(float16("w", new int[] {2, 3}, raw, w))
              .addNode(node("Gemm", "fc", List.of("x", "w"), List.of("y"), integer("transB", 1)))
              .build();
      LoadedModel model = READER.read(bytes(13, graph));
      AffineLayer layer = (AffineLayer) model.graph().nodes().get(1).operation();
      assertThat(layer.operator().materialize().toRowMajorArray()).containsExactly(w);
      Certificate certificate = certify(model);
      assertBracketsContainExactNorms(model, certificate);
    }
  }

  @Test
  void matMulWithAddedBiasIsOneLayerNamedAfterTheMatMul() {
    Random random = new Random(10);
    double[] w = random(random, 5 * 3);
    double[] b = random(random, 3);
    double[] mu = random(random, 5);
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", 1, 5))
            .addOutput(value("y", 1, 3))
            .addInitializer(floats("w", new int[] {5, 3}, w))
            .addInitializer(floats("b", new int[] {3}, b))
            .addInitializer(floats("mu", new int[] {1, 5}, mu))
            .addNode(node("Sub", "normalise", List.of("x", "mu"), List.of("n")))
            .addNode(node("MatMul", "dense/MatMul", List.of("n", "w"), List.of("m")))
            .addNode(node("Add", "dense/BiasAdd", List.of("m", "b"), List.of("y")))
            .build();
    LoadedModel model = READER.read(bytes(9, graph));
    Certificate certificate = certify(model);
    assertThat(certificate.layers())
        .extracting(LayerCertificate::name)
        .containsExactly("normalise", "dense/MatMul");
    assertBracketsContainExactNorms(model, certificate);
    double[] x = {1, 2, 3, 4, 5};
    double[] n = new double[5];
    for (int i = 0; i < 5; i++) {
      n[i] = x[i] - mu[i];
    }
    double[] wt = new double[15];
    for (int i = 0; i < 5; i++) {
      for (int j = 0; j < 3; j++) {
        wt[j * 5 + i] = w[i * 3 + j];
      }
    }
    assertEvaluates(model.graph(), x, dense(wt, 3, 5, n, b));
  }

  @Test
  void flattenThroughAShapeSubgraphIsFoldedIntoAReshape() {
    Random random = new Random(11);
    double[] w = random(random, 2 * 12);
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", "N", 3, 2, 2))
            .addOutput(value("y", "N", 2))
            .addInitializer(floats("w", new int[] {2, 12}, w))
            .addInitializer(longs("zero", 0))
            .addNode(node("Shape", "shape", List.of("x"), List.of("s")))
            .addNode(
                node(
                    "Constant",
                    "index",
                    List.of(),
                    List.of("i"),
                    tensor("value", longs("i", 0).toBuilder().clearDims().build())))
            .addNode(node("Gather", "batch", List.of("s", "i"), List.of("g"), integer("axis", 0)))
            .addNode(node("Unsqueeze", "unsqueeze", List.of("g", "zero"), List.of("u")))
            .addNode(
                node(
                    "Constant",
                    "minus_one",
                    List.of(),
                    List.of("m"),
                    tensor("value", longs("m", -1))))
            .addNode(node("Concat", "target", List.of("u", "m"), List.of("t"), integer("axis", 0)))
            .addNode(node("Reshape", "flatten", List.of("x", "t"), List.of("f")))
            .addNode(node("Gemm", "fc", List.of("f", "w"), List.of("y"), integer("transB", 1)))
            .build();
    LoadedModel model = READER.read(bytes(13, graph));
    assertThat(model.graph().nodes()).extracting(Node::name).containsExactly("x", "flatten", "fc");
    assertThat(model.graph().inputShape()).isEqualTo(Shape.of(3, 2, 2));
    Certificate certificate = certify(model);
    assertBracketsContainExactNorms(model, certificate);
    double[] x = random(new Random(12), 12);
    assertEvaluates(model.graph(), x, dense(w, 2, 12, x, null));
  }

  @Test
  void symbolicSpatialDimensionsNeedTheInputShapeParameter() {
    Random random = new Random(13);
    double[] k = random(random, 2 * 3 * 3);
    GraphProto graph =
        GraphProto.newBuilder()
            .addInput(value("x", "N", 2, "H", "W"))
            .addOutput(value("y", "N", 1, "H", "W"))
            .addInitializer(floats("k", new int[] {1, 2, 3, 3}, k))
            .addNode(
                node(
                    "Conv",
                    "conv",
                    List.of("x", "k"),
                    List.of("y"),
                    OnnxFixtures.string("auto_pad", "SAME_UPPER")))
            .build();
    byte[] file = bytes(13, graph);
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> READER.read(file))
        .isInstanceOf(org.lipcert.core.InvalidModelException.class)
        .hasMessageContaining("'H'")
        .hasMessageContaining("input shape");
    LoadedModel model = READER.read(file, new int[] {2, 5, 4});
    assertThat(model.graph().inputShape()).isEqualTo(Shape.of(2, 5, 4));
    assertThat(model.graph().output().outputShape()).isEqualTo(Shape.of(1, 5, 4));
    assertBracketsContainExactNorms(model, certify(model));
    assertThat(READER.read(file, new int[] {1, 2, 5, 4}).graph().inputShape())
        .isEqualTo(Shape.of(2, 5, 4));
  }
}

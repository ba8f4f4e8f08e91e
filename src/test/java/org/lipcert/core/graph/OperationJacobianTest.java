package org.lipcert.core.graph;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.operator.PoolingGeometry;

/**
 * Jacobian products and shape checks of the multi-input and non-element-wise operations: {@link
 * Sum} (mixed coefficients), {@link Concat} (every axis of 1–4-d shapes), {@link Softmax} and
 * LogSoftmax (every axis), {@link PRelu} and {@link MaxPool} (padding, dilation, ceil mode). Every
 * case is drawn from a fixed seed; oracles and tolerances are stated on each test.
 */
class OperationJacobianTest {

  /** One operation with the shapes of its inputs. */
  record Case(String name, Operation op, Shape[] shapes) {
    @Override
    public String toString() {
      return name + " " + Arrays.toString(shapes);
    }
  }

  static Shape randomShape(Random random, int rank, int maxDim) {
    int[] dims = new int[rank];
    for (int k = 0; k < rank; k++) {
      dims[k] = 1 + random.nextInt(maxDim);
    }
    return Shape.of(dims);
  }

  static double[] gaussian(Random random, int n, double scale) {
    return RandomNetworks.gaussian(random, n, scale);
  }

  /**
   * Returns a random MaxPool geometry on a {@code C × H × W} input with padding below the kernel,
   * dilation 1–3, stride 1–3 and both ceil modes, or {@code null} when the draw does not fit.
   */
  static PoolingGeometry randomPooling(Random random, int maxSide) {
    int c = 1 + random.nextInt(2);
    int h = 1 + random.nextInt(maxSide);
    int w = 1 + random.nextInt(maxSide);
    int kh = 1 + random.nextInt(3);
    int kw = 1 + random.nextInt(3);
    try {
      return new PoolingGeometry(
          c,
          h,
          w,
          kh,
          kw,
          1 + random.nextInt(3),
          1 + random.nextInt(3),
          1 + random.nextInt(3),
          1 + random.nextInt(3),
          random.nextInt(kh),
          random.nextInt(kw),
          random.nextInt(kh),
          random.nextInt(kw),
          random.nextBoolean());
    } catch (InvalidModelException e) {
      return null;
    }
  }

  /** Returns a MaxPool on the geometry, or {@code null} if a window lies in the padding. */
  static MaxPool maxPoolOrNull(PoolingGeometry geometry) {
    try {
      return new MaxPool("MaxPool", geometry);
    } catch (InvalidModelException e) {
      return null;
    }
  }

  static List<Case> cases(Random random) {
    List<Case> cases = new ArrayList<>();
    double[][] coefficientPalette = {{1, -1}, {0.5, -2.5}, {0, 1}, {-0.1, 3, -7}};
    for (int k = 0; k < 16; k++) {
      int arity = 2 + random.nextInt(3);
      double[] c = new double[arity];
      for (int i = 0; i < arity; i++) {
        c[i] =
            random.nextBoolean()
                ? random.nextGaussian()
                : coefficientPalette[random.nextInt(4)][i % 2];
      }
      Shape shape = randomShape(random, 1 + random.nextInt(4), 4);
      Shape[] shapes = new Shape[arity];
      Arrays.fill(shapes, shape);
      cases.add(new Case("Sum " + Arrays.toString(c), new Sum("Add", c), shapes));
    }
    cases.add(
        new Case(
            "Sum.of(3)", Sum.of("Add", 3), new Shape[] {Shape.of(5), Shape.of(5), Shape.of(5)}));
    cases.add(
        new Case(
            "Sum.difference", Sum.difference("Sub"), new Shape[] {Shape.of(2, 3), Shape.of(2, 3)}));
    for (int rank = 1; rank <= 4; rank++) {
      for (int axis = 0; axis < rank; axis++) {
        for (int rep = 0; rep < 2; rep++) {
          int[] base = randomShape(random, rank, 3).dims();
          int arity = 2 + random.nextInt(2);
          Shape[] shapes = new Shape[arity];
          for (int i = 0; i < arity; i++) {
            int[] dims = base.clone();
            dims[axis] = 1 + random.nextInt(4);
            shapes[i] = Shape.of(dims);
          }
          cases.add(new Case("Concat axis " + axis, new Concat("Concat", axis, shapes), shapes));
        }
      }
    }
    for (boolean log : new boolean[] {false, true}) {
      for (int rank = 1; rank <= 4; rank++) {
        for (int axis = 0; axis < rank; axis++) {
          Shape shape = randomShape(random, rank, 4);
          cases.add(
              new Case(
                  (log ? "LogSoftmax" : "Softmax") + " axis " + axis,
                  new Softmax(log ? "LogSoftmax" : "Softmax", log, shape, axis),
                  new Shape[] {shape}));
        }
      }
    }
    for (int k = 0; k < 8; k++) {
      Shape shape = randomShape(random, 1 + random.nextInt(3), 4);
      double[] slopes = gaussian(random, shape.size(), 1.5);
      cases.add(new Case("PRelu", new PRelu("PRelu", slopes), new Shape[] {shape}));
    }
    int pools = 0;
    while (pools < 24) {
      PoolingGeometry g = randomPooling(random, 7);
      MaxPool pool = g == null ? null : maxPoolOrNull(g);
      if (pool != null) {
        pools++;
        cases.add(
            new Case(
                "MaxPool " + g,
                pool,
                new Shape[] {Shape.of(g.channels(), g.inputHeight(), g.inputWidth())}));
      }
    }
    return cases;
  }

  /**
   * Returns a point away from the kinks: for PRelu entries with {@code |x| ≥ 0.05}; for MaxPool a
   * shuffled ramp {@code 0.1·π(i)} plus noise below 0.01, so entries differ by at least 0.09 and a
   * step of {@code 10⁻⁵} changes no window's maximum; Gaussian entries times {@code scale}
   * otherwise.
   */
  static double[][] smoothPoint(Case c, Random random, double scale) {
    double[][] inputs = new double[c.shapes().length][];
    for (int k = 0; k < inputs.length; k++) {
      int n = c.shapes()[k].size();
      if (c.op() instanceof MaxPool) {
        int[] order = permutation(random, n);
        inputs[k] = new double[n];
        for (int i = 0; i < n; i++) {
          inputs[k][i] = scale * (0.1 * order[i] + 0.01 * random.nextDouble());
        }
      } else if (c.op() instanceof PRelu) {
        inputs[k] = new double[n];
        for (int i = 0; i < n; i++) {
          double magnitude = 0.05 + Math.abs(random.nextGaussian());
          inputs[k][i] = scale * (random.nextBoolean() ? magnitude : -magnitude);
        }
      } else {
        inputs[k] = gaussian(random, n, scale);
      }
    }
    return inputs;
  }

  static int[] permutation(Random random, int n) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }

  static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  /**
   * Oracle: central differences {@code (f(x + ht) − f(x − ht))/(2h)} of {@code evaluate}, {@code h
   * = 10⁻⁶}, all inputs moved at once, at 4 points per case (scales 0.1, 1, 3, 10) away from the
   * kinks (see {@link #smoothPoint}). Tolerance {@code ‖jvp − FD‖ ≤ 10⁻⁶·max(1, ‖jvp‖)}: the
   * truncation error is {@code O(h²)} and the rounding error about {@code u·|f|/h ≈ 10⁻⁹}.
   */
  @Test
  void jvpAgreesWithCentralDifferences() {
    Random random = new Random(3101);
    double h = 1e-6;
    int checked = 0;
    for (Case c : cases(random)) {
      for (double scale : new double[] {0.1, 1, 3, 10}) {
        double[][] x = smoothPoint(c, random, scale);
        double[][] t = new double[x.length][];
        double[][] plus = new double[x.length][];
        double[][] minus = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
          t[k] = gaussian(random, x[k].length, 1);
          plus[k] = x[k].clone();
          minus[k] = x[k].clone();
          for (int i = 0; i < x[k].length; i++) {
            plus[k][i] += h * t[k][i];
            minus[k][i] -= h * t[k][i];
          }
        }
        double[] jvp = c.op().jvp(x, t);
        double[] fPlus = c.op().evaluate(plus);
        double[] fMinus = c.op().evaluate(minus);
        assertThat(jvp).as("jvp has the output's length for %s", c).hasSize(fPlus.length);
        double[] difference = new double[jvp.length];
        for (int i = 0; i < jvp.length; i++) {
          difference[i] = jvp[i] - (fPlus[i] - fMinus[i]) / (2 * h);
        }
        assertThat(norm(difference))
            .as("‖jvp − FD‖ ≤ 1e-6·max(1, ‖jvp‖) for %s at scale %s", c, scale)
            .isLessThanOrEqualTo(1e-6 * Math.max(1, norm(jvp)));
        checked++;
      }
    }
    assertThat(checked).as("cases × points").isGreaterThanOrEqualTo(4 * 90);
  }

  /**
   * Oracle: the adjoint identity {@code ⟨J t, c⟩ = Σ_k ⟨t_k, (Jᵀc)_k⟩} between {@code jvp} and
   * {@code vjp}, at Gaussian points (ties included for MaxPool: points on an integer grid).
   * Tolerance {@code 10⁻¹²·(‖Jt‖‖c‖ + Σ_k ‖t_k‖‖(Jᵀc)_k‖)}.
   */
  @Test
  void vjpIsTheAdjointOfJvp() {
    Random random = new Random(3102);
    for (Case c : cases(random)) {
      for (int rep = 0; rep < 4; rep++) {
        double[][] x = new double[c.shapes().length][];
        double[][] t = new double[x.length][];
        for (int k = 0; k < x.length; k++) {
          x[k] = gaussian(random, c.shapes()[k].size(), 3);
          if (rep == 3) {
            for (int i = 0; i < x[k].length; i++) {
              x[k][i] = Math.rint(x[k][i]); // ties in MaxPool windows, zeros in PRelu
            }
          }
          t[k] = gaussian(random, x[k].length, 1);
        }
        double[] jt = c.op().jvp(x, t);
        double[] cot = gaussian(random, jt.length, 1);
        double[][] jtc = c.op().vjp(x, cot);
        assertThat(jtc.length).as("one cotangent per input for %s", c).isEqualTo(x.length);
        double right = 0;
        double scale = norm(jt) * norm(cot);
        for (int k = 0; k < x.length; k++) {
          assertThat(jtc[k])
              .as("cotangent %d has the input's length for %s", k, c)
              .hasSize(x[k].length);
          right += dot(t[k], jtc[k]);
          scale += norm(t[k]) * norm(jtc[k]);
        }
        double left = dot(jt, cot);
        assertThat(Math.abs(left - right))
            .as("|⟨Jt, c⟩ − ⟨t, Jᵀc⟩| ≤ 1e-12·scale for %s: %s vs %s", c, left, right)
            .isLessThanOrEqualTo(1e-12 * scale);
      }
    }
  }

  /**
   * Oracle: the output shape computed by hand from each operation's definition (Concat: the axis
   * lengths add; MaxPool: PyTorch's {@code ⌊(n + p_b + p_e − d(k − 1) − 1)/s⌋ + 1}, or the ceiling
   * with the last window dropped if it starts past the input and its left padding); exact.
   */
  @Test
  void outputShapesFollowTheDefinitions() {
    Random random = new Random(3103);
    for (Case c : cases(random)) {
      Shape out = c.op().outputShape(c.shapes());
      double[] y = c.op().evaluate(smoothPoint(c, random, 1));
      assertThat(y).as("evaluate has the output shape's size for %s", c).hasSize(out.size());
      if (c.op() instanceof Concat) {
        assertThat(out.rank()).as("rank kept").isEqualTo(c.shapes()[0].rank());
        int total = 0;
        for (Shape s : c.shapes()) {
          total += s.size();
        }
        assertThat(out.size())
            .as("Concat output holds every input element: %s", c)
            .isEqualTo(total);
      } else if (c.op() instanceof MaxPool pool) {
        PoolingGeometry g = pool.geometry();
        assertThat(out)
            .as("MaxPool output shape for %s", c)
            .isEqualTo(
                Shape.of(
                    g.channels(),
                    torchOutputSize(
                        g.inputHeight(),
                        g.kernelHeight(),
                        g.strideHeight(),
                        g.dilationHeight(),
                        g.padTop(),
                        g.padBottom(),
                        g.ceilMode()),
                    torchOutputSize(
                        g.inputWidth(),
                        g.kernelWidth(),
                        g.strideWidth(),
                        g.dilationWidth(),
                        g.padLeft(),
                        g.padRight(),
                        g.ceilMode())));
      } else {
        assertThat(out).as("shape kept by %s", c).isEqualTo(c.shapes()[0]);
      }
    }
  }

  /**
   * PyTorch's {@code pooling_output_shape} ({@code aten/src/ATen/native/Pool.h}), written out
   * independently with floating-point division.
   */
  static int torchOutputSize(int n, int k, int s, int d, int pb, int pe, boolean ceil) {
    double span = (double) (n + pb + pe - d * (k - 1) - 1) / s;
    int out = (int) (ceil ? Math.ceil(span) : Math.floor(span)) + 1;
    if (ceil && (out - 1) * s >= n + pb) {
      out--;
    }
    return out;
  }

  /**
   * Oracle: Concat written with multi-indices — output element {@code (i₀, …, i_r)} is element
   * {@code (i₀, …, i_axis − offset_k, …)} of the input {@code k} whose range along the axis holds
   * {@code i_axis}. Exact equality, for every axis of 1–4-d shapes.
   */
  @Test
  void concatMatchesTheMultiIndexDefinition() {
    Random random = new Random(3104);
    for (Case c : cases(random)) {
      if (!(c.op() instanceof Concat)) {
        continue;
      }
      double[][] x = smoothPoint(c, random, 1);
      double[] y = c.op().evaluate(x);
      Shape out = c.op().outputShape(c.shapes());
      int axis = concatAxis(c.shapes(), out);
      int[] index = new int[out.rank()];
      for (int o = 0; o < out.size(); o++) {
        int k = 0;
        int along = index[axis];
        while (along >= c.shapes()[k].dim(axis)) {
          along -= c.shapes()[k].dim(axis);
          k++;
        }
        int[] inIndex = index.clone();
        inIndex[axis] = along;
        assertThat(y[o])
            .as("Concat output %s of %s", Arrays.toString(index), c)
            .isEqualTo(x[k][flat(inIndex, c.shapes()[k])]);
        increment(index, out);
      }
    }
  }

  /** Returns the axis along which the output is longer than the first input (there is one). */
  static int concatAxis(Shape[] inputs, Shape out) {
    for (int k = 0; k < out.rank(); k++) {
      if (out.dim(k) != inputs[0].dim(k)) {
        return k;
      }
    }
    throw new AssertionError("no concatenation axis found");
  }

  static int flat(int[] index, Shape shape) {
    int f = 0;
    for (int k = 0; k < index.length; k++) {
      f = f * shape.dim(k) + index[k];
    }
    return f;
  }

  static void increment(int[] index, Shape shape) {
    for (int k = index.length - 1; k >= 0; k--) {
      if (++index[k] < shape.dim(k)) {
        return;
      }
      index[k] = 0;
    }
  }

  /**
   * Oracle: max pooling written from its definition — output {@code (c, i, j)} is the largest
   * {@code x[c, i·s₁ + a·d₁ − p_top, j·s₂ + b·d₂ − p_left]} over the taps inside the input; the jvp
   * picks the tangent at that (strict) maximum. Exact equality on random geometries.
   */
  @Test
  void maxPoolMatchesItsDefinition() {
    Random random = new Random(3105);
    int checked = 0;
    while (checked < 200) {
      PoolingGeometry g = randomPooling(random, 9);
      MaxPool pool = g == null ? null : maxPoolOrNull(g);
      if (pool == null) {
        continue;
      }
      checked++;
      Case c =
          new Case(
              "MaxPool",
              pool,
              new Shape[] {Shape.of(g.channels(), g.inputHeight(), g.inputWidth())});
      double[][] x = smoothPoint(c, random, 1);
      double[] t = gaussian(random, x[0].length, 1);
      double[] y = pool.evaluate(x);
      double[] jvp = pool.jvp(x, new double[][] {t});
      int h = g.inputHeight();
      int w = g.inputWidth();
      int ho = y.length / g.channels() / outputWidth(g);
      int wo = outputWidth(g);
      for (int ch = 0; ch < g.channels(); ch++) {
        for (int i = 0; i < ho; i++) {
          for (int j = 0; j < wo; j++) {
            double best = Double.NEGATIVE_INFINITY;
            double tangent = Double.NaN;
            for (int a = 0; a < g.kernelHeight(); a++) {
              int r = i * g.strideHeight() + a * g.dilationHeight() - g.padTop();
              for (int b = 0; b < g.kernelWidth(); b++) {
                int q = j * g.strideWidth() + b * g.dilationWidth() - g.padLeft();
                if (r >= 0 && r < h && q >= 0 && q < w && x[0][(ch * h + r) * w + q] > best) {
                  best = x[0][(ch * h + r) * w + q];
                  tangent = t[(ch * h + r) * w + q];
                }
              }
            }
            int o = (ch * ho + i) * wo + j;
            assertThat(y[o]).as("max of window (%d, %d, %d) of %s", ch, i, j, g).isEqualTo(best);
            assertThat(jvp[o])
                .as("jvp at window (%d, %d, %d) of %s", ch, i, j, g)
                .isEqualTo(tangent);
          }
        }
      }
    }
  }

  private static int outputWidth(PoolingGeometry g) {
    return torchOutputSize(
        g.inputWidth(),
        g.kernelWidth(),
        g.strideWidth(),
        g.dilationWidth(),
        g.padLeft(),
        g.padRight(),
        g.ceilMode());
  }

  /** Every mismatch of shapes is an {@link InvalidModelException} whose message says what fits. */
  @Test
  void mismatchedShapesAreRejected() {
    assertThatThrownBy(
            () -> Sum.of("Add", 2).outputShape(new Shape[] {Shape.of(2, 3), Shape.of(3, 2)}))
        .as("Sum of [2, 3] and [3, 2]: same size, other shape")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("[2, 3]")
        .hasMessageContaining("[3, 2]");
    assertThatThrownBy(
            () ->
                new Sum("Sub", new double[] {1, -1, 2})
                    .outputShape(new Shape[] {Shape.of(4), Shape.of(4), Shape.of(5)}))
        .as("third summand of another length")
        .isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> new Sum("Add", new double[] {1, Double.NaN}))
        .as("NaN coefficient")
        .isInstanceOf(InvalidModelException.class);

    assertThatThrownBy(() -> new Concat("Concat", 1, new Shape[] {Shape.of(2, 3), Shape.of(3, 3)}))
        .as("Concat along axis 1 of shapes differing on axis 0")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("axis 1");
    assertThatThrownBy(() -> new Concat("Concat", 0, new Shape[] {Shape.of(2, 3), Shape.of(6)}))
        .as("Concat of ranks 2 and 1")
        .isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> new Concat("Concat", 2, new Shape[] {Shape.of(2, 3), Shape.of(2, 3)}))
        .as("Concat axis outside the shape")
        .isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> new Concat("Concat", -1, new Shape[] {Shape.of(2, 3), Shape.of(2, 3)}))
        .as("negative Concat axis")
        .isInstanceOf(InvalidModelException.class);
    Concat concat = new Concat("Concat", 0, new Shape[] {Shape.of(2, 3), Shape.of(1, 3)});
    assertThat(concat.outputShape(new Shape[] {Shape.of(2, 3), Shape.of(1, 3)}))
        .as("[2, 3] ++ [1, 3] along 0")
        .isEqualTo(Shape.of(3, 3));
    assertThatThrownBy(() -> concat.outputShape(new Shape[] {Shape.of(1, 3), Shape.of(2, 3)}))
        .as("Concat given its inputs in the other order")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("[2, 3]");

    assertThatThrownBy(() -> new Softmax("Softmax", false, Shape.of(2, 3), 2))
        .as("Softmax axis outside the shape")
        .isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> new Softmax("LogSoftmax", true, Shape.of(2, 3), -1))
        .as("negative LogSoftmax axis")
        .isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(
            () ->
                new Softmax("Softmax", false, Shape.of(2, 3), 1)
                    .outputShape(new Shape[] {Shape.of(3, 2)}))
        .as("Softmax built for [2, 3] given [3, 2]")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("[2, 3]");

    assertThatThrownBy(
            () ->
                new PRelu("PRelu", new double[] {0.1, 0.2}).outputShape(new Shape[] {Shape.of(3)}))
        .as("two slopes for three elements")
        .isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> new PRelu("PRelu", new double[] {0.1, Double.POSITIVE_INFINITY}))
        .as("infinite slope")
        .isInstanceOf(InvalidModelException.class);

    MaxPool pool =
        new MaxPool("MaxPool", new PoolingGeometry(2, 4, 5, 2, 2, 2, 2, 1, 1, 0, 0, 0, 0, false));
    assertThatThrownBy(() -> pool.outputShape(new Shape[] {Shape.of(2, 4, 4)}))
        .as("MaxPool for 2×4×5 given 2×4×4")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("2×4×5");
    assertThatThrownBy(
            () ->
                new MaxPool(
                    "MaxPool", new PoolingGeometry(1, 1, 1, 2, 1, 1, 1, 2, 1, 1, 0, 1, 0, false)))
        .as("MaxPool whose dilated window (taps −1, 1) misses the 1×1 input")
        .isInstanceOf(InvalidModelException.class);

    GraphBuilder b = new GraphBuilder(Shape.of(2, 3), "x");
    int branch = b.add("flat", Reshape.flatten("Flatten"), b.input());
    assertThatThrownBy(() -> b.add("res", Sum.difference("Sub"), b.input(), branch))
        .as("graph builder names the layer")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageStartingWith("layer 'res'");
  }
}

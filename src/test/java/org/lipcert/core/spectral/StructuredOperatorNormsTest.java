package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.BatchNormalization;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.operator.AveragePool;
import org.lipcert.core.operator.AxisLinear;
import org.lipcert.core.operator.AxisMean;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.LinearOperator;
import org.lipcert.core.operator.PoolingGeometry;
import org.lipcert.core.operator.ScaledSelection;

/**
 * {@link OperatorNorms} on the structured operators — {@link AxisLinear}, {@link AxisMean}, {@link
 * ScaledSelection} (select, transpose, pad, broadcast with and without a relative error), {@link
 * AveragePool} (random geometries, ceil mode, padding excluded from the count) and the operator of
 * a {@link BatchNormalization} layer — with materialisation turned off, so that the closed-form and
 * Kronecker paths are what is tested.
 *
 * <p><b>Oracles.</b> (1) EJML's SVD of the materialised operator ({@link RandomMatrices#sigmaMax},
 * relative slack {@code 10⁻¹³}); (2) where the norm has a closed form, that form in exact {@link
 * BigDecimal} arithmetic with square roots to 40 digits (directed), compared without slack: {@code
 * 1/√r} for a mean, {@code max_i √(Σ scale²)} for a selection, {@code max_c |γ_c|/√(σ²_c + ε)} for
 * a batch normalisation. <b>Tightness:</b> {@code upper/exact − 1 < 10⁻¹²} for the closed forms
 * (plus the declared relative error of the factors), {@code < 10⁻⁹} for Kronecker products
 * bracketed with tolerance {@code 10⁻¹¹}.
 */
class StructuredOperatorNormsTest {

  private static final SpectralOptions STRUCTURED =
      SpectralOptions.defaults().withMaterializeMaxDimension(0);

  /**
   * For the Kronecker tests: a factor's bracket is only as tight as the requested tolerance (the
   * Cholesky certificate is tried at {@code σ̂²(1 + tolerance)}), so the {@code 10⁻⁹} tightness is
   * asked of brackets computed with tolerance {@code 10⁻¹¹}.
   */
  private static final SpectralOptions KRONECKER = STRUCTURED.withTolerance(1e-11);

  private static final MathContext UP = new MathContext(40, RoundingMode.CEILING);
  private static final MathContext DOWN = new MathContext(40, RoundingMode.FLOOR);

  private record Case(String description, LinearOperator operator, double declaredError) {}

  private static double[] gaussian(Random random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  private static int[] randomDims(Random random, int rank, int max) {
    int[] dims = new int[rank];
    for (int k = 0; k < rank; k++) {
      dims[k] = 1 + random.nextInt(max);
    }
    return dims;
  }

  /**
   * Asserts {@code lower ≤ exact(1 + slack)}, {@code upper ≥ exact(1 − slack)} and {@code
   * upper/exact − 1 < tightness}; returns {@code upper/exact − 1}.
   */
  private static double assertContainsAndTight(
      SpectralBracket bracket, double exact, double tightness, String what) {
    String where = what + ": " + bracket + ", exact " + exact;
    assertThat(bracket.lower())
        .as("lower ≤ ‖A‖(1 + 1e-13) for %s", where)
        .isLessThanOrEqualTo(exact * (1 + RandomMatrices.ORACLE_SLACK));
    assertThat(bracket.upper())
        .as("upper ≥ ‖A‖(1 − 1e-13) for %s", where)
        .isGreaterThanOrEqualTo(exact * (1 - RandomMatrices.ORACLE_SLACK));
    double excess = bracket.upper() / exact - 1;
    assertThat(excess).as("upper/exact − 1 < %s for %s", tightness, where).isLessThan(tightness);
    return excess;
  }

  /** Returns the largest {@code √(Σ_o scale²)} over the inputs, from the materialised columns. */
  private static BigDecimal[] exactSelectionNorm(LinearOperator op) {
    DenseMatrix a = op.materialize(); // entries scale·1, exact
    BigDecimal max = BigDecimal.ZERO;
    for (int j = 0; j < a.cols(); j++) {
      BigDecimal s = BigDecimal.ZERO;
      for (int i = 0; i < a.rows(); i++) {
        BigDecimal v = new BigDecimal(a.get(i, j));
        s = s.add(v.multiply(v));
      }
      max = max.max(s);
    }
    return new BigDecimal[] {max.sqrt(DOWN), max.sqrt(UP)};
  }

  private static List<Case> selections(Random random) {
    List<Case> cases = new ArrayList<>();
    for (int t = 0; t < 40; t++) {
      int rank = 1 + random.nextInt(4);
      int[] dims = randomDims(random, rank, 4);
      int[][] indices = new int[rank][];
      for (int k = 0; k < rank; k++) {
        indices[k] = new int[1 + random.nextInt(5)];
        for (int o = 0; o < indices[k].length; o++) {
          indices[k][o] = random.nextInt(dims[k]);
        }
      }
      cases.add(
          new Case(
              "select " + Arrays.deepToString(indices),
              ScaledSelection.select(dims, indices, "gather"),
              0));
      int[] perm = new int[rank];
      for (int k = 0; k < rank; k++) {
        perm[k] = (k + 1) % rank;
      }
      cases.add(new Case("transpose", ScaledSelection.transpose(dims, perm), 0));
      int[] begin = new int[rank];
      int[] end = new int[rank];
      for (int k = 0; k < rank; k++) {
        begin[k] = random.nextInt(dims[k]);
        end[k] = random.nextInt(dims[k]);
      }
      for (String mode : new String[] {"constant", "reflect", "edge"}) {
        cases.add(
            new Case(
                mode + " pad " + Arrays.toString(begin) + Arrays.toString(end),
                ScaledSelection.pad(dims, begin, end, mode),
                0));
      }
      int[] constantDims = new int[rank];
      int[] inputDims = dims.clone();
      for (int k = 0; k < rank; k++) {
        constantDims[k] = random.nextBoolean() ? 1 : dims[k];
        if (constantDims[k] != 1 && random.nextInt(3) == 0) {
          inputDims[k] = 1;
        }
      }
      double[] c = gaussian(random, sizeOf(constantDims));
      if (t % 5 == 0) {
        c[0] *= 1e-100; // mixed magnitudes (squares still normal; see the bug test for 1e-200)
      }
      double declared = new double[] {0, 4 * 0x1p-53, 1e-6}[t % 3];
      cases.add(
          new Case(
              "broadcast "
                  + Arrays.toString(inputDims)
                  + " × "
                  + Arrays.toString(constantDims)
                  + " relativeError "
                  + declared,
              ScaledSelection.broadcastMultiply(inputDims, constantDims, c, "scale", declared),
              declared));
    }
    cases.add(new Case("identity", ScaledSelection.identity(7), 0));
    return cases;
  }

  private static int sizeOf(int[] dims) {
    int s = 1;
    for (int d : dims) {
      s *= d;
    }
    return s;
  }

  /**
   * Selections: the bracket contains the exact {@code max_i √(Σ scale²)} (BigDecimal, no slack:
   * {@code lower ≤ ⌊exact⌋₄₀} and {@code upper ≥ ⌈exact⌉₄₀}, the relative error widening both
   * sides) and the SVD of the materialised operator; it is tight to {@code 10⁻¹²} plus the declared
   * relative error; the method is the formula's name.
   */
  @Test
  void selectionBracketsAreExactAndTight() {
    Random random = new Random(3501);
    double worst = 0;
    for (Case c : selections(random)) {
      SpectralBracket bracket = OperatorNorms.bracket(c.operator(), STRUCTURED);
      BigDecimal[] exact = exactSelectionNorm(c.operator());
      BigDecimal widen = new BigDecimal(c.declaredError());
      assertThat(new BigDecimal(bracket.lower()).compareTo(exact[0]))
          .as("lower ≤ exact for %s: %s", c.description(), bracket)
          .isLessThanOrEqualTo(0);
      assertThat(
              new BigDecimal(bracket.upper())
                  .compareTo(exact[1].multiply(BigDecimal.ONE.add(widen))))
          .as(
              "upper ≥ exact(1 + relativeError) for %s: %s vs %s",
              c.description(), bracket, exact[1])
          .isGreaterThanOrEqualTo(0);
      assertThat(bracket.method())
          .as("closed form for %s", c.description())
          .doesNotContain("power");
      assertThat(bracket.iterations()).as("no iterations").isZero();
      double sigma = RandomMatrices.sigmaMax(c.operator().materialize());
      worst =
          Math.max(
              worst,
              assertContainsAndTight(bracket, sigma, 1e-12 + c.declaredError(), c.description())
                  - c.declaredError());
      assertThat(1 - bracket.lower() / sigma)
          .as("lower tight for %s", c.description())
          .isLessThan(1e-12 + c.declaredError());
    }
    System.out.printf("selections: worst upper/exact − 1 − declared error = %.3g%n", worst);
  }

  /**
   * AxisMean over random axes: the bracket contains {@code 1/√r} exactly (BigDecimal) and the SVD
   * of the materialised operator (whose entries are {@code fl(1/r)}), and is tight to {@code
   * 10⁻¹²}.
   */
  @Test
  void axisMeanBracketsContainOneOverRootR() {
    Random random = new Random(3502);
    for (int t = 0; t < 80; t++) {
      int rank = 1 + random.nextInt(4);
      int[] dims = randomDims(random, rank, 5);
      List<Integer> axes = new ArrayList<>();
      int r = 1;
      for (int k = 0; k < rank; k++) {
        if (random.nextBoolean() || k == rank - 1 && axes.isEmpty()) {
          axes.add(k);
          r *= dims[k];
        }
      }
      AxisMean op = new AxisMean(dims, axes.stream().mapToInt(Integer::intValue).toArray());
      String what = "mean of " + Arrays.toString(dims) + " over " + axes;
      SpectralBracket bracket = OperatorNorms.bracket(op, STRUCTURED);
      BigDecimal inverseRoot = BigDecimal.ONE.divide(BigDecimal.valueOf(r).sqrt(UP), DOWN);
      BigDecimal inverseRootUp = BigDecimal.ONE.divide(BigDecimal.valueOf(r).sqrt(DOWN), UP);
      assertThat(new BigDecimal(bracket.lower()).compareTo(inverseRoot))
          .as("lower ≤ 1/√r for %s", what)
          .isLessThanOrEqualTo(0);
      assertThat(new BigDecimal(bracket.upper()).compareTo(inverseRootUp))
          .as("upper ≥ 1/√r for %s", what)
          .isGreaterThanOrEqualTo(0);
      assertThat(bracket.method()).as("method").isEqualTo("mean");
      assertContainsAndTight(bracket, RandomMatrices.sigmaMax(op.materialize()), 1e-12, what);
    }
  }

  /**
   * AxisLinear with Gaussian, rank-1 and clustered-spectrum weights ({@link SpectralFamilies}),
   * random outer and inner sizes: the Kronecker bracket contains the SVD of the whole materialised
   * operator and is tight to {@code 10⁻⁹}.
   */
  @Test
  void axisLinearBracketsAreTheWeightsNorm() {
    Random random = new Random(3503);
    double worst = 0;
    int count = 0;
    for (SpectralFamilies.Case c : SpectralFamilies.cases(3503, new double[] {1, 1e-3}, 8, 4)) {
      if (count++ % 2 == 1) {
        continue; // half the family keeps the test fast
      }
      int outer = 1 + random.nextInt(3);
      int inner = 1 + random.nextInt(3);
      AxisLinear op = new AxisLinear(c.weights(), outer, inner);
      SpectralBracket bracket = OperatorNorms.bracket(op, KRONECKER);
      assertThat(bracket.method()).as("Kronecker path").isEqualTo("kronecker");
      double exact = RandomMatrices.sigmaMax(op.materialize());
      if (exact == 0) {
        continue;
      }
      worst =
          Math.max(
              worst,
              assertContainsAndTight(
                  bracket, exact, 1e-9, "AxisLinear " + c + " outer " + outer + " inner " + inner));
    }
    System.out.printf("AxisLinear: worst upper/exact − 1 = %.3g%n", worst);
  }

  /**
   * AveragePool on 150 random geometries (kernels 1–4, stride 1–3, dilation 1–2, padding below the
   * kernel, both ceil modes, padding counted or not): the Kronecker bracket contains the SVD of the
   * materialised operator and is tight to {@code 10⁻⁹}.
   */
  @Test
  void averagePoolBracketsContainTheExactNorm() {
    Random random = new Random(3504);
    int checked = 0;
    double worst = 0;
    while (checked < 150) {
      int kh = 1 + random.nextInt(4);
      int kw = 1 + random.nextInt(4);
      PoolingGeometry g;
      try {
        g =
            new PoolingGeometry(
                1 + random.nextInt(3),
                1 + random.nextInt(9),
                1 + random.nextInt(9),
                kh,
                kw,
                1 + random.nextInt(3),
                1 + random.nextInt(3),
                1 + random.nextInt(2),
                1 + random.nextInt(2),
                random.nextInt(kh),
                random.nextInt(kw),
                random.nextInt(kh),
                random.nextInt(kw),
                random.nextBoolean());
      } catch (InvalidModelException e) {
        continue;
      }
      checked++;
      AveragePool op = new AveragePool(g, random.nextBoolean());
      SpectralBracket bracket = OperatorNorms.bracket(op, KRONECKER);
      assertThat(bracket.method()).as("Kronecker path").isEqualTo("kronecker");
      double exact = RandomMatrices.sigmaMax(op.materialize());
      if (exact == 0) {
        // every window misses the input (dilated taps around it): the zero operator
        assertThat(bracket.lower()).as("lower of the zero pooling %s", g).isZero();
        continue;
      }
      worst =
          Math.max(
              worst,
              assertContainsAndTight(
                  bracket,
                  exact,
                  1e-9,
                  "AveragePool " + g + " include pad " + op.countIncludePad()));
    }
    System.out.printf("AveragePool: worst upper/exact − 1 = %.3g%n", worst);
  }

  /**
   * BatchNormalization's operator on {@code [C]} and {@code [C, H, W]}: the bracket contains the
   * exact {@code max_c |γ_c|/√(σ²_c + ε)} (BigDecimal, 40-digit directed square roots, no slack)
   * although the operator stores {@code fl(γ_c/√(σ²_c + ε))}, contains the SVD of the materialised
   * operator, and is tight to {@code 10⁻¹²}.
   */
  @Test
  void batchNormalizationBracketContainsTheExactScale() {
    Random random = new Random(3505);
    for (int t = 0; t < 200; t++) {
      int channels = 1 + random.nextInt(6);
      Shape shape =
          t % 2 == 0
              ? Shape.of(channels)
              : Shape.of(channels, 1 + random.nextInt(3), 1 + random.nextInt(3));
      double[] gamma = gaussian(random, channels);
      double[] beta = gaussian(random, channels);
      double[] mean = gaussian(random, channels);
      double[] variance = new double[channels];
      for (int c = 0; c < channels; c++) {
        variance[c] = Math.exp(3 * random.nextGaussian());
      }
      double epsilon = new double[] {1e-5, 1e-3, 0}[t % 3];
      AffineLayer layer =
          BatchNormalization.of("BatchNormalization", shape, gamma, beta, mean, variance, epsilon);
      SpectralBracket bracket = OperatorNorms.bracket(layer.operator(), STRUCTURED);
      BigDecimal low = BigDecimal.ZERO;
      BigDecimal high = BigDecimal.ZERO;
      for (int c = 0; c < channels; c++) {
        BigDecimal denominator = new BigDecimal(variance[c]).add(new BigDecimal(epsilon));
        BigDecimal g = new BigDecimal(gamma[c]).abs();
        low = low.max(g.divide(denominator.sqrt(UP), DOWN));
        high = high.max(g.divide(denominator.sqrt(DOWN), UP));
      }
      String what = "BatchNormalization " + shape + " ε = " + epsilon;
      assertThat(new BigDecimal(bracket.lower()).compareTo(low))
          .as("lower ≤ max|γ|/√(σ² + ε) for %s: %s", what, bracket)
          .isLessThanOrEqualTo(0);
      assertThat(new BigDecimal(bracket.upper()).compareTo(high))
          .as("upper ≥ max|γ|/√(σ² + ε) for %s: %s", what, bracket)
          .isGreaterThanOrEqualTo(0);
      assertContainsAndTight(
          bracket, RandomMatrices.sigmaMax(layer.operator().materialize()), 1e-12, what);
    }
  }
}

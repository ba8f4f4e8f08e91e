package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.ConvolutionTranspose;
import org.lipcert.core.operator.LinearOperator;

/**
 * Brackets of random convolutions and transposed convolutions against the exact operator norm,
 * obtained by materialising the operator (applying it to the unit basis) and taking EJML's SVD
 * ({@link RandomMatrices#sigmaMax}, relative slack 1e-13). Covers channels up to 16, kernels 1, 2,
 * 3, 5, stride 1–3, padding 0–2 (asymmetric), dilation 1–2, groups 1–4, inputs up to 12×12, 1-D
 * convolutions, and ConvTranspose with output padding. Materialisation is turned off in the bracket
 * so that the circular-embedding bound is what is tested; the distribution of {@code upper/exact −
 * 1} is printed.
 */
class ConvolutionBracketTest {

  private static final SpectralOptions BOUND_ONLY =
      SpectralOptions.defaults().withMaterializeMaxDimension(0).withMaxIterations(300);

  /** The largest operator side drawn, so that the oracle's dense SVD stays fast. */
  private static final int MAX_SIDE = 900;

  private record Case(String description, LinearOperator operator) {}

  private static List<Case> cases(int count, long seed) {
    Random random = new Random(seed);
    int[] kernels = {1, 2, 3, 5};
    List<Case> cases = new ArrayList<>();
    while (cases.size() < count) {
      int groups = 1 + random.nextInt(4);
      int cin = groups * (1 + random.nextInt(Math.max(1, 16 / groups)));
      int cout = groups * (1 + random.nextInt(Math.max(1, 16 / groups)));
      int kh = kernels[random.nextInt(4)];
      int kw = kernels[random.nextInt(4)];
      int[] stride = {1 + random.nextInt(3), 1 + random.nextInt(3)};
      int[] dilation = {1 + random.nextInt(2), 1 + random.nextInt(2)};
      int[] pads = {random.nextInt(3), random.nextInt(3), random.nextInt(3), random.nextInt(3)};
      int h = 1 + random.nextInt(12);
      int w = 1 + random.nextInt(12);
      boolean oneD = random.nextInt(6) == 0;
      if ((long) Math.max(cin, cout) * h * w > MAX_SIDE) {
        continue; // keep the oracle's SVD affordable
      }
      boolean transpose = random.nextInt(3) == 0;
      try {
        if (transpose) {
          int[] op = {
            random.nextInt(Math.max(stride[0], dilation[0])),
            random.nextInt(Math.max(stride[1], dilation[1]))
          };
          double[] weights = gaussian(random, cin * (cout / groups) * kh * kw);
          LinearOperator t =
              new ConvolutionTranspose(
                  cin,
                  cout,
                  groups,
                  new int[] {h, w},
                  new int[] {kh, kw},
                  stride,
                  dilation,
                  pads,
                  op,
                  weights);
          cases.add(
              new Case(
                  String.format(
                      "convT cin=%d cout=%d g=%d k=%dx%d s=%s d=%s p=%s op=%s in=%dx%d",
                      cin,
                      cout,
                      groups,
                      kh,
                      kw,
                      str(stride),
                      str(dilation),
                      str(pads),
                      str(op),
                      h,
                      w),
                  t));
        } else {
          ConvolutionGeometry geometry =
              oneD
                  ? ConvolutionGeometry.of1d(
                      cin, cout, groups, w, kw, stride[1], dilation[1], pads[1], pads[3])
                  : ConvolutionGeometry.of2d(
                      cin,
                      cout,
                      groups,
                      new int[] {h, w},
                      new int[] {kh, kw},
                      stride,
                      dilation,
                      pads);
          double[] kernel = gaussian(random, geometry.kernelSize());
          cases.add(new Case("conv " + geometry, new Convolution(geometry, kernel)));
        }
      } catch (org.lipcert.core.InvalidModelException e) {
        // the random kernel did not fit the random input; draw again
      }
    }
    return cases;
  }

  private static String str(int[] a) {
    return java.util.Arrays.toString(a);
  }

  private static double[] gaussian(Random random, int n) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian();
    }
    return x;
  }

  @Test
  void circularBoundBracketsTheExactNormOfRandomConvolutions() {
    List<Double> excess = new ArrayList<>();
    for (Case c : cases(150, 20261125L)) {
      double exact = RandomMatrices.sigmaMax(c.operator().materialize());
      SpectralBracket bracket = OperatorNorms.bracket(c.operator(), BOUND_ONLY);
      assertThat(bracket.lower())
          .as("lower ≤ exact for %s: %s, exact %s", c.description(), bracket, exact)
          .isLessThanOrEqualTo(exact * (1 + RandomMatrices.ORACLE_SLACK));
      assertThat(bracket.upper())
          .as("upper ≥ exact for %s: %s, exact %s", c.description(), bracket, exact)
          .isGreaterThanOrEqualTo(exact * (1 - RandomMatrices.ORACLE_SLACK));
      if (exact > 0) {
        excess.add(bracket.upper() / exact - 1);
      }
    }
    Collections.sort(excess);
    System.out.printf(
        "circular bound, upper/exact − 1 over %d random convolutions: min %.3g, median %.3g,"
            + " 90%% %.3g, max %.3g%n",
        excess.size(),
        excess.get(0),
        excess.get(excess.size() / 2),
        excess.get(excess.size() * 9 / 10),
        excess.get(excess.size() - 1));
  }

  @Test
  void materializedBracketIsTightOnSmallConvolutions() {
    for (Case c : cases(40, 77L)) {
      double exact = RandomMatrices.sigmaMax(c.operator().materialize());
      SpectralBracket bracket =
          OperatorNorms.bracket(
              c.operator(),
              SpectralOptions.defaults().withMaterializeMaxDimension(4096).withTolerance(1e-9));
      assertThat(bracket.lower())
          .as("lower ≤ exact for %s", c.description())
          .isLessThanOrEqualTo(exact * (1 + RandomMatrices.ORACLE_SLACK));
      assertThat(bracket.upper())
          .as("upper ≥ exact for %s", c.description())
          .isGreaterThanOrEqualTo(exact * (1 - RandomMatrices.ORACLE_SLACK));
      assertThat(bracket.method()).startsWith("materialized");
      assertThat(bracket.upper() / exact - 1)
          .as("tight for %s", c.description())
          .isLessThanOrEqualTo(1e-6);
    }
  }

  /**
   * A convolution mapping a 32-channel 8×8 map (2048 inputs) to 4 values is materialised although
   * its input side exceeds {@code materializeMaxDimension}: its Gram matrix is 4×4. The bracket is
   * then exact to the tolerance and contains the SVD's norm.
   */
  @Test
  void wideConvolutionIsMaterialisedAndBracketedExactly() {
    Random random = new Random(2048);
    ConvolutionGeometry geometry =
        ConvolutionGeometry.of2d(
            32,
            4,
            1,
            new int[] {8, 8},
            new int[] {8, 8},
            new int[] {1, 1},
            new int[] {1, 1},
            new int[] {0, 0, 0, 0});
    Convolution conv = new Convolution(geometry, gaussian(random, geometry.kernelSize()));
    double exact = RandomMatrices.sigmaMax(conv.materialize());
    SpectralBracket bracket = OperatorNorms.bracket(conv, SpectralOptions.defaults());
    assertThat(bracket.method()).as("method for 2048 → 4").startsWith("materialized");
    assertThat(bracket.lower())
        .as("lower ≤ exact")
        .isLessThanOrEqualTo(exact * (1 + RandomMatrices.ORACLE_SLACK));
    assertThat(bracket.upper())
        .as("upper ≥ exact")
        .isGreaterThanOrEqualTo(exact * (1 - RandomMatrices.ORACLE_SLACK));
    assertThat(bracket.upper() / bracket.lower() - 1).as("bracket width").isLessThan(1e-5);
  }
}

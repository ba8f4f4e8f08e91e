package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;

/**
 * {@link SectionBound} against the exact norm of the zero-padded convolution (materialised, EJML's
 * SVD): never below it, on random strided, dilated, grouped, padded 2-D and 1-D convolutions; no
 * looser than the plain-grid 2-D circular embedding it refines beyond the level's slack; and, for
 * 1-D convolutions, where the exact axis is the only one, equal to the norm up to the slack.
 */
class SectionBoundTest {

  private static final double TOLERANCE = 1e-6;

  @Test
  void boundsTheExactNormOfRandomConvolutions() {
    Random random = new Random(2026_12_07L);
    List<Double> section = new ArrayList<>();
    List<Double> circular = new ArrayList<>();
    int oneD = 0;
    while (section.size() < 80) {
      boolean line = random.nextInt(4) == 0;
      Convolution conv =
          line ? random1d(random) : SectionOperatorTest.randomConvolution(random, 0, false);
      if (conv == null) {
        continue;
      }
      ConvolutionGeometry g = conv.geometry();
      double exact = RandomMatrices.sigmaMax(conv.materialize());
      CircularEmbeddingBound.SurveyedGrid surveyed =
          CircularEmbeddingBound.survey(conv, Deadline.NONE);
      Optional<SectionBound.Result> result =
          SectionBound.upperBound(conv, surveyed, TOLERANCE, 1, Deadline.NONE);
      double plain = CircularEmbeddingBound.upperBound(conv, false, false).upper();
      if (exact == 0 || result.isEmpty()) {
        continue;
      }
      double upper = result.get().upper();
      assertThat(upper)
          .as("section bound ≥ exact norm for %s", g)
          .isGreaterThanOrEqualTo(exact * (1 - RandomMatrices.ORACLE_SLACK));
      assertThat(upper)
          .as("section bound no looser than the plain circular embedding it refines for %s", g)
          .isLessThanOrEqualTo(plain * (1 + 4 * TOLERANCE));
      if (line) {
        oneD++;
        assertThat(upper / exact - 1)
            .as("exact along the only axis of the 1-D convolution %s", g)
            .isLessThan(1e-5);
      }
      section.add(upper / exact - 1);
      circular.add(plain / exact - 1);
    }
    Collections.sort(section);
    Collections.sort(circular);
    System.out.printf(
        "section bound, upper/exact − 1 over %d random convolutions (%d 1-D): median %.3g, 90%% %.3g,"
            + " max %.3g; circular embedding: median %.3g, 90%% %.3g, max %.3g%n",
        section.size(),
        oneD,
        section.get(section.size() / 2),
        section.get(section.size() * 9 / 10),
        section.get(section.size() - 1),
        circular.get(circular.size() / 2),
        circular.get(circular.size() * 9 / 10),
        circular.get(circular.size() - 1));
    assertThat(oneD).as("1-D convolutions drawn").isPositive();
    assertThat(section.get(section.size() / 2))
        .as("median excess of the section bound below the circular embedding's")
        .isLessThan(circular.get(circular.size() / 2));
  }

  /**
   * An 8-channel 3×3 layer on 12×12 with zero padding 1: the section bound removes a good part of
   * the circular embedding's excess.
   */
  @Test
  void tightensAZeroPaddedLayerWellBelowTheCircularEmbedding() {
    Random random = new Random(32);
    int c = 8;
    ConvolutionGeometry g =
        ConvolutionGeometry.of2d(
            c,
            c,
            1,
            new int[] {12, 12},
            new int[] {3, 3},
            new int[] {1, 1},
            new int[] {1, 1},
            new int[] {1, 1, 1, 1});
    double[] kernel = SectionOperatorTest.gaussian(random, g.kernelSize());
    Convolution conv = new Convolution(g, kernel);
    double exact = RandomMatrices.sigmaMax(conv.materialize());
    double plain = CircularEmbeddingBound.upperBound(conv, 1e-10).upper();
    SectionBound.Result result =
        SectionBound.upperBound(
                conv,
                CircularEmbeddingBound.survey(conv, Deadline.NONE),
                TOLERANCE,
                1,
                Deadline.NONE)
            .orElseThrow();
    System.out.printf(
        "8-channel 3×3 on 12×12: section %.3g, circular %.3g above the exact norm%n",
        result.upper() / exact - 1, plain / exact - 1);
    assertThat(result.upper()).as("sound").isGreaterThanOrEqualTo(exact * (1 - 1e-13));
    assertThat(result.upper() / exact - 1)
        .as("section excess at most three quarters of the circular embedding's")
        .isLessThan((plain / exact - 1) * 0.75);
  }

  /**
   * Scaling the kernel by {@code 2^±600} scales the bound by the same power of two (every step
   * scales exactly or works on a scaled copy), so it stays sound far from the unit scale; a group
   * whose kernel is zero contributes nothing.
   */
  @Test
  void isSoundAtExtremeScalesAndWithAZeroGroup() {
    Random random = new Random(600);
    ConvolutionGeometry g =
        ConvolutionGeometry.of2d(
            4,
            4,
            2,
            new int[] {8, 9},
            new int[] {3, 3},
            new int[] {1, 1},
            new int[] {1, 1},
            new int[] {1, 1, 1, 1});
    double[] kernel = SectionOperatorTest.gaussian(random, g.kernelSize());
    double exact = RandomMatrices.sigmaMax(new Convolution(g, kernel).materialize());
    double unit = sectionBound(new Convolution(g, kernel));
    assertThat(unit).as("sound at unit scale").isGreaterThanOrEqualTo(exact * (1 - 1e-13));
    for (int exponent : new int[] {-600, 600}) {
      double[] scaled = kernel.clone();
      for (int i = 0; i < scaled.length; i++) {
        scaled[i] = Math.scalb(scaled[i], exponent);
      }
      double bound = sectionBound(new Convolution(g, scaled));
      assertThat(bound)
          .as("sound at scale 2^%d", exponent)
          .isGreaterThanOrEqualTo(Math.scalb(exact, exponent) * (1 - 1e-13));
      assertThat(bound)
          .as("scales with the kernel at 2^%d", exponent)
          .isLessThanOrEqualTo(Math.scalb(unit, exponent) * (1 + 1e-9));
    }
    double[] oneGroup = kernel.clone();
    java.util.Arrays.fill(oneGroup, oneGroup.length / 2, oneGroup.length, 0);
    Convolution half = new Convolution(g, oneGroup);
    double halfExact = RandomMatrices.sigmaMax(half.materialize());
    double halfBound = sectionBound(half);
    assertThat(halfBound)
        .as("sound with a zero group")
        .isGreaterThanOrEqualTo(halfExact * (1 - 1e-13))
        .isLessThan(halfExact * 1.05);
    Convolution zero = new Convolution(g, new double[g.kernelSize()]);
    assertThat(
            SectionBound.upperBound(
                zero,
                CircularEmbeddingBound.survey(zero, Deadline.NONE),
                TOLERANCE,
                1,
                Deadline.NONE))
        .as("no bound without a dominant block")
        .isEmpty();
  }

  private static double sectionBound(Convolution conv) {
    return SectionBound.upperBound(
            conv, CircularEmbeddingBound.survey(conv, Deadline.NONE), TOLERANCE, 1, Deadline.NONE)
        .orElseThrow()
        .upper();
  }

  private static Convolution random1d(Random random) {
    int groups = 1 + random.nextInt(3);
    int cin = groups * (1 + random.nextInt(5));
    int cout = groups * (1 + random.nextInt(5));
    int[] kernels = {1, 2, 3, 5};
    try {
      ConvolutionGeometry g =
          ConvolutionGeometry.of1d(
              cin,
              cout,
              groups,
              2 + random.nextInt(30),
              kernels[random.nextInt(4)],
              1 + random.nextInt(3),
              1 + random.nextInt(2),
              random.nextInt(3),
              random.nextInt(3));
      return new Convolution(g, SectionOperatorTest.gaussian(random, g.kernelSize()));
    } catch (InvalidModelException e) {
      return null;
    }
  }
}

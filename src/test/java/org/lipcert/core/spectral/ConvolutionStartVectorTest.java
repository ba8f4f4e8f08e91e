package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.numeric.VectorNorms;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;

/**
 * The windowed peak mode is a good start for the witness search of a zero-padded convolution, and
 * Lanczos below a known ceiling stops once it stagnates, with a witness that is still a lower
 * bound. Oracle: EJML's SVD of the materialised operator.
 */
class ConvolutionStartVectorTest {

  @Test
  void peakModeStartsCloseToTheDominantSingularValue() {
    Random random = new Random(5);
    for (int trial = 0; trial < 10; trial++) {
      int c = 4 + random.nextInt(5);
      int n = 10 + random.nextInt(5);
      int s = 1 + random.nextInt(2);
      Convolution conv = randomConvolution(random, c, n, s);
      double exact = RandomMatrices.sigmaMax(conv.materialize());
      CircularEmbeddingBound.Result bound = CircularEmbeddingBound.upperBound(conv, 1e-10);
      double[] start = ConvolutionStartVector.of(conv, bound, trial);
      assertThat(start).as("a start vector for %s", conv.geometry()).isNotNull();
      double[] image = new double[conv.outputSize()];
      conv.apply(start, image);
      double quotient = VectorNorms.norm2(image) / VectorNorms.norm2(start);
      double[] noise = PowerIteration.randomUnitVector(conv.inputSize(), trial);
      conv.apply(noise, image);
      double randomQuotient = VectorNorms.norm2(image);
      assertThat(quotient)
          .as(
              "start quotient for %s (random start: %.3f of exact)",
              conv.geometry(), randomQuotient / exact)
          .isGreaterThan(0.9 * exact)
          .isGreaterThan(randomQuotient);
    }
  }

  @Test
  void lanczosBelowACeilingStopsEarlyWithASoundWitness() {
    Random random = new Random(6);
    Convolution conv = randomConvolution(random, 8, 14, 1);
    double exact = RandomMatrices.sigmaMax(conv.materialize());
    CircularEmbeddingBound.Result bound = CircularEmbeddingBound.upperBound(conv, 1e-10);
    double[] start = ConvolutionStartVector.of(conv, bound, 1);
    PowerIteration.Result free =
        new LanczosIteration(conv, 12).run(start, 1e-12, 2000, Deadline.NONE);
    PowerIteration.Result capped =
        new LanczosIteration(conv, 12).run(start, 1e-12, 2000, Deadline.NONE, bound.upper());
    assertThat(capped.iterations())
        .as("products below the ceiling %.6f (exact %.6f)", bound.upper(), exact)
        .isLessThan(free.iterations());
    PowerIteration.Result loose =
        new LanczosIteration(conv, 12).run(start, 1e-12, 2000, Deadline.NONE, 10 * exact);
    assertThat(loose.iterations())
        .as("a ceiling 10× too high leaves the search to its tolerance")
        .isEqualTo(free.iterations());
    double witness = NormWitness.lowerBound(conv, capped.vector());
    assertThat(witness).isLessThanOrEqualTo(exact * (1 + RandomMatrices.ORACLE_SLACK));
    assertThat(bound.upper() / witness - 1)
        .as("bracket width after stopping")
        .isLessThan(2 * (bound.upper() / exact - 1) + 1e-6);
  }

  /**
   * The section bound's start (the product of the two lines' exact profiles, stride 1, or the
   * windowed line mode, stride 2) starts above a random vector and within 10 % of the exact norm,
   * and 24 Lanczos products from it come within 1e-3 (both gaps printed).
   */
  @Test
  void sectionLinesStartCloserThanARandomVector() {
    Random random = new Random(8);
    for (int trial = 0; trial < 6; trial++) {
      int s = 1 + trial % 2;
      Convolution conv =
          randomConvolution(random, 6 + random.nextInt(3), 12 + random.nextInt(3), s);
      double exact = RandomMatrices.sigmaMax(conv.materialize());
      SectionBound.Result section =
          SectionBound.upperBound(
                  conv,
                  CircularEmbeddingBound.survey(conv, Deadline.NONE),
                  1e-6,
                  trial,
                  Deadline.NONE)
              .orElseThrow();
      double[] start = ConvolutionStartVector.of(conv, section, trial);
      assertThat(start).as("a start vector for %s", conv.geometry()).isNotNull();
      double[] noise = PowerIteration.randomUnitVector(conv.inputSize(), trial);
      double fromStart =
          new LanczosIteration(conv, 12).run(start, 1e-14, 24, Deadline.NONE).estimate();
      double fromNoise =
          new LanczosIteration(conv, 12).run(noise, 1e-14, 24, Deadline.NONE).estimate();
      assertThat(NormWitness.lowerBound(conv, start))
          .as("start quotient for %s", conv.geometry())
          .isGreaterThan(NormWitness.lowerBound(conv, noise));
      assertThat(NormWitness.lowerBound(conv, start))
          .as("start quotient within 10%% of the exact norm for %s", conv.geometry())
          .isGreaterThan(0.9 * exact);
      assertThat(exact - fromStart)
          .as("gap after 24 products from the section start for %s", conv.geometry())
          .isLessThan(1e-3 * exact);
      System.out.printf(
          "%s: gap after 24 products from the section start %.3g, from a random vector %.3g%n",
          conv.geometry(), (exact - fromStart) / exact, (exact - fromNoise) / exact);
    }
  }

  private static Convolution randomConvolution(Random random, int c, int n, int s) {
    ConvolutionGeometry geometry =
        ConvolutionGeometry.of2d(
            c,
            c,
            1,
            new int[] {n, n},
            new int[] {3, 3},
            new int[] {s, s},
            new int[] {1, 1},
            new int[] {1, 1, 1, 1});
    double[] kernel = new double[geometry.kernelSize()];
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = random.nextGaussian();
    }
    return new Convolution(geometry, kernel);
  }
}

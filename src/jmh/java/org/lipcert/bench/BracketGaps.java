package org.lipcert.bench;

import org.lipcert.core.spectral.SpectralBracket;

/**
 * Prints the width {@code upper/lower − 1} of the brackets that {@link DenseBenchmark} and {@link
 * ConvolutionBenchmark} time, on the same operators, so that the report can say whether the timed
 * bracket is also as tight as issue 8 and issue 3 ask.
 */
public final class BracketGaps {

  private BracketGaps() {}

  /**
   * Prints one line per operator: {@code gap <name> <upper/lower − 1> <method>}.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    DenseBenchmark dense = new DenseBenchmark();
    dense.n = 1024;
    dense.shape = "square";
    dense.storage = "float64";
    dense.setUp();
    print("dense 1024x1024", dense.certifiedBracket());
    for (String layer : new String[] {"64x64x3x3@32x32", "256x256x3x3@14x14"}) {
      for (double tolerance : new double[] {1e-6, 1e-3}) {
        ConvolutionBenchmark conv = new ConvolutionBenchmark();
        conv.layer = layer;
        conv.tolerance = tolerance;
        conv.setUp();
        print("conv " + layer + " tolerance " + tolerance, conv.bracket());
      }
    }
  }

  private static void print(String name, SpectralBracket bracket) {
    System.out.printf(
        "gap %s %.3e %s%n",
        name.replace(' ', '_'), bracket.upper() / bracket.lower() - 1, bracket.method());
  }
}

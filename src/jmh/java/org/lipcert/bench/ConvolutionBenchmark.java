package org.lipcert.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.spectral.OperatorNorms;
import org.lipcert.core.spectral.SpectralBracket;
import org.lipcert.core.spectral.SpectralOptions;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The bracket of a 3×3 convolution with zero padding 1, stride 1 and Gaussian weights (scaled by
 * {@code 1/√(9·C_in)}), as a certification computes it with the default options: {@code 64×64} on a
 * 32×32 input and {@code 256×256} on 14×14, at two requested tolerances. Two single-shot warm-up
 * calls precede the three measured ones, as in a service that has answered a few requests.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ConvolutionBenchmark {

  @Param({"64x64x3x3@32x32", "256x256x3x3@14x14"})
  public String layer;

  /**
   * The requested relative width: the default {@code 1e-6}, which a zero-padded layer cannot reach
   * (the witness search runs until it stagnates below the certificate), or {@code 1e-3}, which
   * stops the search as soon as the bracket is that narrow.
   */
  @Param({"1e-6", "1e-3"})
  public double tolerance;

  private Convolution convolution;
  private SpectralOptions options;

  @Setup(Level.Trial)
  public void setUp() {
    int channels = layer.startsWith("64") ? 64 : 256;
    int size = layer.endsWith("32x32") ? 32 : 14;
    Random random = new Random(channels);
    double[] kernel = new double[channels * channels * 9];
    double scale = 1 / Math.sqrt(9.0 * channels);
    for (int i = 0; i < kernel.length; i++) {
      kernel[i] = random.nextGaussian() * scale;
    }
    convolution =
        new Convolution(
            ConvolutionGeometry.of2d(
                channels,
                channels,
                1,
                new int[] {size, size},
                new int[] {3, 3},
                new int[] {1, 1},
                new int[] {1, 1},
                new int[] {1, 1, 1, 1}),
            kernel);
    options = SpectralOptions.defaults().withTolerance(tolerance);
  }

  /** The certified bracket with the default options. */
  @Benchmark
  public SpectralBracket bracket() {
    return OperatorNorms.bracket(convolution, options);
  }
}

package org.lipcert.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.spectral.DenseSpectralNorm;
import org.lipcert.core.spectral.PowerIteration;
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
 * Dense layers with standard normal entries (rounded to float32 for both storages, so that both
 * hold the same matrix), stored in float64 or float32: power iteration on {@code WᵀW} to relative
 * tolerance 10⁻⁶, and the certified bracket ({@code upper/lower − 1 ≤ 10⁻⁶}) that a certification
 * computes for one layer. {@code m×n} shapes have {@code m = n/2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx8g")
public class DenseBenchmark {

  @Param({"256", "1024", "2048", "4096"})
  public int n;

  @Param({"square", "wide"})
  public String shape;

  @Param({"float64", "float32"})
  public String storage;

  private DenseMatrix weights;
  private double[] start;
  private SpectralOptions options;

  @Setup(Level.Trial)
  public void setUp() {
    int rows = shape.equals("square") ? n : n / 2;
    Random random = new Random(n);
    float[] data = new float[rows * n];
    for (int i = 0; i < data.length; i++) {
      data[i] = (float) random.nextGaussian();
    }
    if (storage.equals("float32")) {
      weights = DenseMatrix.ofFloat32(rows, n, data);
    } else {
      double[] widened = new double[data.length];
      for (int i = 0; i < data.length; i++) {
        widened[i] = data[i];
      }
      weights = DenseMatrix.of(rows, n, widened);
    }
    start = PowerIteration.randomUnitVector(n, 1);
    options = SpectralOptions.defaults().withTolerance(1e-6);
  }

  /**
   * Power iteration to relative tolerance 10⁻⁶ (at most 2000 products). A shot takes well under a
   * second for n ≤ 2048, so this one takes more shots than the class default: three to warm up, ten
   * to measure.
   */
  @Benchmark
  @Warmup(iterations = 3)
  @Measurement(iterations = 10)
  public PowerIteration.Result powerIteration() {
    return new PowerIteration(weights).run(start, 1e-6, 2000);
  }

  /** The certified bracket of one dense layer with the default options. */
  @Benchmark
  public SpectralBracket certifiedBracket() {
    return DenseSpectralNorm.bracket(weights, options);
  }
}

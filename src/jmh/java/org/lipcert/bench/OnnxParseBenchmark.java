package org.lipcert.bench;

import java.util.concurrent.TimeUnit;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.io.onnx.OnnxModelReader;
import org.lipcert.io.onnx.OnnxReadLimits;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a 100 MB float32 ONNX model (two 3535×3535 Gemm weights in {@code raw_data}, written by
 * {@link LargeOnnxModel}) into a certifiable graph: protobuf parsing, tensor decoding, translation.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
public class OnnxParseBenchmark {

  private byte[] model;
  private OnnxModelReader reader;

  @Setup(Level.Trial)
  public void setUp() {
    model = LargeOnnxModel.write(100);
    reader = new OnnxModelReader(OnnxReadLimits.defaults().withMaxModelBytes(200L << 20));
  }

  /** Parses and translates the 100 MB model. */
  @Benchmark
  public LoadedModel parse100MegabyteModel() {
    return reader.read(model);
  }
}

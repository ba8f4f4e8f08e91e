package org.lipcert.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.io.ModelLoader;
import org.lipcert.io.json.JsonReadLimits;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole-model certification in-process with the default options (every network bound, 24 witness
 * samples) on as many threads as processors: parsing the file's bytes, every layer's bracket, the
 * network bounds and the witness search. The models are read from {@code ../shared/models} ({@code
 * -Dlipcert.models=DIR} to change); a missing file fails the trial with a message.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = "-Xmx4g")
public class ModelBenchmark {

  @Param({"acasxu_1_1.onnx", "resnet_2b.onnx", "cgan_32x32_1ch.onnx"})
  public String model;

  private byte[] bytes;
  private ExecutorService pool;
  private ModelLoader loader;

  @Setup(Level.Trial)
  public void setUp() throws IOException {
    Path file = Path.of(System.getProperty("lipcert.models", "../shared/models")).resolve(model);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException(file + " is absent: the shared models are needed");
    }
    bytes = Files.readAllBytes(file);
    pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
    loader = new ModelLoader(JsonReadLimits.defaults());
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    pool.shutdownNow();
  }

  /** Reads and certifies the model. */
  @Benchmark
  public Certificate certify() {
    LoadedModel loaded = loader.load(bytes);
    return new Certifier(pool).certify(loaded, CertificationOptions.defaults());
  }
}

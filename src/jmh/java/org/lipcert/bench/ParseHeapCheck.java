package org.lipcert.bench;

import org.lipcert.io.onnx.OnnxModelReader;
import org.lipcert.io.onnx.OnnxReadLimits;

/**
 * Reads a 100 MB float32 ONNX model in the heap this JVM was given ({@code scripts/bench.sh} runs
 * it with {@code -Xmx300m}) and prints {@code PASS} or the error: issue 8 asks that parsing such a
 * model needs at most 300 MB of heap. The model is generated in memory, so its 100 MB count against
 * the heap as an upload would.
 */
public final class ParseHeapCheck {

  private ParseHeapCheck() {}

  /**
   * Runs the check.
   *
   * @param args ignored
   */
  public static void main(String[] args) {
    long max = Runtime.getRuntime().maxMemory() >> 20;
    try {
      byte[] model = LargeOnnxModel.write(100);
      new OnnxModelReader(OnnxReadLimits.defaults().withMaxModelBytes(200L << 20)).read(model);
      System.out.println(
          "PASS: a " + (model.length >> 20) + " MiB model read with -Xmx" + max + "m");
    } catch (OutOfMemoryError e) {
      System.out.println("FAIL: OutOfMemoryError reading a 100 MB model with -Xmx" + max + "m");
      System.exit(1);
    }
  }
}

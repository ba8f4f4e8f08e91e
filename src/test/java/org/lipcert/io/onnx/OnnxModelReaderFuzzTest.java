package org.lipcert.io.onnx;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.lipcert.io.FuzzContract;

/**
 * Fuzzes the ONNX reader — protobuf parsing, tensor decoding and graph translation — on raw bytes.
 * Regression inputs: {@code src/test/resources/org/lipcert/io/onnx/OnnxModelReaderFuzzTestInputs}.
 * The tensor cap is lowered to 2²⁰ elements so that the fuzzer spends its time on logic rather than
 * on allocating legitimately large tensors.
 */
class OnnxModelReaderFuzzTest {

  private static final OnnxModelReader READER =
      new OnnxModelReader(OnnxReadLimits.defaults().withMaxTensorElements(1 << 20));

  @FuzzTest(maxDuration = "5m")
  void readsOrRefuses(byte[] bytes) {
    FuzzContract.check(() -> READER.read(bytes));
  }
}

package org.lipcert.io.json;

import com.code_intelligence.jazzer.junit.FuzzTest;
import org.lipcert.io.FuzzContract;

/**
 * Fuzzes the {@code lipcert/v1} JSON reader on raw bytes. Regression inputs: {@code
 * src/test/resources/org/lipcert/io/json/JsonModelReaderFuzzTestInputs}.
 */
class JsonModelReaderFuzzTest {

  private static final JsonModelReader READER = new JsonModelReader(JsonReadLimits.defaults());

  @FuzzTest(maxDuration = "5m")
  void readsOrRefuses(byte[] bytes) {
    FuzzContract.check(() -> READER.read(bytes));
  }
}

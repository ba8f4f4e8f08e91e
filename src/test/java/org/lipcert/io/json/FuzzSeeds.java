package org.lipcert.io.json;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.lipcert.io.onnx.OnnxSamples;

/**
 * Writes the seed corpus of the fuzz tests: valid, truncated and corrupt models made by {@link
 * OnnxSamples} and a few JSON models. Run once by hand from the project directory (the output is
 * committed):
 *
 * <pre>./mvnw -B -q test-compile
 * java -cp "target/test-classes:target/classes:$(./mvnw -B -q dependency:build-classpath \
 *     -Dmdep.outputFile=/dev/stdout -Dmdep.includeScope=test)" org.lipcert.io.json.FuzzSeeds</pre>
 *
 * or from an IDE; it is not a test.
 */
public final class FuzzSeeds {

  private FuzzSeeds() {}

  /**
   * Writes the seeds under {@code src/test/resources}.
   *
   * @param args ignored
   * @throws IOException if a file cannot be written
   */
  public static void main(String[] args) throws IOException {
    Path resources = Path.of("src", "test", "resources", "org", "lipcert", "io");
    Map<String, byte[]> onnx = new LinkedHashMap<>();
    onnx.put("mlp.onnx", OnnxSamples.mlp());
    onnx.put("conv-any-size.onnx", OnnxSamples.convolutionOfAnyImageSize());
    onnx.put("truncated.onnx", OnnxSamples.truncated());
    onnx.put("inflated-dimensions.onnx", OnnxSamples.inflatedDimensions());
    onnx.put("nested-graphs.onnx", OnnxSamples.nestedGraphAttributes(5));
    onnx.put("empty-graph.onnx", OnnxSamples.emptyGraph());
    onnx.put("external-data.onnx", OnnxSamples.externalData());
    onnx.put("sign.onnx", OnnxSamples.sign());
    onnx.put("product-of-inputs.onnx", OnnxSamples.productOfInputs());
    onnx.put("unknown-operators.onnx", OnnxSamples.unknownOperators());
    onnx.put("layer-normalization.onnx", OnnxSamples.layerNormalization());
    write(resources.resolve("onnx/OnnxModelReaderFuzzTestInputs/readsOrRefuses"), onnx);

    Map<String, byte[]> structured = new LinkedHashMap<>();
    Random random = new Random(2026);
    for (int i = 0; i < 6; i++) {
      byte[] bytes = new byte[64 << i % 3];
      random.nextBytes(bytes);
      structured.put("random-" + i, bytes);
    }
    write(resources.resolve("onnx/GraphTranslatorFuzzTestInputs/translatesOrRefuses"), structured);

    Map<String, byte[]> json = new LinkedHashMap<>();
    json.put(
        "mlp.json",
        utf8(
            "{\"format\": \"lipcert/v1\", \"name\": \"seed\", \"layers\": [{\"type\": \"dense\","
                + " \"weights\": [[1, 2], [3, 4]], \"bias\": [0, 1]}, {\"type\": \"relu\"},"
                + " {\"type\": \"dense\", \"weights\": [[0.5, -1]]}]}"));
    json.put("cnn.json", utf8(JsonConvolutionalModelTest.cnn()));
    json.put("truncated.json", utf8("{\"format\": \"lipcert/v1\", \"layers\": [{\"type\": \"de"));
    json.put(
        "nan.json",
        utf8("{\"format\":\"lipcert/v1\",\"layers\":[{\"type\":\"dense\",\"weights\":[[NaN]]}]}"));
    json.put("deep.json", utf8("[".repeat(100) + "]".repeat(100)));
    json.put(
        "ragged.json",
        utf8(
            "{\"format\":\"lipcert/v1\",\"layers\":[{\"type\":\"dense\",\"weights\":[[1,2],[3]]}]}"));
    write(resources.resolve("json/JsonModelReaderFuzzTestInputs/readsOrRefuses"), json);
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void write(Path dir, Map<String, byte[]> files) throws IOException {
    Files.createDirectories(dir);
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      Files.write(dir.resolve(file.getKey()), file.getValue());
    }
  }
}

package org.lipcert.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Model documents for the CLI tests, written into a test's temporary directory. */
final class TestModels {

  /** The example of {@code openapi/examples/tiny-mlp.json}: 4 → 3 → ReLU → 1. */
  static final String TINY_MLP =
      """
      {"format": "lipcert/v1", "name": "tiny-mlp", "input": {"shape": [4]},
       "layers": [
         {"type": "dense", "name": "fc1",
          "weights": [[0.5, -1, 0, 2], [1, 1, 1, 1], [0, 0, 3, 0]], "bias": [0, 0, 0]},
         {"type": "relu"},
         {"type": "dense", "name": "fc2", "weights": [[1, -1, 0.5]]}
       ]}
      """;

  /** A dense layer with a NaN weight at {@code layers[0].weights[1][0]}. */
  static final String NAN_WEIGHT =
      """
      {"format": "lipcert/v1", "name": "nan",
       "layers": [{"type": "dense", "name": "fc1", "weights": [[1, 2], [NaN, 4]]}]}
      """;

  /** Ragged weights: the second row is shorter. */
  static final String RAGGED =
      """
      {"format": "lipcert/v1", "name": "ragged",
       "layers": [{"type": "dense", "name": "fc1", "weights": [[1, 2, 3], [4, 5]]}]}
      """;

  /** A {@code sign} layer, which has no finite Lipschitz constant. */
  static final String SIGN_LAYER =
      """
      {"format": "lipcert/v1", "name": "with-sign",
       "layers": [
         {"type": "dense", "name": "fc1", "weights": [[1, 2], [3, 4]]},
         {"type": "sign", "name": "binarize"}
       ]}
      """;

  /** JSON cut off in the middle of the layer list. */
  static final String TRUNCATED =
      """
      {"format": "lipcert/v1", "name": "cut", "layers": [{"type": "dense", "weights": [[1,
      """;

  private TestModels() {}

  /**
   * Returns a ReLU MLP with standard normal weights from a seeded generator: wide enough that the
   * compositional upper bound (a product of layer norms) is clearly above the witnessed lower
   * bound.
   *
   * @param seed the generator's seed
   * @param widths the layer widths, input first
   */
  static String randomReluMlp(long seed, int... widths) {
    return org.lipcert.testing.JsonModels.randomReluMlp(seed, widths);
  }

  /** Writes {@code content} as UTF-8 to {@code dir/name} and returns the path as a string. */
  static String write(Path dir, String name, String content) {
    return write(dir, name, content.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes {@code content} to {@code dir/name} and returns the path as a string. */
  static String write(Path dir, String name, byte[] content) {
    try {
      Path file = dir.resolve(name);
      Files.write(file, content);
      return file.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}

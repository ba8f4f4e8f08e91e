package org.lipcert.testing;

import java.util.Random;

/** LipCert JSON ({@code lipcert/v1}) models built in code for tests of every adapter. */
public final class JsonModels {

  private JsonModels() {}

  /**
   * Returns a dense ReLU network with standard normal weights and biases: widths {@code [n₀, n₁, …,
   * n_L]}, layers {@code fc1 … fcL}, a ReLU between consecutive layers.
   *
   * @param seed the generator's seed
   * @param widths the layer widths, input first
   * @return the model as JSON text
   */
  public static String randomReluMlp(long seed, int... widths) {
    Random random = new Random(seed);
    StringBuilder json = new StringBuilder();
    json.append("{\"format\": \"lipcert/v1\", \"name\": \"random-mlp\", \"layers\": [");
    for (int l = 1; l < widths.length; l++) {
      if (l > 1) {
        json.append(", {\"type\": \"relu\"}, ");
      }
      json.append("{\"type\": \"dense\", \"name\": \"fc").append(l).append("\", \"weights\": [");
      for (int r = 0; r < widths[l]; r++) {
        json.append(r == 0 ? "[" : ", [");
        for (int c = 0; c < widths[l - 1]; c++) {
          json.append(c == 0 ? "" : ", ").append(random.nextGaussian());
        }
        json.append(']');
      }
      json.append("], \"bias\": [");
      for (int r = 0; r < widths[l]; r++) {
        json.append(r == 0 ? "" : ", ").append(random.nextGaussian());
      }
      json.append("]}");
    }
    return json.append("]}").toString();
  }
}

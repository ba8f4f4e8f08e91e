package org.lipcert.io.json;

/**
 * A rectangular nested JSON array of numbers, packed row-major.
 *
 * @param path the JSON path where it was read, for error messages
 * @param shape its dimensions, outermost first (empty for a lone number)
 * @param data its entries, row-major
 */
record NumericArray(String path, int[] shape, double[] data) {

  int rank() {
    return shape.length;
  }
}

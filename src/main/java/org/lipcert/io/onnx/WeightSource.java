package org.lipcert.io.onnx;

/**
 * Where a layer's weights are stored in the ONNX file: one initializer whose values, times a
 * multiplier, are the layer's weights element for element (up to a transposition), so that changing
 * the initializer changes the layer.
 *
 * @param initializer the initializer's name
 * @param multiplier {@code m} with weights {@code = m·stored} (a Gemm's {@code alpha}); NaN when
 *     the stored values are not the weights themselves (a BatchNormalization's {@code scale},
 *     divided per channel by {@code sqrt(var + ε)}), which can then only be rescaled
 */
record WeightSource(String initializer, double multiplier) {

  /** Returns whether clipping the stored values clips the layer's weights. */
  boolean clippable() {
    return !Double.isNaN(multiplier);
  }
}

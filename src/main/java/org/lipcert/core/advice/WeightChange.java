package org.lipcert.core.advice;

import java.util.function.DoubleUnaryOperator;

/** A change to one layer's weights that a projected model applies. */
public sealed interface WeightChange extends DoubleUnaryOperator {

  /**
   * Spectral normalisation by a factor: {@code w ← s·w}, so {@code ‖A‖ ← s‖A‖}.
   *
   * @param factor {@code s} in {@code [0, 1]}
   */
  record Scale(double factor) implements WeightChange {
    @Override
    public double applyAsDouble(double w) {
      return factor * w;
    }

    @Override
    public WeightChange forStored(double multiplier) {
      return this;
    }
  }

  /**
   * Element-wise clipping: {@code w ← clamp(w, −c, c)}.
   *
   * @param threshold {@code c ≥ 0}
   */
  record Clip(double threshold) implements WeightChange {
    @Override
    public double applyAsDouble(double w) {
      return Math.max(-threshold, Math.min(threshold, w));
    }

    /** Returns the clip at {@code c/|m|}: {@code clamp(m·v, −c, c) = m·clamp(v, −c/|m|, c/|m|)}. */
    @Override
    public WeightChange forStored(double multiplier) {
      return multiplier == 1 ? this : new Clip(threshold / Math.abs(multiplier));
    }
  }

  /**
   * Returns the change to apply to stored values {@code v} when the layer's weights are {@code w =
   * m·v} (an ONNX {@code Gemm}'s {@code alpha·B}).
   *
   * @param multiplier {@code m ≠ 0}
   * @return the change of the stored values
   */
  WeightChange forStored(double multiplier);

  /** Returns the stronger of two changes of one shared tensor: the smaller factor or threshold. */
  static WeightChange stronger(WeightChange a, WeightChange b) {
    if (a instanceof Scale sa && b instanceof Scale sb) {
      return sa.factor() <= sb.factor() ? sa : sb;
    }
    if (a instanceof Clip ca && b instanceof Clip cb) {
      return ca.threshold() <= cb.threshold() ? ca : cb;
    }
    throw new IllegalArgumentException(
        "a tensor cannot be both scaled and clipped: " + a + ", " + b);
  }
}

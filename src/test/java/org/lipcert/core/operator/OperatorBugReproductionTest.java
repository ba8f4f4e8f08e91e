package org.lipcert.core.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;

/**
 * Reproductions of defects found by the core tests, kept disabled until the main code is fixed.
 * Each test states the exact input, the oracle and the observed numbers.
 */
class OperatorBugReproductionTest {

  /**
   * {@link PoolingGeometry}'s constructor documents "@throws InvalidModelException if … a padding
   * negative or at least the kernel", but only negative padding is checked. With {@code pad_top =
   * pad_left = 2} and a 2×2 kernel on a 4×4 input the geometry is accepted with a 5×5 output whose
   * first row and column of windows lie entirely in the padding; {@link AveragePool} then silently
   * outputs 0 there (with and without {@code count_include_pad}), where PyTorch refuses padding
   * above half the kernel.
   */
  @Test
  void poolingGeometryRejectsPaddingAsWideAsTheKernel() {
    assertThatThrownBy(() -> new PoolingGeometry(1, 4, 4, 2, 2, 1, 1, 1, 1, 2, 2, 0, 0, false))
        .as("padding 2 with a 2×2 kernel")
        .isInstanceOf(InvalidModelException.class);
    assertThatThrownBy(() -> new PoolingGeometry(1, 4, 4, 3, 3, 1, 1, 1, 1, 0, 0, 3, 3, false))
        .as("end padding 3 with a 3×3 kernel")
        .isInstanceOf(InvalidModelException.class);
  }

  /**
   * {@link ScaledSelection}'s closed-form norm squares the factors without scaling: for {@code |c|
   * > 1.3·10¹⁵⁴} the square overflows and the certified upper bound is {@code +∞}; for {@code |c| <
   * 1.5·10⁻¹⁵⁴} it is subnormal and the bracket loses its tightness (factor {@code 10⁻¹⁶⁰}: upper
   * {@code 1.0005·10⁻¹⁶⁰}; factor {@code 10⁻²⁰⁰}: upper {@code 3.1·10⁻¹⁶²} and lower 0). Sound, but
   * the "exact" bracket of a Mul by a constant is useless where {@code DenseSpectralNorm} is exact
   * (it scales by a power of two; see {@code DenseSpectralNormExtremeScalesTest}). Oracle: {@code
   * ‖A‖ = |c|} exactly for {@code y = c·x}.
   */
  @Test
  void selectionNormIsTightAtExtremeScales() {
    for (double c : new double[] {1e-200, 1e-160, 1e160, 1e200}) {
      ScaledSelection op =
          ScaledSelection.broadcastMultiply(
              new int[] {3}, new int[] {1}, new double[] {c}, "scale");
      assertThat(op.normUpperBound() / c - 1)
          .as("upper/|c| − 1 for c = %s", c)
          .isBetween(0.0, 1e-12);
      assertThat(1 - op.normLowerBound() / c)
          .as("1 − lower/|c| for c = %s", c)
          .isBetween(0.0, 1e-12);
    }
  }
}

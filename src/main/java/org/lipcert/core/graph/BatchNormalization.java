package org.lipcert.core.graph;

import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.operator.ScaledSelection;
import org.lipcert.core.operator.WeightStatistics;

/**
 * Batch normalisation at inference, {@code y_c = γ_c(x_c − μ_c)/√(σ²_c + ε) + β_c} per channel
 * (ONNX {@code BatchNormalization} with {@code training_mode = 0}), as an {@link AffineLayer}: the
 * per-channel scale {@code a_c = γ_c/√(σ²_c + ε)} and bias {@code β_c − a_c μ_c}. Its norm is
 * exactly {@code max_c |a_c|} (DESIGN §1); the computed {@code fl(a_c)} is within {@code 4u} of
 * {@code a_c} (an addition, a square root and a division), which the bracket absorbs. The layer
 * reports {@code 2C} trainable parameters ({@code γ}, {@code β}) and the statistics of {@code γ}.
 */
public final class BatchNormalization {

  /** Relative error of {@code fl(γ/√(σ² + ε))}: three roundings, with margin. */
  static final double SCALE_RELATIVE_ERROR = 4 * RoundingModel.UNIT_ROUNDOFF;

  private BatchNormalization() {}

  /**
   * Returns the layer.
   *
   * @param opType the type shown in reports
   * @param inputShape {@code [C, …]}, channels first
   * @param gamma {@code γ}, one per channel
   * @param beta {@code β}
   * @param mean the running mean {@code μ}
   * @param variance the running variance {@code σ²}
   * @param epsilon {@code ε}
   * @return the affine layer
   * @throws InvalidModelException if the parameters do not match the channels, are not finite, or a
   *     variance plus {@code ε} is not positive
   */
  public static AffineLayer of(
      String opType,
      Shape inputShape,
      double[] gamma,
      double[] beta,
      double[] mean,
      double[] variance,
      double epsilon) {
    int channels = inputShape.dim(0);
    double[][] all = {gamma, beta, mean, variance};
    String[] names = {"scale (gamma)", "bias (beta)", "mean", "variance"};
    for (int k = 0; k < 4; k++) {
      if (all[k].length != channels) {
        throw new InvalidModelException(
            names[k]
                + " has "
                + all[k].length
                + " entries but the"
                + " input has "
                + channels
                + " channels");
      }
      for (int c = 0; c < channels; c++) {
        if (!Double.isFinite(all[k][c])) {
          throw new InvalidModelException(
              names[k] + "[" + c + "] is " + all[k][c] + "; parameters must be finite");
        }
      }
    }
    if (!(epsilon >= 0) || !Double.isFinite(epsilon)) {
      throw new InvalidModelException("epsilon must be a finite non-negative number: " + epsilon);
    }
    int spatial = inputShape.size() / channels;
    double[] scale = new double[channels];
    double[] bias = new double[inputShape.size()];
    double biasErrorSquared = 0;
    for (int c = 0; c < channels; c++) {
      double denominator = variance[c] + epsilon;
      if (!(denominator > 0)) {
        throw new InvalidModelException(
            "variance[" + c + "] + epsilon = " + denominator + " is not positive");
      }
      scale[c] = gamma[c] / Math.sqrt(denominator);
      double b = beta[c] - scale[c] * mean[c];
      java.util.Arrays.fill(bias, c * spatial, (c + 1) * spatial, b);
      // |fl(β − fl(a)μ) − (β − aμ)| ≤ 2u(|β| + |fl(a)μ|) + |fl(a) − a||μ| ≤ 2u|β| + 7u|fl(a)μ|
      double e =
          RoundingModel.UNIT_ROUNDOFF
              * (2 * Math.abs(beta[c]) + 7 * Math.abs(scale[c] * mean[c]))
              * 1.01;
      biasErrorSquared += e * e * spatial;
    }
    int[] dims = inputShape.dims();
    int[] constantDims = new int[dims.length];
    java.util.Arrays.fill(constantDims, 1);
    constantDims[0] = channels;
    ScaledSelection operator =
        ScaledSelection.broadcastMultiply(
            dims, constantDims, scale, "channel-scale", SCALE_RELATIVE_ERROR);
    return new AffineLayer(
            opType, operator, bias, inputShape, 2L * channels, WeightStatistics.of(gamma))
        .withBiasError(
            org.lipcert.core.numeric.UpwardArithmetic.sqrt(biasErrorSquared * 1.01)
                + RoundingModel.underflowAllowance(4L * inputShape.size()));
  }
}

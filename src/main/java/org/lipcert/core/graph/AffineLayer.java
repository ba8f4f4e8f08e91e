package org.lipcert.core.graph;

import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.numeric.VectorNorms;
import org.lipcert.core.operator.LinearOperator;
import org.lipcert.core.operator.ScaledSelection;
import org.lipcert.core.operator.WeightStatistics;
import org.lipcert.core.operator.WeightedOperator;

/**
 * An affine layer {@code y = A x + b}: a linear operator (a dense matrix, a convolution, a batch
 * normalisation's scaling, an average pooling) plus an optional bias. Its Lipschitz constant is
 * {@code ‖A‖}; the bias does not matter.
 */
public final class AffineLayer implements Operation {

  private final String opType;
  private final LinearOperator operator;
  private final double[] bias;
  private final double biasNormUpper;
  private final Shape outputShape;
  private final long parameterCount;
  private final WeightStatistics statistics;
  private double biasError;

  /**
   * Creates the layer.
   *
   * @param opType the type shown in reports, e.g. {@code dense} or {@code Gemm}
   * @param operator the linear part {@code A}
   * @param bias the bias {@code b} of length {@code A.outputSize()}, or {@code null} for none;
   *     copied
   * @param outputShape the shape of {@code y}, or {@code null} for the vector shape {@code [m]}
   * @throws InvalidModelException if the bias has the wrong length or a non-finite entry, or the
   *     output shape does not have {@code m} elements
   */
  public AffineLayer(String opType, LinearOperator operator, double[] bias, Shape outputShape) {
    this(opType, operator, bias, outputShape, -1, null);
  }

  /**
   * Creates a layer whose trainable parameters are not simply the operator's weights and the bias,
   * such as a batch normalisation (its {@code γ} and {@code β}, with the statistics of {@code γ}).
   *
   * @param opType the type shown in reports
   * @param operator the linear part {@code A}
   * @param bias the bias or {@code null}; copied
   * @param outputShape the shape of {@code y}, or {@code null} for {@code [m]}
   * @param parameterCount the number of trainable parameters, or −1 to count the operator's weights
   *     and the bias
   * @param statistics the regularisation statistics to report, or {@code null} to use the
   *     operator's
   */
  public AffineLayer(
      String opType,
      LinearOperator operator,
      double[] bias,
      Shape outputShape,
      long parameterCount,
      WeightStatistics statistics) {
    this.opType = opType;
    this.operator = operator;
    this.outputShape = outputShape == null ? Shape.of(operator.outputSize()) : outputShape;
    if (this.outputShape.size() != operator.outputSize()) {
      throw new InvalidModelException(
          "the output shape "
              + outputShape
              + " does not have the "
              + operator.outputSize()
              + " elements the layer produces");
    }
    if (bias != null) {
      if (bias.length != operator.outputSize()) {
        throw new InvalidModelException(
            "the bias has "
                + bias.length
                + " entries but the layer has "
                + operator.outputSize()
                + " outputs");
      }
      for (int i = 0; i < bias.length; i++) {
        if (!Double.isFinite(bias[i])) {
          throw new InvalidModelException(
              "bias[" + i + "] is " + bias[i] + "; weights must be finite");
        }
      }
      this.bias = bias.clone();
    } else {
      this.bias = null;
    }
    this.biasNormUpper = this.bias == null ? 0 : VectorNorms.norm2Upper(this.bias);
    if (parameterCount >= 0) {
      this.parameterCount = parameterCount;
    } else {
      long weights = operator instanceof WeightedOperator weighted ? weighted.parameterCount() : 0;
      this.parameterCount = weights + (this.bias == null ? 0 : this.bias.length);
    }
    this.statistics =
        statistics != null
            ? statistics
            : operator instanceof WeightedOperator weighted ? weighted.weightStatistics() : null;
  }

  /**
   * Returns a copy whose stored bias differs from the model's exact one by at most {@code error} in
   * norm — a bias folded from other parameters, such as a batch normalisation's {@code β − aμ} — so
   * that {@link #roundingError} covers it.
   *
   * @param error a bound on {@code ‖b_stored − b_exact‖₂}
   * @return the copy
   */
  public AffineLayer withBiasError(double error) {
    AffineLayer copy =
        new AffineLayer(opType, operator, bias, outputShape, parameterCount, statistics);
    copy.biasError = error;
    return copy;
  }

  /**
   * Returns the same layer with another linear part of the same sizes — the layer after a change of
   * its weights — keeping the bias, the output shape and the bias error. The statistics and
   * parameter count are the new operator's when it has weights, otherwise the old ones.
   *
   * @param replacement the new {@code A}
   * @return the copy
   * @throws IllegalArgumentException if the sizes differ
   */
  public AffineLayer withOperator(LinearOperator replacement) {
    if (replacement.inputSize() != operator.inputSize()
        || replacement.outputSize() != operator.outputSize()) {
      throw new IllegalArgumentException("the replacement operator has other sizes");
    }
    boolean weighted = replacement instanceof WeightedOperator;
    AffineLayer copy =
        new AffineLayer(
            opType,
            replacement,
            bias,
            outputShape,
            weighted ? -1 : parameterCount,
            weighted ? null : statistics);
    copy.biasError = biasError;
    return copy;
  }

  /** Returns the linear part {@code A}. */
  public LinearOperator operator() {
    return operator;
  }

  /**
   * Returns the regularisation statistics of the weights, or {@code null} for an operator without
   * trainable weights (a pooling).
   */
  public WeightStatistics weightStatistics() {
    return statistics;
  }

  /** Returns whether the layer has a bias. */
  public boolean hasBias() {
    return bias != null;
  }

  /** Returns the number of parameters: the weights plus the bias entries. */
  public long parameterCount() {
    return parameterCount;
  }

  @Override
  public String opType() {
    return opType;
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(Shape[] inputShapes) {
    if (inputShapes[0].size() != operator.inputSize()) {
      throw new InvalidModelException(
          "expects an input of "
              + operator.inputSize()
              + " elements, but its input has shape "
              + inputShapes[0]
              + " ("
              + inputShapes[0].size()
              + " elements)");
    }
    return outputShape;
  }

  /** Returns NaN: the operator norm is bracketed by the certifier. */
  @Override
  public double lipschitzConstant() {
    return Double.NaN;
  }

  @Override
  public double[] evaluate(double[][] inputs) {
    double[] y = new double[operator.outputSize()];
    operator.apply(inputs[0], y);
    if (bias != null) {
      for (int i = 0; i < y.length; i++) {
        y[i] += bias[i];
      }
    }
    return y;
  }

  @Override
  public double[] jvp(double[][] inputs, double[][] tangents) {
    double[] y = new double[operator.outputSize()];
    operator.apply(tangents[0], y);
    return y;
  }

  @Override
  public double[][] vjp(double[][] inputs, double[] cotangent) {
    double[] x = new double[operator.inputSize()];
    operator.applyAdjoint(cotangent, x);
    return new double[][] {x};
  }

  /**
   * Returns {@code ‖|A|‖·e + γ_{k+1}(‖|A|‖·‖x̂‖ + ‖b‖)} plus underflow: the propagated input error
   * ({@code ‖A‖ ≤ ‖|A|‖}) and the rounding of {@code A x̂ + b}, whose entries are inner products of
   * length {@code k + 1} (Higham 2002, eq. 3.5).
   */
  @Override
  public double roundingError(double[][] inputs, double[] inputErrors, double[] output) {
    double absNorm = operator.absoluteNormUpperBound();
    double propagated = UpwardArithmetic.multiply(absNorm, inputErrors[0]);
    double magnitude =
        UpwardArithmetic.add(
            UpwardArithmetic.multiply(absNorm, VectorNorms.norm2Upper(inputs[0])), biasNormUpper);
    int k = operator.termsPerOutput() + 1;
    double rounding = UpwardArithmetic.multiply(RoundingModel.gamma(k), magnitude);
    // factors stored with a stated relative error (fl(1/c), a folded batch-norm scale) and a
    // folded bias differ from the model's exact ones
    double relative = operator instanceof ScaledSelection s ? s.relativeError() : 0;
    double folding =
        UpwardArithmetic.add(
            UpwardArithmetic.multiply(
                UpwardArithmetic.divide(relative, Math.nextDown(1 - relative)),
                UpwardArithmetic.multiply(absNorm, VectorNorms.norm2Upper(inputs[0]))),
            biasError);
    return UpwardArithmetic.add(
        UpwardArithmetic.add(UpwardArithmetic.add(propagated, rounding), folding),
        RoundingModel.underflowAllowance((long) k * operator.outputSize()));
  }
}

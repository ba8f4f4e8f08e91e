package org.lipcert.io.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One layer's bracket {@code lower ≤ ‖layer‖₂ ≤ upper} on the input shape the network feeds it.
 *
 * @param name the layer's name (JSON {@code name} or {@code layer<i>}; ONNX node name)
 * @param op the layer's type
 * @param inputShape the input shape, without batch dimension
 * @param outputShape the output shape
 * @param lower the witness: {@code ‖Wv‖/‖v‖} evaluated, minus its rounding error
 * @param upper the certified upper bound
 * @param gap {@code upper/lower}, absent when {@code lower} is 0
 * @param method witness and certificate, e.g. {@code svd+cholesky}
 * @param iterations power iterations spent on the witness
 * @param converged whether {@code upper/lower − 1 ≤ tolerance}
 * @param statistics regularisation statistics of the weights
 * @param millis time spent on this layer
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "A layer's certified operator-norm bracket")
public record LayerReport(
    @Schema(example = "fc1") String name,
    @Schema(example = "dense") String op,
    @Schema(example = "[4]") int[] inputShape,
    @Schema(example = "[3]") int[] outputShape,
    @Schema(description = "Witnessed lower bound on the operator norm", example = "3.7")
        double lower,
    @Schema(description = "Certified upper bound on the operator norm", example = "3.7000001")
        double upper,
    @Schema(description = "upper / lower", example = "1.0000001") Double gap,
    @Schema(example = "svd+cholesky") String method,
    @Schema(example = "0") int iterations,
    @Schema(example = "true") boolean converged,
    StatisticsReport statistics,
    @Schema(example = "1") long millis) {}

package org.lipcert.io.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Bounds on the network's Lipschitz constant.
 *
 * @param upperBound the smallest certified upper bound
 * @param upperBoundMethod the method that gave it
 * @param naiveUpperBound the product of per-layer bounds along the graph, for comparison
 * @param lowerBound the certified witness lower bound
 * @param gap {@code upperBound / lowerBound}, absent when the lower bound is 0
 * @param witness how to replay the witness
 * @param bounds every certified upper bound computed, naive first, with its time
 * @param statistics the regularisation statistics of all layers' weights together: sums of the
 *     layers' {@code Σ|w|} and {@code Σw²}, the largest {@code max|w|}, and the fraction of zeros
 *     among all weights (the layers' fractions weighted by their weight counts); all zero when no
 *     layer carries weights
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Bounds on the whole network's Lipschitz constant")
public record NetworkReport(
    @Schema(description = "Certified: no pair of inputs stretches more than this", example = "4.2")
        double upperBound,
    @Schema(
            example = "cp",
            allowableValues = {"naive", "merged", "cp", "sdp"})
        String upperBoundMethod,
    @Schema(example = "4.2") double naiveUpperBound,
    @Schema(
            description = "Witnessed: some evaluated pair of inputs stretches this much",
            example = "3.9")
        double lowerBound,
    @Schema(example = "1.08") Double gap,
    WitnessReport witness,
    java.util.List<BoundReport> bounds,
    @Schema(description = "Regularisation statistics of the weights of all layers together")
        StatisticsReport statistics) {}

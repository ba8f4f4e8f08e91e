package org.lipcert.io.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The options a certificate was computed with.
 *
 * @param norm the norm, {@code 2}
 * @param tolerance the requested relative bracket width per layer
 * @param maxIterations the power-iteration cap per layer
 * @param seed the seed of all random choices
 * @param exactSvdMaxDimension the largest {@code min(m, n)} given a full SVD witness
 * @param materializeMaxDimension the largest input and output size of a structured layer that was
 *     materialised as a matrix; 0 when materialisation was off
 * @param upperBoundMethod how dense layers were certified
 * @param witnessSamples the number of random points of the witness search
 * @param maxLipschitz the gate threshold, if any
 * @param inputShape the input-shape override, if one was given
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Options used; the same model and options reproduce the same numbers")
public record OptionsReport(
    @Schema(example = "2") String norm,
    @Schema(example = "1e-6") double tolerance,
    @Schema(example = "2000") int maxIterations,
    @Schema(example = "0") long seed,
    @Schema(
            example = "256",
            description = "Layers with min(rows, columns) up to this got a full-SVD witness")
        int exactSvdMaxDimension,
    @Schema(
            example = "1024",
            description =
                "Structured layers with input and output sizes up to this were materialised as"
                    + " a matrix; 0: off")
        int materializeMaxDimension,
    @Schema(
            example = "auto",
            allowableValues = {"auto", "cholesky", "gram", "frobenius"})
        String upperBoundMethod,
    @Schema(
            example = "auto",
            description =
                "Which network bounds were computed: auto (all), naive, merged, cp or sdp; the"
                    + " naive one always",
            allowableValues = {"auto", "naive", "merged", "cp", "sdp"})
        String bound,
    @Schema(example = "24") int witnessSamples,
    @Schema(example = "10") Double maxLipschitz,
    @Schema(
            example = "[3, 32, 32]",
            description = "The input shape given to override the model's, without batch axis")
        int[] inputShape,
    @Schema(example = "60000", description = "The time budget in milliseconds, absent for none")
        Long timeBudgetMillis) {

  /**
   * Creates the options of a certification without a time budget.
   *
   * @param norm the norm
   * @param tolerance the bracket tolerance
   * @param maxIterations the iteration cap
   * @param seed the seed
   * @param exactSvdMaxDimension the SVD witness threshold
   * @param materializeMaxDimension the materialisation threshold
   * @param upperBoundMethod the dense certificate
   * @param bound the network bounds
   * @param witnessSamples the witness points
   * @param maxLipschitz the gate threshold or {@code null}
   * @param inputShape the input-shape override or {@code null}
   */
  public OptionsReport(
      String norm,
      double tolerance,
      int maxIterations,
      long seed,
      int exactSvdMaxDimension,
      int materializeMaxDimension,
      String upperBoundMethod,
      String bound,
      int witnessSamples,
      Double maxLipschitz,
      int[] inputShape) {
    this(
        norm,
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        materializeMaxDimension,
        upperBoundMethod,
        bound,
        witnessSamples,
        maxLipschitz,
        inputShape,
        null);
  }
}

package org.lipcert.io.report;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The certified model's identity.
 *
 * @param sha256 SHA-256 of the uploaded bytes
 * @param format the input format
 * @param name the declared name
 * @param parameters the number of weights and biases
 */
@Schema(description = "The certified model")
public record ModelReport(
    @Schema(description = "SHA-256 of the uploaded bytes, hex", example = "9f86d08…") String sha256,
    @Schema(description = "Input format", example = "lipcert/v1") String format,
    @Schema(description = "The model's declared name", example = "tiny-mlp") String name,
    @Schema(description = "Number of trainable parameters (weights and biases)", example = "19")
        long parameters) {}

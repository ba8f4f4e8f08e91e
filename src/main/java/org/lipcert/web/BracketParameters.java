package org.lipcert.web;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The query parameters of {@code POST /api/v1/clipping/implied-bound} that set how the layers kept
 * as uploaded are bracketed, and the ONNX input shape; each as for {@code POST
 * /api/v1/certificates} ({@link CertificationParameters}).
 *
 * @param tolerance the bracket tolerance
 * @param maxIterations the power-iteration cap per layer
 * @param seed the seed
 * @param exactSvdMaxDimension the full-SVD witness threshold
 * @param materializeMaxDimension the materialisation threshold
 * @param upperBoundMethod how dense layers are certified
 * @param inputShape the ONNX input shape
 */
record BracketParameters(
    @Parameter(description = "As for POST /api/v1/certificates. Default 1e-6.") String tolerance,
    @Parameter(description = "As for POST /api/v1/certificates. Default 2000.")
        String maxIterations,
    @Parameter(description = "As for POST /api/v1/certificates. Default 0.") String seed,
    @Parameter(description = "As for POST /api/v1/certificates. Default 256.")
        String exactSvdMaxDimension,
    @Parameter(description = "As for POST /api/v1/certificates. Default 1024.")
        String materializeMaxDimension,
    @Parameter(
            description = "As for POST /api/v1/certificates. Default auto.",
            schema =
                @Schema(
                    type = "string",
                    allowableValues = {"auto", "cholesky", "gram", "frobenius"}))
        String upperBoundMethod,
    @Parameter(
            description = "ONNX models only, as for POST /api/v1/certificates.",
            schema = @Schema(type = "string", example = "3,32,32"))
        String inputShape) {

  /** The parameter names, as documented. */
  static final List<String> NAMES =
      List.of(
          CertificationParameters.TOLERANCE,
          CertificationParameters.MAX_ITERATIONS,
          CertificationParameters.SEED,
          CertificationParameters.EXACT_SVD_MAX_DIMENSION,
          CertificationParameters.MATERIALIZE_MAX_DIMENSION,
          CertificationParameters.UPPER_BOUND_METHOD,
          CertificationParameters.INPUT_SHAPE);

  /** Returns these parameters as certification parameters, the others absent. */
  CertificationParameters toCertificationParameters() {
    return new CertificationParameters(
        null,
        tolerance,
        maxIterations,
        seed,
        exactSvdMaxDimension,
        materializeMaxDimension,
        upperBoundMethod,
        null,
        null,
        null,
        null,
        inputShape,
        null,
        null);
  }
}

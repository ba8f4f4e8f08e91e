package org.lipcert.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.SchemaProperty;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.lipcert.core.advice.BudgetPolicy;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.io.ModelFormat;
import org.lipcert.io.report.CertificateReport;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * {@code POST /api/v1/certificates}: certifies an uploaded model and returns its report.
 *
 * <p>The model comes as the raw body ({@code application/json} for LipCert JSON, {@code
 * application/octet-stream} for any format, ONNX in particular) or as the multipart part {@code
 * model}; either way {@link org.lipcert.io.ModelLoader} tells the format from the content, not from
 * the media type. The body is read from the request by {@link ModelUploadReader}, not bound by
 * Spring, so that its size is checked before and while it is read; springdoc therefore learns about
 * it from the {@code @RequestBody} annotation alone. Errors are thrown and turned into problem
 * documents by {@link ProblemDetailsAdvice}.
 *
 * <p>The query parameter {@code inputShape} overrides an ONNX model's input shape ({@link
 * ModelLoader#load(byte[], int[])}); a LipCert JSON model declares its own, so the parameter is
 * refused for it rather than silently ignored.
 */
@RestController
@RequestMapping(CertificateController.PATH)
@Tag(name = "certificates", description = "Certify a network's Lipschitz constant")
class CertificateController {

  /** The collection of certificates. */
  static final String PATH = "/api/v1/certificates";

  private final ModelUploadReader uploads;
  private final CertificationService service;

  CertificateController(ModelUploadReader uploads, CertificationService service) {
    this.uploads = uploads;
    this.service = service;
  }

  /**
   * Certifies the uploaded model with the options given as query parameters.
   *
   * @param parameters the query parameters, validated before the body is read; unknown ones are
   *     refused
   * @param request the request whose body (or part {@code model}) is the model
   * @return the report, whatever the gate's verdict
   * @throws MissingServletRequestPartException if a multipart request has no part {@code model}
   */
  @PostMapping(
      consumes = {
        MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_OCTET_STREAM_VALUE,
        MediaType.MULTIPART_FORM_DATA_VALUE
      },
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      operationId = "certify",
      summary = "Certify a model",
      description = OpenApiConfiguration.CERTIFY_DESCRIPTION)
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      description =
          "The model, at most lipcert.max-upload-size (64 MB by default): the raw LipCert JSON"
              + " document as application/json; the raw file as application/octet-stream (the"
              + " way to send an ONNX model, e.g. curl --data-binary @model.onnx); or a"
              + " multipart/form-data request whose part `model` holds the file (curl -F"
              + " model=@model.onnx). The format is always detected from the content, never from"
              + " the media type or the file name. ONNX tensors stored as external data are"
              + " refused: export the model as a single file.",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(ref = OpenApiConfiguration.MODEL_SCHEMA_REF)),
        @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
            schema =
                @Schema(
                    type = "string",
                    format = "binary",
                    description =
                        "The model file as is: an ONNX model (a protobuf ModelProto, opsets"
                            + " 7–21, every tensor inside the file), or a LipCert JSON"
                            + " document")),
        @Content(
            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
            schema = @Schema(type = "object", requiredProperties = ModelUploadReader.MODEL_PART),
            schemaProperties =
                @SchemaProperty(
                    name = ModelUploadReader.MODEL_PART,
                    schema =
                        @Schema(
                            type = "string",
                            format = "binary",
                            contentMediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
                            description =
                                "The model file: an ONNX model (.onnx) or a LipCert JSON"
                                    + " document (lipcert/v1)")))
      })
  @ApiResponse(
      responseCode = "200",
      description =
          "The certificate: a bracket per layer, the network's bounds and, when maxLipschitz was"
              + " given, the gate's verdict (PASS, FAIL or FAIL_CERTAIN; still 200).")
  @ApiResponse(responseCode = "400", ref = OpenApiConfiguration.BAD_REQUEST_RESPONSE_REF)
  @ApiResponse(responseCode = "413", ref = OpenApiConfiguration.PAYLOAD_TOO_LARGE_RESPONSE_REF)
  @ApiResponse(responseCode = "415", ref = OpenApiConfiguration.UNSUPPORTED_MEDIA_TYPE_RESPONSE_REF)
  @ApiResponse(responseCode = "422", ref = OpenApiConfiguration.NOT_CERTIFIABLE_RESPONSE_REF)
  @ApiResponse(responseCode = "429", ref = OpenApiConfiguration.BUSY_RESPONSE_REF)
  @ApiResponse(responseCode = "500", ref = OpenApiConfiguration.INTERNAL_ERROR_RESPONSE_REF)
  CertificateReport certify(
      @ParameterObject CertificationParameters parameters, HttpServletRequest request)
      throws MissingServletRequestPartException {
    CertificationParameters.checkNames(
        request.getParameterMap().keySet(), Set.of(ModelUploadReader.MODEL_PART));
    return service.certifyNow(validated(parameters, uploads.read(request)));
  }

  /**
   * Returns the validated request: options, input shape, target and policy parsed (400 {@code
   * invalid-parameter} naming the culprit otherwise).
   */
  static CertificationService.Request validated(CertificationParameters parameters, byte[] upload) {
    CertificationOptions options = parameters.toOptions();
    int[] inputShape = parameters.toInputShape();
    Double target = parameters.toTarget();
    BudgetPolicy policy = parameters.toPolicy();
    checkInputShape(upload, inputShape);
    return new CertificationService.Request(upload, inputShape, options, target, policy);
  }

  /** Refuses {@code inputShape} for a LipCert JSON model, which declares its own. */
  static void checkInputShape(byte[] upload, int[] inputShape) {
    if (inputShape != null && ModelFormat.detect(upload) == ModelFormat.JSON) {
      throw new InvalidParameterException(
          CertificationParameters.INPUT_SHAPE,
          CertificationParameters.INPUT_SHAPE
              + " applies to ONNX models only; a LipCert JSON model declares its own input"
              + " shape (input.shape)");
    }
  }
}

package org.lipcert.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.lipcert.core.advice.Advisor;
import org.lipcert.core.advice.ImpliedBound;
import org.lipcert.core.advice.ProjectionMode;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.io.ModelFormat;
import org.lipcert.io.ModelLoader;
import org.lipcert.io.ModelProjector;
import org.lipcert.io.report.ImpliedBoundReport;
import org.lipcert.io.report.ProjectionReport;
import org.lipcert.io.report.ReportMapper;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/**
 * The advice endpoints: {@code POST /api/v1/projections} returns the uploaded model with weights
 * rescaled or clipped under a target constant ({@link ModelProjector}); {@code POST
 * /api/v1/clipping/implied-bound} returns the bound a clip value implies ({@link ImpliedBound}).
 * Uploads are read like the certificates endpoint's ({@link ModelUploadReader}).
 */
@RestController
@Tag(name = "advice", description = "Bring a network under a target Lipschitz constant")
class AdviceController {

  /** The projections endpoint. */
  static final String PROJECTIONS_PATH = "/api/v1/projections";

  /** The implied-bound endpoint. */
  static final String IMPLIED_BOUND_PATH = "/api/v1/clipping/implied-bound";

  /** Response headers of a projection, with the numbers of its {@link ProjectionReport}. */
  static final String UPPER_BOUND_HEADER = "LipCert-Upper-Bound";

  static final String LOWER_BOUND_HEADER = "LipCert-Lower-Bound";
  static final String ORIGINAL_UPPER_BOUND_HEADER = "LipCert-Original-Upper-Bound";
  static final String TARGET_HEADER = "LipCert-Target";
  static final String CHANGES_HEADER = "LipCert-Changes";

  private static final String MODE = "mode";
  private static final String CLIP = "clip";
  private static final String LAYER_CLIP = "layerClip";

  private final ModelUploadReader uploads;
  private final ModelLoader loader;
  private final ModelProjector projector;
  private final Certifier certifier;
  private final Advisor advisor;
  private final CertificationService service;

  AdviceController(
      ModelUploadReader uploads,
      ModelLoader loader,
      ModelProjector projector,
      Certifier certifier,
      Advisor advisor,
      CertificationService service) {
    this.uploads = uploads;
    this.loader = loader;
    this.projector = projector;
    this.certifier = certifier;
    this.advisor = advisor;
    this.service = service;
  }

  /**
   * Projects the uploaded model under {@code target}.
   *
   * @param parameters the certification parameters, {@code target} required
   * @param mode {@code normalize} (default) or {@code clip}
   * @param request the upload
   * @return the projected model, in the upload's format, with its bounds in the headers
   * @throws MissingServletRequestPartException if a multipart request has no part {@code model}
   */
  @PostMapping(
      path = PROJECTIONS_PATH,
      consumes = {
        MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_OCTET_STREAM_VALUE,
        MediaType.MULTIPART_FORM_DATA_VALUE
      },
      produces = {MediaType.APPLICATION_OCTET_STREAM_VALUE, MediaType.APPLICATION_JSON_VALUE})
  @Operation(
      operationId = "project",
      summary = "Project a model under a target Lipschitz constant",
      description = OpenApiConfiguration.PROJECT_DESCRIPTION)
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      description =
          "The model, as for POST /api/v1/certificates: raw LipCert JSON (application/json),"
              + " the raw file (application/octet-stream, e.g. an ONNX model), or the multipart"
              + " part `model`.",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(ref = OpenApiConfiguration.MODEL_SCHEMA_REF)),
        @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
            schema = @Schema(type = "string", format = "binary"))
      })
  @ApiResponse(
      responseCode = "200",
      description =
          "The projected model: ONNX as application/octet-stream, LipCert JSON as"
              + " application/json. Headers: LipCert-Upper-Bound (its certified upper bound,"
              + " ≤ target), LipCert-Lower-Bound, LipCert-Original-Upper-Bound, LipCert-Target,"
              + " LipCert-Changes (e.g. fc1=scale:0.5,fc2=clip:0.01).",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
            schema = @Schema(type = "string", format = "binary")),
        @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(ref = OpenApiConfiguration.MODEL_SCHEMA_REF))
      })
  @ApiResponse(responseCode = "400", ref = OpenApiConfiguration.BAD_REQUEST_RESPONSE_REF)
  @ApiResponse(responseCode = "413", ref = OpenApiConfiguration.PAYLOAD_TOO_LARGE_RESPONSE_REF)
  @ApiResponse(responseCode = "415", ref = OpenApiConfiguration.UNSUPPORTED_MEDIA_TYPE_RESPONSE_REF)
  @ApiResponse(
      responseCode = "422",
      description = "The model is not certifiable, or no projection reaches the target",
      ref = OpenApiConfiguration.TARGET_UNREACHABLE_RESPONSE_REF)
  @ApiResponse(responseCode = "429", ref = OpenApiConfiguration.BUSY_RESPONSE_REF)
  @ApiResponse(responseCode = "500", ref = OpenApiConfiguration.INTERNAL_ERROR_RESPONSE_REF)
  ResponseEntity<byte[]> project(
      @ParameterObject CertificationParameters parameters,
      @Parameter(
              description =
                  "normalize (W ← s·W per weighted layer) or clip (W ← clamp(W, −c, c); batch"
                      + " normalisations are rescaled). Default normalize.",
              schema =
                  @Schema(
                      type = "string",
                      defaultValue = "normalize",
                      allowableValues = {"normalize", "clip"}))
          @RequestParam(name = MODE, required = false)
          String mode,
      HttpServletRequest request)
      throws MissingServletRequestPartException {
    CertificationParameters.checkNames(
        request.getParameterMap().keySet(),
        Stream.concat(CertificationParameters.NAMES.stream(), Stream.of(MODE)).toList(),
        Set.of(ModelUploadReader.MODEL_PART));
    CertificationOptions options = parameters.toOptions();
    int[] inputShape = parameters.toInputShape();
    Double target = parameters.toTarget();
    if (target == null) {
      throw new InvalidParameterException(
          CertificationParameters.TARGET, "target is required: the constant to project under");
    }
    ProjectionMode projectionMode;
    try {
      projectionMode =
          mode == null ? ProjectionMode.NORMALIZE : ProjectionMode.fromId(mode.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException(
          MODE, "mode must be normalize or clip, got '" + mode + "'");
    }
    byte[] upload = uploads.read(request);
    CertificateController.checkInputShape(upload, inputShape);
    ModelProjector.Projected projected;
    service.slots().acquireOrRefuse();
    try {
      projected =
          projector.project(
              upload,
              inputShape,
              service.withBudget(options),
              target,
              projectionMode,
              parameters.toPolicy(),
              certifier,
              advisor);
    } finally {
      service.slots().release();
    }
    ProjectionReport report = ReportMapper.toReport(projected.original(), projected.projection());
    boolean json = projected.format() == ModelFormat.JSON;
    String name = fileName(report.model().name()) + "-projected" + (json ? ".json" : ".onnx");
    return ResponseEntity.ok()
        .contentType(json ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_OCTET_STREAM)
        .header(
            HttpHeaders.CONTENT_DISPOSITION,
            ContentDisposition.attachment().filename(name).build().toString())
        .header(UPPER_BOUND_HEADER, Double.toString(report.upperBound()))
        .header(LOWER_BOUND_HEADER, Double.toString(report.lowerBound()))
        .header(ORIGINAL_UPPER_BOUND_HEADER, Double.toString(report.originalUpperBound()))
        .header(TARGET_HEADER, Double.toString(report.target()))
        .header(CHANGES_HEADER, changes(report))
        .body(projected.bytes());
  }

  /**
   * Computes the bound that clipping implies for the uploaded model's layer shapes.
   *
   * @param clip the clip value of every layer with a weight tensor
   * @param layerClips per-layer values {@code NAME=C}
   * @param bracketParameters the bracket parameters of unclipped layers and {@code inputShape}
   * @param request the upload
   * @return the report
   * @throws MissingServletRequestPartException if a multipart request has no part {@code model}
   */
  @PostMapping(
      path = IMPLIED_BOUND_PATH,
      consumes = {
        MediaType.APPLICATION_JSON_VALUE,
        MediaType.APPLICATION_OCTET_STREAM_VALUE,
        MediaType.MULTIPART_FORM_DATA_VALUE
      },
      produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      operationId = "impliedBound",
      summary = "The certified bound a clip value implies",
      description = OpenApiConfiguration.IMPLIED_BOUND_DESCRIPTION)
  @io.swagger.v3.oas.annotations.parameters.RequestBody(
      required = true,
      description = "The model, as for POST /api/v1/certificates.",
      content = {
        @Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE,
            schema = @Schema(ref = OpenApiConfiguration.MODEL_SCHEMA_REF)),
        @Content(
            mediaType = MediaType.APPLICATION_OCTET_STREAM_VALUE,
            schema = @Schema(type = "string", format = "binary"))
      })
  @ApiResponse(responseCode = "200", description = "The implied bound and each layer's constant")
  @ApiResponse(responseCode = "400", ref = OpenApiConfiguration.BAD_REQUEST_RESPONSE_REF)
  @ApiResponse(responseCode = "413", ref = OpenApiConfiguration.PAYLOAD_TOO_LARGE_RESPONSE_REF)
  @ApiResponse(responseCode = "415", ref = OpenApiConfiguration.UNSUPPORTED_MEDIA_TYPE_RESPONSE_REF)
  @ApiResponse(responseCode = "422", ref = OpenApiConfiguration.NOT_CERTIFIABLE_RESPONSE_REF)
  @ApiResponse(responseCode = "429", ref = OpenApiConfiguration.BUSY_RESPONSE_REF)
  @ApiResponse(responseCode = "500", ref = OpenApiConfiguration.INTERNAL_ERROR_RESPONSE_REF)
  ImpliedBoundReport impliedBound(
      @Parameter(
              description = "The clip value c ≥ 0 of every layer with a weight tensor.",
              schema = @Schema(type = "number", format = "double", example = "0.01"))
          @RequestParam(name = CLIP, required = false)
          String clip,
      @Parameter(
              description =
                  "A layer's own clip value, NAME=C, overriding clip; repeatable. The last '='"
                      + " separates the value, so names may contain '='.",
              schema = @Schema(type = "string", example = "fc1=0.5"))
          @RequestParam(name = LAYER_CLIP, required = false)
          List<String> layerClips,
      @ParameterObject BracketParameters bracketParameters,
      HttpServletRequest request)
      throws MissingServletRequestPartException {
    CertificationParameters.checkNames(
        request.getParameterMap().keySet(),
        Stream.concat(Stream.of(CLIP, LAYER_CLIP), BracketParameters.NAMES.stream()).toList(),
        Set.of(ModelUploadReader.MODEL_PART));
    CertificationParameters parameters = bracketParameters.toCertificationParameters();
    Double global = clip == null ? null : clipValue(CLIP, clip, clip);
    Map<String, Double> perLayer = new LinkedHashMap<>();
    for (String spec : layerClips == null ? List.<String>of() : layerClips) {
      int split = spec.lastIndexOf('=');
      if (split <= 0) {
        throw new InvalidParameterException(
            LAYER_CLIP, "layerClip must be NAME=C, got '" + spec + "'");
      }
      perLayer.put(
          spec.substring(0, split), clipValue(LAYER_CLIP, spec.substring(split + 1), spec));
    }
    if (global == null && perLayer.isEmpty()) {
      throw new InvalidParameterException(CLIP, "give clip=C or at least one layerClip=NAME=C");
    }
    CertificationOptions options = parameters.toOptions();
    int[] inputShape = parameters.toInputShape();
    byte[] upload = uploads.read(request);
    CertificateController.checkInputShape(upload, inputShape);
    LoadedModel model = loader.load(upload, inputShape);
    ImpliedBound implied;
    service.slots().acquireOrRefuse();
    try {
      implied = ImpliedBound.of(model.graph(), global, perLayer, options.spectralOptions());
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException(LAYER_CLIP, e.getMessage());
    } finally {
      service.slots().release();
    }
    return ReportMapper.toReport(model, global, implied);
  }

  private static double clipValue(String parameter, String value, String given) {
    double c;
    try {
      c = Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      c = Double.NaN;
    }
    if (!(c >= 0 && Double.isFinite(c))) {
      throw new InvalidParameterException(
          parameter, parameter + " needs a finite clip value >= 0, got '" + given + "'");
    }
    return c;
  }

  /** Returns {@code layer=scale:0.5,layer=clip:0.01}, the changes in a header's characters. */
  private static String changes(ProjectionReport report) {
    StringBuilder header = new StringBuilder();
    for (ProjectionReport.Change change : report.changes()) {
      if (header.length() > 0) {
        header.append(',');
      }
      header
          .append(change.layer().replaceAll("[^\\x21-\\x7e]|[,=]", "_"))
          .append('=')
          .append(change.change())
          .append(':')
          .append(change.value());
    }
    return header.toString();
  }

  /** Returns a file-name stem from a model name: ASCII letters, digits, dot, dash, underscore. */
  private static String fileName(String name) {
    String stem = name.replaceAll("[^A-Za-z0-9._-]", "_");
    return stem.isEmpty() ? "model" : stem.toLowerCase(Locale.ROOT);
  }
}

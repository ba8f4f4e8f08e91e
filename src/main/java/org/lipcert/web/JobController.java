package org.lipcert.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Set;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Asynchronous certifications: {@code POST /api/v1/jobs} takes the same upload and parameters as
 * {@code POST /api/v1/certificates} and answers 202 with the job's {@code Location}; {@code GET}
 * polls it, {@code GET …/events} streams its progress as Server-Sent Events, {@code DELETE} cancels
 * it. Jobs run in {@link JobService}.
 */
@RestController
@RequestMapping(JobController.PATH)
@Tag(name = "jobs", description = "Certify large models asynchronously, with progress")
class JobController {

  /** The collection of jobs. */
  static final String PATH = "/api/v1/jobs";

  /** How long an event stream stays open at most; clients reconnect after it. */
  static final long EVENT_STREAM_TIMEOUT_MILLIS = 30 * 60 * 1000L;

  private final ModelUploadReader uploads;
  private final JobService jobs;

  JobController(ModelUploadReader uploads, JobService jobs) {
    this.uploads = uploads;
    this.jobs = jobs;
  }

  /**
   * Submits a job.
   *
   * @param parameters as for {@code POST /api/v1/certificates}
   * @param request the upload
   * @return 202 with the queued job, {@code Location} and {@code Retry-After}
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
      operationId = "submitJob",
      summary = "Certify a model asynchronously",
      description =
          "Takes the same model upload and query parameters as POST /api/v1/certificates and"
              + " answers 202 Accepted at once, with Location: /api/v1/jobs/{id} and Retry-After."
              + " Poll the job, or follow GET /api/v1/jobs/{id}/events. Invalid parameters are"
              + " refused with 400 at once; a model that cannot be read or certified makes the job"
              + " fail with the problem detail a synchronous request would get. When the queue is"
              + " full (lipcert.jobs.queue-capacity) the answer is 503 with Retry-After.")
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
  @ApiResponse(responseCode = "202", description = "The queued job")
  @ApiResponse(responseCode = "400", ref = OpenApiConfiguration.BAD_REQUEST_RESPONSE_REF)
  @ApiResponse(responseCode = "413", ref = OpenApiConfiguration.PAYLOAD_TOO_LARGE_RESPONSE_REF)
  @ApiResponse(responseCode = "415", ref = OpenApiConfiguration.UNSUPPORTED_MEDIA_TYPE_RESPONSE_REF)
  @ApiResponse(responseCode = "503", ref = OpenApiConfiguration.BUSY_RESPONSE_REF)
  ResponseEntity<JobReport> submit(
      @ParameterObject CertificationParameters parameters, HttpServletRequest request)
      throws MissingServletRequestPartException {
    CertificationParameters.checkNames(
        request.getParameterMap().keySet(), Set.of(ModelUploadReader.MODEL_PART));
    CertificationService.Request validated =
        CertificateController.validated(parameters, uploads.read(request));
    Job job = jobs.submit(validated);
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .location(URI.create(PATH + "/" + job.id()))
        .header(HttpHeaders.RETRY_AFTER, Long.toString(jobs.pollInterval().toSeconds()))
        .body(job.snapshot());
  }

  /**
   * Returns a job.
   *
   * @param id the job's id
   * @return its status, progress, and report or problem when finished
   */
  @GetMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      operationId = "getJob",
      summary = "A job's status, progress and result",
      description =
          "status is queued, running, succeeded (with report, the certificate a synchronous"
              + " request would have returned), failed (with problem) or cancelled. While the job"
              + " is not finished the response carries Retry-After. Finished jobs are kept for"
              + " lipcert.jobs.retention, then 404.")
  @ApiResponse(responseCode = "200", description = "The job")
  @ApiResponse(responseCode = "404", description = "Unknown or expired job")
  ResponseEntity<JobReport> get(@Parameter(description = "The job's id") @PathVariable String id) {
    Job job = jobs.get(id);
    JobReport snapshot = job.snapshot();
    ResponseEntity.BodyBuilder response = ResponseEntity.ok();
    if (snapshot.finishedAt() == null) {
      response.header(HttpHeaders.RETRY_AFTER, Long.toString(jobs.pollInterval().toSeconds()));
    }
    return response.body(snapshot);
  }

  /**
   * Streams a job's progress.
   *
   * @param id the job's id
   * @return the stream: an event {@code progress} now and after each layer and phase, then one
   *     event named after the final status, with the whole job, and the end of the stream
   */
  @GetMapping(path = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  @Operation(
      operationId = "jobEvents",
      summary = "A job's progress as Server-Sent Events",
      description =
          "Events named progress carry {phase, layersDone, layersTotal, fraction, detail}: one"
              + " when the stream opens, one per layer bracketed, one per later phase. The last"
              + " event is named succeeded, failed or cancelled and carries the whole job, report"
              + " or problem included; then the stream ends.")
  @ApiResponse(responseCode = "200", description = "The event stream")
  @ApiResponse(responseCode = "404", description = "Unknown or expired job")
  SseEmitter events(@Parameter(description = "The job's id") @PathVariable String id) {
    Job job = jobs.get(id);
    SseEmitter emitter = new SseEmitter(EVENT_STREAM_TIMEOUT_MILLIS);
    job.subscribe(emitter);
    return emitter;
  }

  /**
   * Cancels a job.
   *
   * @param id the job's id
   * @return 202 with the job: {@code cancelled} when it was queued; still {@code running} until the
   *     certification notices, within a fraction of a second
   */
  @DeleteMapping(path = "/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
  @Operation(
      operationId = "cancelJob",
      summary = "Cancel a job",
      description =
          "A queued job is cancelled at once; a running one at the certifier's next check (each"
              + " iteration polls it), after which its status is cancelled. Cancelling a finished"
              + " job changes nothing.")
  @ApiResponse(responseCode = "202", description = "Cancellation requested; the job")
  @ApiResponse(responseCode = "404", description = "Unknown or expired job")
  ResponseEntity<JobReport> cancel(
      @Parameter(description = "The job's id") @PathVariable String id) {
    Job job = jobs.get(id);
    job.cancel();
    return ResponseEntity.status(HttpStatus.ACCEPTED).body(job.snapshot());
  }
}

package org.lipcert.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import org.lipcert.core.certify.Progress;
import org.lipcert.io.report.CertificateReport;
import org.springframework.http.ProblemDetail;

/**
 * An asynchronous certification as {@code GET /api/v1/jobs/{id}} shows it.
 *
 * @param id the job's id
 * @param status {@code queued}, {@code running}, {@code succeeded}, {@code failed} or {@code
 *     cancelled}
 * @param createdAt when it was submitted
 * @param startedAt when it started running, absent while queued
 * @param finishedAt when it finished, absent until then
 * @param progress the latest progress
 * @param report the certificate, when it succeeded
 * @param problem the problem detail, when it failed (the same a synchronous request would get)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "Job", description = "An asynchronous certification")
record JobReport(
    String id,
    @Schema(allowableValues = {"queued", "running", "succeeded", "failed", "cancelled"})
        String status,
    Instant createdAt,
    Instant startedAt,
    Instant finishedAt,
    ProgressReport progress,
    CertificateReport report,
    ProblemDetail problem) {

  /**
   * How far a job has come.
   *
   * @param phase {@code layers}, {@code bounds}, {@code witness} or {@code done}
   * @param layersDone layers bracketed
   * @param layersTotal layers to bracket (0 until the model is read)
   * @param fraction overall progress in {@code [0, 1]}
   * @param detail the layer just finished or the step being taken
   */
  @Schema(name = "JobProgress", description = "How far a job has come")
  record ProgressReport(
      String phase, int layersDone, int layersTotal, double fraction, String detail) {}

  static ProgressReport progress(Progress p) {
    return new ProgressReport(
        p.phase().id(), p.layersDone(), p.layersTotal(), p.fraction(), p.detail());
  }
}

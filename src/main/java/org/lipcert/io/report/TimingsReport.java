package org.lipcert.io.report;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where the time went, in milliseconds.
 *
 * @param parseMillis reading the model
 * @param layersMillis bracketing the layers
 * @param networkMillis network bounds and witness search
 * @param totalMillis everything
 * @param budgetExhausted {@code true} when the time budget ran out (layers may be unconverged,
 *     bounds skipped; every upper bound is still certified); absent otherwise
 */
@Schema(description = "Wall-clock timings in milliseconds")
@com.fasterxml.jackson.annotation.JsonInclude(
    com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public record TimingsReport(
    long parseMillis,
    long layersMillis,
    long networkMillis,
    long totalMillis,
    @Schema(description = "Present and true when the time budget ran out")
        Boolean budgetExhausted) {

  /**
   * Creates the timings of a certification within its budget.
   *
   * @param parseMillis reading the model
   * @param layersMillis bracketing the layers
   * @param networkMillis network bounds and witness search
   * @param totalMillis everything
   */
  public TimingsReport(long parseMillis, long layersMillis, long networkMillis, long totalMillis) {
    this(parseMillis, layersMillis, networkMillis, totalMillis, null);
  }
}

package org.lipcert.io.report;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where the time went, in milliseconds.
 *
 * @param parseMillis reading the model
 * @param layersMillis bracketing the layers
 * @param networkMillis network bounds and witness search
 * @param totalMillis everything
 */
@Schema(description = "Wall-clock timings in milliseconds")
public record TimingsReport(
    long parseMillis, long layersMillis, long networkMillis, long totalMillis) {}

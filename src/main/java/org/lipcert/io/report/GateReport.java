package org.lipcert.io.report;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * The gate verdict.
 *
 * @param maxLipschitz the threshold {@code K}
 * @param verdict {@code PASS} (certified ≤ K), {@code FAIL} (not certified), {@code FAIL_CERTAIN}
 *     (the witness exceeds K)
 */
@Schema(description = "Verdict against the maxLipschitz threshold")
public record GateReport(
    @Schema(example = "10") double maxLipschitz,
    @Schema(
            example = "PASS",
            allowableValues = {"PASS", "FAIL", "FAIL_CERTAIN"})
        String verdict) {}

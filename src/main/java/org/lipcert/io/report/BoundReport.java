package org.lipcert.io.report;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * One certified upper bound on the network's Lipschitz constant.
 *
 * @param method {@code naive} (product of layer bounds), {@code merged} (linear segments merged),
 *     {@code cp} (Combettes–Pesquet average over cuts) or {@code sdp} (LipSDP-Neuron)
 * @param value the bound
 * @param millis the time it took
 */
@Schema(description = "A certified upper bound on the network's Lipschitz constant")
public record BoundReport(
    @Schema(
            example = "cp",
            allowableValues = {"naive", "merged", "cp", "sdp"})
        String method,
    @Schema(example = "4.2") double value,
    @Schema(example = "3") long millis) {}

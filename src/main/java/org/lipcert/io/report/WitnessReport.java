package org.lipcert.io.report;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Where the network's lower bound was found: replaying the witness search with {@code seed} reaches
 * the point numbered {@code sample}, whose hash is {@code pointSha256}; the quotient was taken with
 * step {@code step}.
 *
 * @param seed the seed of the search
 * @param sample the index of the winning point
 * @param pointSha256 SHA-256 of the point as big-endian float64 values
 * @param step the step {@code h} of the difference quotient
 * @param quotient the plain floating-point difference quotient
 */
@Schema(description = "How to replay the witness of the lower bound")
public record WitnessReport(
    long seed, int sample, String pointSha256, double step, double quotient) {}

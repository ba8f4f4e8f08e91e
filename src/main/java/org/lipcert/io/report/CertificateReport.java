package org.lipcert.io.report;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * The certificate of a model: the body of {@code POST /api/v1/certificates} and the output of
 * {@code lipcert certify --format json}.
 *
 * @param model what was certified
 * @param options the options used, so the certificate can be reproduced
 * @param layers one entry per weighted layer, in graph order
 * @param network the bounds on the whole network
 * @param gate the verdict against {@code maxLipschitz}, present only when a threshold was given
 * @param suggestions per-layer budgets and how to meet them, present only when a {@code target} was
 *     given
 * @param timings where the time went
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(description = "Certified bounds on a network's Lipschitz constant")
public record CertificateReport(
    ModelReport model,
    OptionsReport options,
    List<LayerReport> layers,
    NetworkReport network,
    GateReport gate,
    SuggestionsReport suggestions,
    TimingsReport timings) {}

package org.lipcert.core.certify;

import org.lipcert.core.graph.Shape;
import org.lipcert.core.operator.WeightStatistics;
import org.lipcert.core.spectral.SpectralBracket;

/**
 * The certificate of one layer: a node that carries weights or changes the norm.
 *
 * @param name the node's name
 * @param opType its operation type
 * @param inputShape the shape it sees
 * @param outputShape the shape it produces
 * @param bracket {@code lower ≤ ‖layer‖ ≤ upper} on that input shape
 * @param statistics the regularisation statistics of its weights, {@code null} for a layer without
 *     weights (pooling)
 * @param millis the time the bracket took
 */
public record LayerCertificate(
    String name,
    String opType,
    Shape inputShape,
    Shape outputShape,
    SpectralBracket bracket,
    WeightStatistics statistics,
    long millis) {}

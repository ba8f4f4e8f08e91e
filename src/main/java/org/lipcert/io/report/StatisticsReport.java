package org.lipcert.io.report;

import io.swagger.v3.oas.annotations.media.Schema;

/**
 * Regularisation statistics of a set of weights (biases excluded): one layer's, or in {@link
 * NetworkReport#statistics()} those of all layers together.
 *
 * @param weights the number of weights
 * @param l1 {@code Σ|w|}
 * @param l2Squared {@code Σw²}
 * @param maxAbs {@code max|w|}
 * @param zeroFraction fraction of the weights that are exactly zero
 */
@Schema(description = "Regularisation statistics of the weights")
public record StatisticsReport(
    long weights, double l1, double l2Squared, double maxAbs, double zeroFraction) {}

package org.lipcert.core.certify;

/**
 * A gate check's result.
 *
 * @param maxLipschitz the threshold {@code K}
 * @param verdict {@code PASS}, {@code FAIL} or {@code FAIL_CERTAIN}
 */
public record Gate(double maxLipschitz, Verdict verdict) {}

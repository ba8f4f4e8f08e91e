package org.lipcert.core.certify;

/**
 * Where the time of a certification went, in milliseconds.
 *
 * @param layersMillis bracketing all layers (wall clock, layers may run in parallel)
 * @param networkMillis composing the network bound and searching for the witness
 * @param totalMillis the whole certification, excluding parsing
 */
public record Timings(long layersMillis, long networkMillis, long totalMillis) {}

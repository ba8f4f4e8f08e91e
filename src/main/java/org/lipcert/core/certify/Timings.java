package org.lipcert.core.certify;

/**
 * Where the time of a certification went, in milliseconds.
 *
 * @param layersMillis bracketing all layers (wall clock, layers may run in parallel)
 * @param networkMillis composing the network bound and searching for the witness
 * @param totalMillis the whole certification, excluding parsing
 * @param budgetExhausted whether the time budget ran out: layers may then be unconverged and bounds
 *     skipped, every reported upper bound still certified
 */
public record Timings(
    long layersMillis, long networkMillis, long totalMillis, boolean budgetExhausted) {

  /**
   * Creates the timings of a certification that did not run out of time.
   *
   * @param layersMillis bracketing all layers
   * @param networkMillis the network bounds and witness
   * @param totalMillis the whole certification
   */
  public Timings(long layersMillis, long networkMillis, long totalMillis) {
    this(layersMillis, networkMillis, totalMillis, false);
  }
}

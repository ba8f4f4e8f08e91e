package org.lipcert.core.certify;

/**
 * How far a certification has come: its phase, the layers bracketed so far, and an overall fraction
 * for progress bars (layers weigh 60 %, the network bounds 20 %, the witness 20 %).
 *
 * @param phase the current phase
 * @param layersDone layers bracketed
 * @param layersTotal layers to bracket
 * @param fraction overall progress in {@code [0, 1]}
 * @param detail what is being done, e.g. the layer just finished or the bound being computed
 */
public record Progress(
    Phase phase, int layersDone, int layersTotal, double fraction, String detail) {

  /** The phases, in order. */
  public enum Phase {
    /** Bracketing the layers (in parallel). */
    LAYERS,
    /** Composing the network bounds. */
    BOUNDS,
    /** Searching for the witness of the lower bound. */
    WITNESS,
    /** Finished. */
    DONE;

    /** Returns the identifier used in the API: {@code layers}, {@code bounds}, … */
    public String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /**
   * Receives progress; called from the certifying threads, so implementations must be thread-safe.
   */
  @FunctionalInterface
  public interface Listener {
    /** A listener that ignores everything. */
    Listener NONE = progress -> {};

    /**
     * Receives one update.
     *
     * @param progress the update
     */
    void onProgress(Progress progress);
  }
}

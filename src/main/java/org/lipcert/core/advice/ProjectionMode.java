package org.lipcert.core.advice;

import java.util.Locale;

/** How a projected model changes its weights. */
public enum ProjectionMode {
  /** Rescale each weighted layer by its spectral-normalisation factor. */
  NORMALIZE,
  /**
   * Clip each layer's weight tensor at its threshold; layers without a weight tensor to clip (batch
   * normalisations) are rescaled.
   */
  CLIP;

  /** Returns the identifier used in requests: {@code normalize} or {@code clip}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the mode with the given identifier.
   *
   * @param id {@code normalize} or {@code clip}, any case
   * @return the mode
   * @throws IllegalArgumentException for another value
   */
  public static ProjectionMode fromId(String id) {
    for (ProjectionMode mode : values()) {
      if (mode.id().equalsIgnoreCase(id)) {
        return mode;
      }
    }
    throw new IllegalArgumentException("unknown mode '" + id + "'; supported: normalize, clip");
  }
}

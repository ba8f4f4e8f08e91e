package org.lipcert.core.certify;

import java.util.List;

/**
 * The result of certifying a model (DESIGN §3, "The report").
 *
 * @param model the model's format, name, hash
 * @param parameters the number of trainable parameters
 * @param options the options used
 * @param layers one entry per layer, in graph order
 * @param network the network bounds
 * @param gate the gate result, or {@code null} when no threshold was given
 * @param timings where the time went
 */
public record Certificate(
    LoadedModel model,
    long parameters,
    CertificationOptions options,
    List<LayerCertificate> layers,
    NetworkCertificate network,
    Gate gate,
    Timings timings) {

  /** Copies the layer list. */
  public Certificate {
    layers = List.copyOf(layers);
  }
}

package org.lipcert.core.certify;

import org.lipcert.core.graph.Graph;

/**
 * A model as an adapter hands it to the {@link Certifier}: the graph and where it came from.
 *
 * @param format the input format, e.g. {@code lipcert/v1} or {@code onnx}
 * @param name the model's name as declared in the file (or the file name)
 * @param sha256 the SHA-256 of the uploaded bytes, hex, so a certificate can be reproduced
 * @param graph the network
 */
public record LoadedModel(String format, String name, String sha256, Graph graph) {}

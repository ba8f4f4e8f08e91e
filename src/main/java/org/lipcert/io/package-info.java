/**
 * Adapters between model files and the core graph: {@code io.json} for LipCert's own JSON format,
 * {@code io.onnx} for ONNX, {@code io.report} for rendering certificates. {@link
 * org.lipcert.io.ModelLoader} reads either format, {@link org.lipcert.io.ModelProjector} writes a
 * model back with changed weights. Each sub-package translates and delegates to {@code
 * org.lipcert.core}; none holds numerical logic.
 */
package org.lipcert.io;

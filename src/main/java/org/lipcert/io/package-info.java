/**
 * Adapters between model files and the core graph: {@code io.json} for LipCert's own JSON format,
 * {@code io.report} for rendering certificates. Each sub-package translates and delegates to {@code
 * org.lipcert.core}; none holds numerical logic.
 */
package org.lipcert.io;

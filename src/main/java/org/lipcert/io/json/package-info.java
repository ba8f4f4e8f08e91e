/**
 * Reads LipCert's JSON model format {@code lipcert/v1} (DESIGN §2; schema and examples in {@code
 * openapi/}) into a {@link org.lipcert.core.graph.Graph}.
 *
 * <p>Parsing streams tokens with Jackson's {@code JsonParser} under explicit read limits ({@link
 * org.lipcert.io.json.JsonReadLimits}), packing numeric arrays straight into {@code double[]}, so a
 * weight costs 8 bytes rather than a tree node. Every error names the JSON path (for example {@code
 * layers[2].weights[1][0]}) and, for syntax errors, the line and column.
 *
 * <p>Depends on {@code org.lipcert.core} and Jackson; nothing in {@code core} depends on it.
 */
package org.lipcert.io.json;

/**
 * Certification of a whole model: the {@link org.lipcert.core.certify.Certifier} computes every
 * layer's bracket, the network bounds and the gate verdict, and returns a {@link
 * org.lipcert.core.certify.Certificate}, the technology-neutral report that the REST API and the
 * CLI render (DESIGN §3, "The report").
 *
 * <p>Depends on every other {@code org.lipcert.core} package; nothing in {@code core} depends on
 * it.
 */
package org.lipcert.core.certify;

/**
 * The numerical heart of LipCert: the network graph, linear operators, spectral-norm brackets,
 * network bounds and the certification orchestration.
 *
 * <p>Everything here is plain Java plus EJML. It must not depend on Spring, protobuf, Jackson or
 * any other adapter technology (an ArchUnit test enforces this), so that the mathematics can be
 * read, tested and reused on its own. Adapters ({@code org.lipcert.io.*}, {@code org.lipcert.web},
 * {@code org.lipcert.cli}) translate into and out of these types.
 *
 * <p>The exceptions in this package are the only failures the adapters need to know: {@link
 * org.lipcert.core.InvalidModelException} (the input is wrong) and {@link
 * org.lipcert.core.UncertifiableModelException} (the input is well formed but has no useful
 * Lipschitz constant).
 */
package org.lipcert.core;

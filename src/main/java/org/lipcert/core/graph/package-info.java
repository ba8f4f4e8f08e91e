/**
 * The network as LipCert sees it: a directed acyclic graph of {@link
 * org.lipcert.core.graph.Operation}s on float64 tensors, with shapes fixed at build time.
 *
 * <p>A {@link org.lipcert.core.graph.Graph} has one input node and one output node; every other
 * node depends on the input (constants are folded into the operations by the adapters). It can be
 * evaluated, differentiated (Jacobian-vector and vector-Jacobian products, used only to search for
 * witnesses) and evaluated with a rigorous bound on its rounding error (used to certify a witness's
 * difference quotient). {@link org.lipcert.core.graph.GraphBuilder} validates shapes and names.
 *
 * <p>Depends on {@code org.lipcert.core.operator}, {@code org.lipcert.core.activation} and {@code
 * org.lipcert.core.numeric}.
 */
package org.lipcert.core.graph;

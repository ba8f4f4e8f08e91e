/**
 * Bounds on the Lipschitz constant of a whole network: certified upper bounds composed over the
 * graph from per-node constants, and empirical lower bounds from evaluated difference quotients.
 *
 * <p>Upper bounds ({@link org.lipcert.core.bound.CompositionalBound}) are proofs: the composition
 * rules of DESIGN §1 ("Network bounds") applied to certified per-node constants with upward
 * rounding. Lower bounds ({@link org.lipcert.core.bound.WitnessSearch}) are witnesses: a pair of
 * inputs whose difference quotient {@code ‖f(x + hv) − f(x)‖ / ‖hv‖} was actually evaluated and
 * reduced by its rounding-error bound ({@link org.lipcert.core.bound.DifferenceQuotient}). A
 * product of per-layer witnesses is not a lower bound, and a Jacobian norm at a ReLU kink may
 * exceed the true constant, so neither is ever reported as one (DESIGN §1.5).
 *
 * <p>Depends on {@code org.lipcert.core.graph} and {@code org.lipcert.core.numeric}.
 */
package org.lipcert.core.bound;

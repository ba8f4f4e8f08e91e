/**
 * Floating-point error analysis used by every certified bound: the unit roundoff and the {@code
 * γ_n} constants of Higham's <i>Accuracy and Stability of Numerical Algorithms</i> (2nd ed., SIAM
 * 2002), upward-rounded arithmetic, and vector norms with rigorous two-sided bounds.
 *
 * <p>Depends on nothing but the JDK. Everything above it that calls a number "certified" gets its
 * safety margin from here, so the margins are stated once.
 */
package org.lipcert.core.numeric;

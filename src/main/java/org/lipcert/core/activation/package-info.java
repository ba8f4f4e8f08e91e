/**
 * Element-wise activation functions: their values, derivatives, the certified upper bounds on their
 * slopes {@code sup|σ'|} (DESIGN §1, rounded up), and the accuracy of their floating-point
 * evaluation.
 *
 * <p>Depends on the JDK and Apache Commons Numbers (for {@code erfc}) only.
 */
package org.lipcert.core.activation;

/**
 * Linear operators with a forward map and its adjoint, the building blocks whose operator norms
 * LipCert brackets: {@link org.lipcert.core.operator.LinearOperator} and its implementations,
 * starting with the dense matrix of a fully connected layer.
 *
 * <p>Depends on {@code org.lipcert.core.numeric} and the JDK only. Operators are immutable and safe
 * to share between threads; callers pass the output arrays so that iterative methods do not
 * allocate per iteration.
 */
package org.lipcert.core.operator;

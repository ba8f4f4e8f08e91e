package org.lipcert.core.bound;

/**
 * One certified upper bound on a network's Lipschitz constant, with the method that gave it and the
 * time it took.
 *
 * @param method {@code naive}, {@code merged}, {@code cp} (Combettes–Pesquet) or {@code sdp}
 * @param value the certified bound
 * @param millis the time spent computing it
 */
public record NetworkBound(String method, double value, long millis) {}

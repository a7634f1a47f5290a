package io.github.m2n2.engine;

/** Thrown out of long computations when the user cancels them. */
public final class CanceledException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public CanceledException() {
		super("Canceled by the user.");
	}
}

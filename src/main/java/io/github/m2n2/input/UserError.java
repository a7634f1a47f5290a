package io.github.m2n2.input;

/** A mistake in what the user asked for: printed as one line, exit code 2, no stack trace. */
public final class UserError extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public UserError(String message) {
		super(message);
	}
}

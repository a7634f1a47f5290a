package io.github.m2n2.engine;

/** An attention matrix that is not what M2N2 needs; the message names the first problem. */
public final class InvalidAttentionException extends IllegalArgumentException {
	private static final long serialVersionUID = 1L;

	public InvalidAttentionException(String problem) {
		super(problem);
	}
}

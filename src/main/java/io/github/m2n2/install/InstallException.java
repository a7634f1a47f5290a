package io.github.m2n2.install;

/** An installation that cannot go ahead, with a message that says why and what to do. */
public final class InstallException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public InstallException(String message) {
		super(message);
	}
}

package io.github.m2n2.backbone;

/** A backbone could not produce attention; the message tells the user what to do. */
public class BackboneException extends Exception {
	private static final long serialVersionUID = 1L;

	public BackboneException(String message) {
		super(message);
	}

	public BackboneException(String message, Throwable cause) {
		super(message, cause);
	}
}

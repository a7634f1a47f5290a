package io.github.m2n2.eval;

/** A data set folder that cannot be evaluated; the message says which file and why. */
public class DatasetException extends Exception {
	private static final long serialVersionUID = 1L;

	public DatasetException(String message) {
		super(message);
	}
}

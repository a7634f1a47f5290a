package io.github.m2n2.engine;

/**
 * Receives progress of slow steps and answers whether the user has asked to stop. Adapters
 * forward it to a status bar, a console bar or a log.
 */
public interface ProgressListener {

	ProgressListener NONE = (task, fraction) -> { };

	/** @param fraction in [0, 1] */
	void progress(String task, double fraction);

	default boolean isCanceled() { return false; }

	/** Throws {@link CanceledException} when the user asked to stop. */
	default void checkCanceled() {
		if (isCanceled()) throw new CanceledException();
	}
}

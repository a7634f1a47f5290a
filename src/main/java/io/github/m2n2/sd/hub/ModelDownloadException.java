package io.github.m2n2.sd.hub;

/**
 * A model could not be made available locally. The message is one line a user can act on; the
 * kind lets callers react (offer offline use, ask for a token...) without parsing text.
 */
public class ModelDownloadException extends Exception {
	private static final long serialVersionUID = 1L;

	/** Why the model is not available. */
	public enum Kind {
		/** No such model, revision or file on the hub (404, or 401 without a token). */
		NOT_FOUND,
		/** Gated or private model and no (or an insufficient) token. */
		ACCESS_DENIED,
		/** The hub could not be reached or the transfer kept failing. */
		NETWORK,
		/** Offline mode and the model is not in the cache. */
		NOT_CACHED,
		/** A downloaded file did not match the hub's size or checksum. */
		CORRUPT,
		/** The repository offers only pickle weights (.bin, .ckpt), which are refused. */
		PICKLE_ONLY,
		/** The folder or repository is not a diffusers Stable Diffusion checkpoint. */
		NOT_A_CHECKPOINT,
		/** The disk ran or would run out of space. */
		DISK_FULL,
		/** Another process holds the cache folder for too long, or the file system failed. */
		CACHE
	}

	private final Kind kind;

	public ModelDownloadException(final Kind kind, final String message) {
		super(message);
		this.kind = kind;
	}

	public ModelDownloadException(final Kind kind, final String message, final Throwable cause) {
		super(message, cause);
		this.kind = kind;
	}

	public Kind kind() {
		return kind;
	}
}

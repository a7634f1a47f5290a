package io.github.m2n2.sd;

/**
 * A checkpoint folder or file cannot be used. Unchecked so that the readers and the network
 * code deep below the backbone stay readable; {@link StableDiffusionBackbone} turns it into a
 * {@link io.github.m2n2.backbone.BackboneException} whose message goes to the user as is.
 */
public class CheckpointException extends RuntimeException {
	private static final long serialVersionUID = 1L;

	public CheckpointException(String message) {
		super(message);
	}

	public CheckpointException(String message, Throwable cause) {
		super(message, cause);
	}
}

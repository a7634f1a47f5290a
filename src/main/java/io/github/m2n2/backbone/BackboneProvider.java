package io.github.m2n2.backbone;

import java.util.List;

import io.github.m2n2.engine.ProgressListener;

/**
 * One kind of attention source, found through {@link java.util.ServiceLoader}: an
 * implementation listed in {@code META-INF/services/io.github.m2n2.backbone.BackboneProvider}
 * appears in the command line's and the dialogs' backbone choices without any other change.
 * Implementations need a public no-argument constructor and must be cheap to construct (the
 * registry builds every one to read its name); heavy set-up belongs in {@link #create}.
 */
public interface BackboneProvider {

	/** The name users type and pick, e.g. {@code embedded}; unique among providers. */
	String name();

	/** One line for help texts: what the attention comes from. */
	String summary();

	/** The options this backbone reads from a {@link BackboneConfig}; names unique among all backbones. */
	default List<BackboneOption> options() { return List.of(); }

	/** @throws BackboneException with a message for the user when the options do not fit */
	Backbone create(BackboneConfig config, ProgressListener progress) throws BackboneException;
}

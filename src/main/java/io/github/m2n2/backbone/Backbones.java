package io.github.m2n2.backbone;

import java.util.List;

/** Creates the backbone a {@link BackboneConfig} names. */
public final class Backbones {

	/** Names accepted by {@link #create}. */
	public static final List<String> NAMES = List.of("embedded", "file", "sd2");

	private Backbones() { }

	public static Backbone create(BackboneConfig config) throws BackboneException {
		return create(config, io.github.m2n2.engine.ProgressListener.NONE);
	}

	/** @param progress receives download progress where a model must be fetched first */
	public static Backbone create(BackboneConfig config, io.github.m2n2.engine.ProgressListener progress) throws BackboneException {
		String name = config.effectiveName();
		switch (name) {
			case "embedded":
				return new EmbeddedBackbone();
			case "file":
				if (config.attentionFile == null) throw new BackboneException("The file backbone needs an attention file (--attention FILE.npy).");
				return new AttentionFileBackbone(config.attentionFile);
			case "sd2":
				return io.github.m2n2.sd.Sd2Backbones.create(config, progress);
			default:
				throw new BackboneException("Unknown backbone '" + name + "'; choose one of " + String.join(", ", NAMES) + ".");
		}
	}
}

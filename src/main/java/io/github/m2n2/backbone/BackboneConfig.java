package io.github.m2n2.backbone;

import java.nio.file.Path;

/**
 * What a user chose for the attention source, shared by the command line and the Fiji
 * command. Fields that a backbone does not use are ignored by it.
 */
public final class BackboneConfig {

	/** {@code embedded} (default), {@code file} or {@code sd2}. */
	public String name = "embedded";
	/** Attention file for {@code file}. */
	public Path attentionFile;
	/** Hub model id or local folder for {@code sd2}. */
	public String model = "stabilityai/stable-diffusion-2-1-base";
	/** {@code auto}, {@code cpu} or {@code gpu}. */
	public String device = "auto";
	/** {@code auto}, {@code fp32} or {@code fp16}. */
	public String precision = "auto";
	public int timestep = 100;
	/** Layer weights as {@code module.path=weight,...}; null for the published ones. */
	public String layerWeights;
	/** Model cache folder; null for the default. */
	public Path cacheDir;
	public boolean offline;

	/** The backbone implied when only an attention file is given. */
	public String effectiveName() {
		if (attentionFile != null && (name == null || name.isEmpty() || name.equals("embedded"))) return "file";
		return name == null || name.isEmpty() ? "embedded" : name;
	}
}

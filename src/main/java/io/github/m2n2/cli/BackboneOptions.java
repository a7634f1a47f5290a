package io.github.m2n2.cli;

import java.util.List;

import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.input.UserError;

/** Command-line options that choose and configure the attention backbone. */
public final class BackboneOptions {

	public static final List<String> NAMES = List.of("backbone", "attention", "resolution", "model", "device", "precision",
		"timestep", "layer-weights", "cache-dir", "offline");
	public static final List<String> SWITCHES = List.of("offline");

	public static final String USAGE = String.join("\n",
		"Backbone:",
		"  --backbone embedded|file|sd2  attention source (embedded: no download; file: --attention)",
		"  --attention FILE.npy          attention computed elsewhere, shape (r,r,r,r) or (r*r,r*r)",
		"  --resolution r                attention grid side (default: 64 embedded; the file's; sd2: 128 GPU / 64 CPU)",
		"  --model ID|DIR                sd2: hub model id or local diffusers folder",
		"  --device auto|cpu|gpu         sd2: where the network runs (auto)",
		"  --precision auto|fp32|fp16    sd2: weights and activations (auto: fp16 on GPU, fp32 on CPU)",
		"  --timestep T                  sd2: UNet timestep (100)",
		"  --layer-weights SPEC          sd2: e.g. up_blocks.3.attentions.0=0.5,up_blocks.3.attentions.1=0.5",
		"  --cache-dir DIR               sd2: model cache (default ~/.cache/m2n2/models)",
		"  --offline                     sd2: never touch the network");

	private BackboneOptions() { }

	public static BackboneConfig config(Args a) {
		BackboneConfig c = new BackboneConfig();
		c.name = a.get("backbone", "embedded").trim().toLowerCase();
		c.attentionFile = a.path("attention");
		if (c.attentionFile != null && a.has("backbone") && !c.name.equals("file"))
			throw new UserError("--attention reads attention from a file; it cannot be combined with --backbone " + c.name);
		c.model = a.get("model", c.model);
		c.device = a.get("device", c.device).trim().toLowerCase();
		if (!List.of("auto", "cpu", "gpu").contains(c.device)) throw new UserError("--device needs auto, cpu or gpu, got '" + c.device + "'");
		c.precision = a.get("precision", c.precision).trim().toLowerCase();
		if (!List.of("auto", "fp32", "fp16").contains(c.precision))
			throw new UserError("--precision needs auto, fp32 or fp16, got '" + c.precision + "'");
		c.timestep = a.integer("timestep", c.timestep);
		c.layerWeights = a.get("layer-weights");
		c.cacheDir = a.path("cache-dir");
		c.offline = a.flag("offline");
		return c;
	}

	/** The requested grid side, or 0 for the backbone's default. */
	public static int resolution(Args a) {
		int r = a.integer("resolution", 0);
		if (a.has("resolution") && (r < 2 || r > 181))
			throw new UserError("--resolution must lie in 2..181 (the attention has r^4 values), got " + r);
		return r;
	}
}

package io.github.m2n2.sd;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the Stable Diffusion 2 backbone runs on and how. Immutable; the {@code with...} methods
 * return changed copies. Defaults are the published M2N2 configuration.
 */
public final class Sd2Settings {

	public enum DeviceChoice {
		/** CUDA when PyTorch sees a GPU, else the CPU. */
		AUTO, CPU, GPU;

		/** "auto", "cpu", "gpu" (also "cuda"), any case. */
		public static DeviceChoice parse(String s) {
			String v = s.trim().toLowerCase(java.util.Locale.ROOT);
			if (v.equals("cuda")) return GPU;
			for (DeviceChoice d : values()) if (d.name().toLowerCase(java.util.Locale.ROOT).equals(v)) return d;
			throw new IllegalArgumentException("Unknown device \"" + s + "\"; choose auto, cpu or gpu.");
		}
	}

	public enum Precision {
		/** fp16 on a GPU (as published), fp32 on the CPU (PyTorch's CPU kernels are slow or missing in fp16). */
		AUTO, FP32, FP16;

		/** "auto", "fp32", "fp16" (also "float32", "float16", "half"), any case. */
		public static Precision parse(String s) {
			String v = s.trim().toLowerCase(java.util.Locale.ROOT);
			if (v.equals("float32")) return FP32;
			if (v.equals("float16") || v.equals("half")) return FP16;
			for (Precision p : values()) if (p.name().toLowerCase(java.util.Locale.ROOT).equals(v)) return p;
			throw new IllegalArgumentException("Unknown precision \"" + s + "\"; choose auto, fp32 or fp16.");
		}
	}

	public static final int DEFAULT_TIMESTEP = 100;

	/** The suffix naming the captured module inside a transformer layer; accepted and ignored in layer names. */
	public static final String ATTN1 = ".transformer_blocks.0.attn1";

	private final Path modelFolder;
	private final int timestep;
	private final Map<String, Double> layerWeights;
	private final DeviceChoice device;
	private final Precision precision;
	private final boolean textEmbeddingCache;

	private Sd2Settings(Path modelFolder, int timestep, Map<String, Double> layerWeights, DeviceChoice device, Precision precision,
		boolean textEmbeddingCache) {
		this.modelFolder = modelFolder;
		this.timestep = timestep;
		this.layerWeights = layerWeights;
		this.device = device;
		this.precision = precision;
		this.textEmbeddingCache = textEmbeddingCache;
	}

	/** The published configuration on a local diffusers checkpoint folder. */
	public static Sd2Settings of(Path modelFolder) {
		return new Sd2Settings(modelFolder, DEFAULT_TIMESTEP, defaultLayerWeights(), DeviceChoice.AUTO, Precision.AUTO, true);
	}

	/** up_blocks.3.attentions.0 and .1 at 0.5 each; the other layers of the published table at 0. */
	public static Map<String, Double> defaultLayerWeights() {
		Map<String, Double> m = new LinkedHashMap<>();
		m.put("down_blocks.0.attentions.0", 0.0);
		m.put("down_blocks.0.attentions.1", 0.0);
		m.put("up_blocks.3.attentions.0", 0.5);
		m.put("up_blocks.3.attentions.1", 0.5);
		m.put("up_blocks.3.attentions.2", 0.0);
		return Collections.unmodifiableMap(m);
	}

	/**
	 * Parses {@code "up_blocks.3.attentions.0=0.5, up_blocks.3.attentions.1=0.5"} (as typed on a
	 * command line or in a dialog) into a layer-weight map, in the order given.
	 */
	public static Map<String, Double> parseLayerWeights(String text) {
		Map<String, Double> m = new LinkedHashMap<>();
		for (String part : text.split("[,;]")) {
			if (part.trim().isEmpty()) continue;
			int eq = part.indexOf('=');
			if (eq < 0) eq = part.indexOf(':');
			if (eq < 1) throw new IllegalArgumentException("Layer weights are written layer=weight, e.g. up_blocks.3.attentions.0=0.5; got \""
				+ part.trim() + "\".");
			String name = part.substring(0, eq).trim();
			try {
				m.put(name, Double.parseDouble(part.substring(eq + 1).trim()));
			} catch (NumberFormatException e) {
				throw new IllegalArgumentException("The weight of layer " + name + " is not a number: \"" + part.substring(eq + 1).trim() + "\".");
			}
		}
		if (m.isEmpty()) throw new IllegalArgumentException("No layer weights given.");
		return m;
	}

	public Path modelFolder() { return modelFolder; }

	public int timestep() { return timestep; }

	/** Layer path (e.g. {@code up_blocks.3.attentions.0}) to weight. */
	public Map<String, Double> layerWeights() { return layerWeights; }

	public DeviceChoice device() { return device; }

	public Precision precision() { return precision; }

	public boolean textEmbeddingCache() { return textEmbeddingCache; }

	public Sd2Settings withTimestep(int t) {
		if (t < 0 || t > 999) throw new IllegalArgumentException("The timestep must lie in 0..999, got " + t + ".");
		return new Sd2Settings(modelFolder, t, layerWeights, device, precision, textEmbeddingCache);
	}

	/**
	 * Layer names may carry the {@code .transformer_blocks.0.attn1} suffix of the published table;
	 * weights must be finite and non-negative.
	 */
	public Sd2Settings withLayerWeights(Map<String, Double> weights) {
		Map<String, Double> m = new LinkedHashMap<>();
		for (Map.Entry<String, Double> e : weights.entrySet()) {
			String name = e.getKey().trim();
			if (name.endsWith(ATTN1)) name = name.substring(0, name.length() - ATTN1.length());
			double v = e.getValue();
			if (!(v >= 0) || Double.isInfinite(v))
				throw new IllegalArgumentException("The weight of layer " + name + " must be a finite number >= 0, got " + v + ".");
			m.put(name, v);
		}
		return new Sd2Settings(modelFolder, timestep, Collections.unmodifiableMap(m), device, precision, textEmbeddingCache);
	}

	public Sd2Settings withDevice(DeviceChoice d) {
		return new Sd2Settings(modelFolder, timestep, layerWeights, d, precision, textEmbeddingCache);
	}

	public Sd2Settings withPrecision(Precision p) {
		return new Sd2Settings(modelFolder, timestep, layerWeights, device, p, textEmbeddingCache);
	}

	public Sd2Settings withTextEmbeddingCache(boolean on) {
		return new Sd2Settings(modelFolder, timestep, layerWeights, device, precision, on);
	}
}

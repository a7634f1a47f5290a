package io.github.m2n2.sd.bench;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import io.github.m2n2.sd.checkpoint.ClipTextConfig;
import io.github.m2n2.sd.checkpoint.ConfigJson;
import io.github.m2n2.sd.checkpoint.UNetConfig;
import io.github.m2n2.sd.checkpoint.VaeConfig;
import io.github.m2n2.sd.safetensors.DType;
import io.github.m2n2.sd.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Writes a diffusers checkpoint folder with random weights for given configs: the real folder
 * layout, config files and tensor names, so the backbone loads it through the same code path as
 * a downloaded model. Weights are scaled like PyTorch's default initialisation (uniform in
 * +-1/sqrt(fan_in)), norms near identity, so activations stay finite through dozens of layers.
 * Values are reproducible from the seed and each tensor's name.
 */
public final class RandomCheckpoint {

	private static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeNulls().create();

	private final JsonObject unet;
	private final JsonObject vae;
	private final JsonObject text;
	private long seed = 1;
	private DType dtype = DType.F32;
	private final Map<String, Long> reseeded = new HashMap<>();

	public RandomCheckpoint(JsonObject unetConfig, JsonObject vaeConfig, JsonObject textConfig) {
		this.unet = unetConfig;
		this.vae = vaeConfig;
		this.text = textConfig;
	}

	public RandomCheckpoint seed(long s) {
		seed = s;
		return this;
	}

	/** Store the weights as F16 ({@code *.fp16.safetensors} file names) instead of F32. */
	public RandomCheckpoint fp16(boolean on) {
		dtype = on ? DType.F16 : DType.F32;
		return this;
	}

	/** Tensors whose names start with {@code prefix} get values from another seed (to test which layers matter). */
	public RandomCheckpoint reseed(String prefix, long otherSeed) {
		reseeded.put(prefix, otherSeed);
		return this;
	}

	/** Writes the checkpoint and returns the folder (for chaining in tests). */
	public Path write(Path folder) throws IOException {
		Files.createDirectories(folder);
		writeJson(folder.resolve("model_index.json"), modelIndex());
		Path u = folder.resolve("unet"), v = folder.resolve("vae"), t = folder.resolve("text_encoder"), k = folder.resolve("tokenizer");
		writeJson(u.resolve("config.json"), unet);
		writeJson(v.resolve("config.json"), vae);
		writeJson(t.resolve("config.json"), text);
		UNetConfig uc = new UNetConfig(ConfigJson.read(u.resolve("config.json")));
		VaeConfig vc = new VaeConfig(ConfigJson.read(v.resolve("config.json")));
		ClipTextConfig tc = new ClipTextConfig(ConfigJson.read(t.resolve("config.json")));
		int outChannels = unet.has("out_channels") ? unet.get("out_channels").getAsInt() : 4;
		String suffix = dtype == DType.F16 ? ".fp16.safetensors" : ".safetensors";
		tensors(DiffusersTensors.unet(uc, outChannels)).write(u.resolve("diffusion_pytorch_model" + suffix));
		tensors(DiffusersTensors.vaeEncoder(vc)).write(v.resolve("diffusion_pytorch_model" + suffix));
		tensors(DiffusersTensors.clipText(tc)).write(t.resolve("model" + suffix));
		writeTokenizer(k, tc);
		return folder;
	}

	private SafetensorsWriter tensors(Map<String, long[]> layout) {
		SafetensorsWriter w = new SafetensorsWriter(dtype);
		for (Map.Entry<String, long[]> e : layout.entrySet()) {
			String name = e.getKey();
			long[] shape = e.getValue();
			w.add(name, shape, () -> values(name, shape));
		}
		return w;
	}

	float[] values(String name, long[] shape) {
		long s = seed;
		for (Map.Entry<String, Long> e : reseeded.entrySet()) if (name.startsWith(e.getKey())) s = e.getValue();
		SplittableRandom rnd = new SplittableRandom(s * 0x9E3779B97F4A7C15L ^ name.hashCode());
		long count = 1;
		for (long d : shape) count *= d;
		float[] v = new float[(int) count];
		boolean norm = shape.length == 1 && name.contains("norm");
		if (norm && name.endsWith(".weight")) {
			for (int i = 0; i < v.length; i++) v[i] = (float) (1 + 0.2 * (rnd.nextDouble() - 0.5));
		} else if (shape.length == 1) {
			for (int i = 0; i < v.length; i++) v[i] = (float) (0.1 * (rnd.nextDouble() - 0.5));
		} else {
			long fanIn = count / shape[0];
			if (name.contains("embedding.weight")) fanIn = 1;
			double bound = name.contains("embedding.weight") ? 0.05 : 1 / Math.sqrt(fanIn);
			for (int i = 0; i < v.length; i++) v[i] = (float) (bound * (2 * rnd.nextDouble() - 1));
		}
		return v;
	}

	private JsonObject modelIndex() {
		JsonObject m = new JsonObject();
		m.addProperty("_class_name", "StableDiffusionPipeline");
		m.addProperty("_diffusers_version", "0.10.0");
		m.add("text_encoder", GSON.toJsonTree(new String[] { "transformers", "CLIPTextModel" }));
		m.add("tokenizer", GSON.toJsonTree(new String[] { "transformers", "CLIPTokenizer" }));
		m.add("unet", GSON.toJsonTree(new String[] { "diffusers", "UNet2DConditionModel" }));
		m.add("vae", GSON.toJsonTree(new String[] { "diffusers", "AutoencoderKL" }));
		m.add("scheduler", GSON.toJsonTree(new String[] { "diffusers", "PNDMScheduler" }));
		return m;
	}

	/**
	 * SD2's tokenizer files, reduced to what the empty prompt needs: the special tokens at their
	 * real ids (start and end are the last two ids of the vocabulary, "!" is 0) plus a few filler
	 * entries. A real vocab.json has all 49408 BPE entries.
	 */
	private static void writeTokenizer(Path dir, ClipTextConfig tc) throws IOException {
		JsonObject vocab = new JsonObject();
		vocab.addProperty("!", 0);
		vocab.addProperty("\"", 1);
		vocab.addProperty("#", 2);
		vocab.addProperty("<|startoftext|>", tc.vocabSize - 2);
		vocab.addProperty("<|endoftext|>", tc.vocabSize - 1);
		writeJson(dir.resolve("vocab.json"), vocab);
		Files.write(dir.resolve("merges.txt"), "#version: 0.2\n".getBytes(StandardCharsets.UTF_8));
		JsonObject special = new JsonObject();
		special.add("bos_token", token("<|startoftext|>"));
		special.add("eos_token", token("<|endoftext|>"));
		special.addProperty("pad_token", "!");
		special.add("unk_token", token("<|endoftext|>"));
		writeJson(dir.resolve("special_tokens_map.json"), special);
		JsonObject cfg = new JsonObject();
		cfg.addProperty("tokenizer_class", "CLIPTokenizer");
		cfg.addProperty("model_max_length", tc.maxPositions);
		cfg.addProperty("do_lower_case", true);
		cfg.addProperty("pad_token", "<|endoftext|>");
		cfg.add("bos_token", token("<|startoftext|>"));
		writeJson(dir.resolve("tokenizer_config.json"), cfg);
	}

	private static JsonObject token(String content) {
		JsonObject o = new JsonObject();
		o.addProperty("__type", "AddedToken");
		o.addProperty("content", content);
		o.addProperty("lstrip", false);
		o.addProperty("normalized", true);
		o.addProperty("rstrip", false);
		o.addProperty("single_word", false);
		return o;
	}

	static void writeJson(Path file, JsonObject o) throws IOException {
		Files.createDirectories(file.getParent());
		Files.write(file, GSON.toJson(o).getBytes(StandardCharsets.UTF_8));
	}
}

package io.github.m2n2.sd.checkpoint;

import io.github.m2n2.sd.CheckpointException;
import io.github.m2n2.sd.safetensors.SafetensorsFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A diffusers checkpoint folder ({@code model_index.json}, {@code unet/}, {@code vae/},
 * {@code text_encoder/}, {@code tokenizer/}): finds each component's config and weights and
 * checks them before anything is loaded. Only safetensors weights are opened: pickle files
 * ({@code .bin}, {@code .ckpt}, {@code .pt}) execute code when unpickled, so a folder that has
 * only those is refused with the names of the files to get instead.
 */
public final class DiffusersCheckpoint {

	public static final String UNET = "unet";
	public static final String VAE = "vae";
	public static final String TEXT_ENCODER = "text_encoder";
	public static final String TOKENIZER = "tokenizer";

	private final Path folder;

	private DiffusersCheckpoint(Path folder) {
		this.folder = folder;
	}

	/** Checks the folder layout and every config (not the weights, which are opened on use). */
	public static DiffusersCheckpoint open(Path folder) {
		if (folder == null) throw new CheckpointException("No Stable Diffusion model folder was given.");
		if (!Files.exists(folder))
			throw new CheckpointException("The Stable Diffusion model folder " + folder + " does not exist.");
		if (!Files.isDirectory(folder))
			throw new CheckpointException(folder + " is a file, not a folder. M2N2 needs a diffusers checkpoint folder"
				+ " (model_index.json, unet/, vae/, text_encoder/, tokenizer/), not a single-file checkpoint.");
		if (!Files.exists(folder.resolve("model_index.json")))
			throw new CheckpointException(folder + " is not a diffusers checkpoint folder: it has no model_index.json"
				+ " (expected model_index.json, unet/, vae/, text_encoder/, tokenizer/).");
		DiffusersCheckpoint c = new DiffusersCheckpoint(folder);
		ConfigJson.read(folder.resolve("model_index.json"));
		for (String component : new String[] { UNET, VAE, TEXT_ENCODER, TOKENIZER })
			if (!Files.isDirectory(folder.resolve(component)))
				throw new CheckpointException("The checkpoint " + folder + " lacks the folder " + component + "/.");
		return c;
	}

	public Path folder() { return folder; }

	public UNetConfig unetConfig() { return new UNetConfig(ConfigJson.read(folder.resolve(UNET).resolve("config.json"))); }

	public VaeConfig vaeConfig() { return new VaeConfig(ConfigJson.read(folder.resolve(VAE).resolve("config.json"))); }

	public ClipTextConfig textConfig() {
		return new ClipTextConfig(ConfigJson.read(folder.resolve(TEXT_ENCODER).resolve("config.json")));
	}

	public int[] emptyPromptTokens(ClipTextConfig text) { return EmptyPrompt.tokenIds(folder.resolve(TOKENIZER), text); }

	/** The base name of a component's weights file: transformers models use "model", diffusers ones the longer name. */
	private static String baseName(String component) {
		return component.equals(TEXT_ENCODER) ? "model" : "diffusion_pytorch_model";
	}

	/** The safetensors weights of a component: the full-precision file if present, else the fp16 variant. */
	public Path weightsFile(String component) {
		Path dir = folder.resolve(component);
		String base = baseName(component);
		for (String name : new String[] { base + ".safetensors", base + ".fp16.safetensors" }) {
			Path p = dir.resolve(name);
			if (Files.isRegularFile(p)) return p;
		}
		List<String> present = listing(dir);
		List<String> pickles = present.stream().filter(DiffusersCheckpoint::isPickle).collect(Collectors.toList());
		String wanted = component + "/" + base + ".safetensors (or " + component + "/" + base + ".fp16.safetensors)";
		if (!pickles.isEmpty())
			throw new CheckpointException("The folder " + dir + " holds only " + String.join(", ", pickles)
				+ ": PyTorch pickle files, which can run arbitrary code when loaded, so M2N2 does not open them. Download "
				+ wanted + " instead.");
		if (present.stream().anyMatch(n -> n.endsWith(".safetensors.index.json")))
			throw new CheckpointException("The folder " + dir + " holds sharded weights, which are not supported; M2N2 needs "
				+ wanted + " as one file.");
		throw new CheckpointException("The checkpoint lacks its " + component + " weights: expected " + wanted + ".");
	}

	public SafetensorsFile openWeights(String component) { return SafetensorsFile.open(weightsFile(component)); }

	static boolean isPickle(String name) {
		return name.endsWith(".bin") || name.endsWith(".ckpt") || name.endsWith(".pt") || name.endsWith(".pth")
			|| name.endsWith(".pkl");
	}

	private static List<String> listing(Path dir) {
		try (Stream<Path> s = Files.list(dir)) {
			return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
		} catch (IOException e) {
			return new ArrayList<>();
		}
	}
}

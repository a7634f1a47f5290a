package io.github.m2n2.sd.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import io.github.m2n2.sd.hub.ModelDownloadException.Kind;

/**
 * Which files of a diffusers Stable Diffusion checkpoint M2N2 needs, and nothing more: a hub
 * repository often also holds EMA weights, .ckpt files and both precisions, several gigabytes
 * that would be downloaded for nothing.
 * <p>
 * Weights are taken only as safetensors. Pickle files (.bin, .ckpt, .pt) run code while they
 * are loaded, so a model offered only that way is refused rather than trusted.
 */
final class DiffusersLayout {

	static final String MODEL_INDEX = "model_index.json";
	/** The networks M2N2 runs, each a folder with config.json and one weights file. */
	static final List<String> NETWORKS = Collections.unmodifiableList(Arrays.asList("unet", "vae", "text_encoder"));
	static final List<String> TOKENIZER_REQUIRED = Collections.unmodifiableList(Arrays.asList(
		"tokenizer/vocab.json", "tokenizer/merges.txt"));
	static final List<String> OPTIONAL = Collections.unmodifiableList(Arrays.asList(
		"tokenizer/special_tokens_map.json", "tokenizer/tokenizer_config.json", "scheduler/scheduler_config.json"));
	// diffusers names weights diffusion_pytorch_model.*, transformers (the text encoder) model.*
	private static final List<String> WEIGHT_BASES = Collections.unmodifiableList(Arrays.asList(
		"diffusion_pytorch_model", "model"));
	private static final List<String> PICKLE_SUFFIXES = Collections.unmodifiableList(Arrays.asList(
		".bin", ".ckpt", ".pt", ".pth", ".pkl", ".pickle"));

	private DiffusersLayout() { }

	/**
	 * The repository paths to fetch for the precision, required ones first.
	 *
	 * @param available every path in the repository (or folder), '/'-separated
	 * @param where names the model or folder in messages
	 */
	static List<String> select(final Set<String> available, final WeightsVariant precision, final String where)
		throws ModelDownloadException
	{
		final List<String> needed = new ArrayList<>();
		final List<String> missing = new ArrayList<>();
		require(available, MODEL_INDEX, needed, missing);
		for (final String network : NETWORKS) {
			require(available, network + "/config.json", needed, missing);
			final String weights = weightsFile(available, network, precision);
			if (weights != null) needed.add(weights);
			else {
				final List<String> pickles = pickleFiles(available, network);
				if (!pickles.isEmpty())
					throw new ModelDownloadException(Kind.PICKLE_ONLY, where + " has " + network + " weights only as " +
						String.join(", ", pickles) + ": pickle files can execute code when loaded and are refused. " +
						"Needed: " + expectedWeights(network, precision) + ".");
				if (isSharded(available, network))
					throw new ModelDownloadException(Kind.NOT_A_CHECKPOINT, where + " splits the " + network +
						" weights into shards, which are not supported; needed: " + expectedWeights(network, precision) + ".");
				missing.add(expectedWeights(network, precision));
			}
		}
		for (final String file : TOKENIZER_REQUIRED) require(available, file, needed, missing);
		if (!missing.isEmpty())
			throw new ModelDownloadException(Kind.NOT_A_CHECKPOINT, where +
				" is not a diffusers Stable Diffusion checkpoint: missing " + String.join(", ", missing) + ".");
		for (final String file : OPTIONAL)
			if (available.contains(file)) needed.add(file);
		return needed;
	}

	/** Checks that a local folder holds a usable checkpoint of either precision. */
	static void checkFolder(final Path folder) throws ModelDownloadException {
		final Set<String> files = listFiles(folder);
		try {
			select(files, WeightsVariant.FP32, "Folder " + folder);
		}
		catch (final ModelDownloadException e) {
			if (e.kind() != Kind.NOT_A_CHECKPOINT) throw e;
			select(files, WeightsVariant.FP16, "Folder " + folder); // same verdict unless only fp16 is present
		}
	}

	/** Files up to two levels down, as '/'-separated relative paths. */
	static Set<String> listFiles(final Path folder) throws ModelDownloadException {
		try (Stream<Path> walk = Files.walk(folder, 2)) {
			return walk.filter(Files::isRegularFile)
				.map(p -> folder.relativize(p).toString().replace('\\', '/'))
				.collect(Collectors.toCollection(TreeSet::new));
		}
		catch (final IOException e) {
			throw new ModelDownloadException(Kind.NOT_A_CHECKPOINT, "Cannot read folder " + folder + ": " + e.getMessage(), e);
		}
	}

	/**
	 * The fp16 variant when half precision is asked for and offered, else the plain file. With
	 * full precision asked for and only the fp16 variant offered, that one is taken: the loader
	 * widens half to single precision, which loses nothing.
	 */
	static String weightsFile(final Set<String> available, final String network, final WeightsVariant precision) {
		final String half = ".fp16.safetensors", plain = ".safetensors";
		final List<String> suffixes = precision == WeightsVariant.FP16 ? Arrays.asList(half, plain) : Arrays.asList(plain, half);
		for (final String suffix : suffixes)
			for (final String base : WEIGHT_BASES)
				if (available.contains(network + "/" + base + suffix)) return network + "/" + base + suffix;
		return null;
	}

	private static List<String> pickleFiles(final Set<String> available, final String network) {
		final List<String> found = new ArrayList<>();
		for (final String f : available) {
			if (!f.startsWith(network + "/")) continue;
			final String lower = f.toLowerCase(Locale.ROOT);
			for (final String suffix : PICKLE_SUFFIXES)
				if (lower.endsWith(suffix)) found.add(f);
		}
		return found;
	}

	private static boolean isSharded(final Set<String> available, final String network) {
		for (final String f : available)
			if (f.startsWith(network + "/") && f.endsWith(".safetensors.index.json")) return true;
		return false;
	}

	private static String expectedWeights(final String network, final WeightsVariant precision) {
		final String base = network.equals("text_encoder") ? "model" : "diffusion_pytorch_model";
		final String plain = network + "/" + base + ".safetensors";
		final String half = network + "/" + base + ".fp16.safetensors";
		return precision == WeightsVariant.FP16 ? half + " or " + plain : plain + " or " + half;
	}

	private static void require(final Set<String> available, final String file, final List<String> needed,
		final List<String> missing)
	{
		if (available.contains(file)) needed.add(file);
		else missing.add(file);
	}
}

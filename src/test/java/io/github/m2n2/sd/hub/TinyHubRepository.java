package io.github.m2n2.sd.hub;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The file set of a Stable Diffusion 2 diffusers repository in miniature: the real names, small
 * contents, both precisions, plus what a real repository also holds and M2N2 must not fetch
 * (pickle weights, a .ckpt, a README, the safety checker's config).
 */
final class TinyHubRepository {

	static final String COMMIT = "0123456789abcdef0123456789abcdef01234567";
	static final String UNET_FP32 = "unet/diffusion_pytorch_model.safetensors";
	static final String UNET_FP16 = "unet/diffusion_pytorch_model.fp16.safetensors";
	static final String VAE_FP32 = "vae/diffusion_pytorch_model.safetensors";
	static final String VAE_FP16 = "vae/diffusion_pytorch_model.fp16.safetensors";
	static final String TEXT_FP32 = "text_encoder/model.safetensors";
	static final String TEXT_FP16 = "text_encoder/model.fp16.safetensors";
	/** Files that are present in the repository and never needed. */
	static final String[] UNWANTED = { "unet/diffusion_pytorch_model.bin", "v2-1_512-ema-pruned.ckpt",
		"README.md", "feature_extractor/preprocessor_config.json" };

	private TinyHubRepository() { }

	/** Adds the full checkpoint to a fake hub repository. */
	static FakeHub.Repo fill(final FakeHub.Repo repo) {
		final Random random = new Random(42);
		repo.put("model_index.json", "{\"_class_name\": \"StableDiffusionPipeline\", \"_diffusers_version\": \"0.8.0\"}");
		for (final String network : new String[] { "unet", "vae", "text_encoder" })
			repo.put(network + "/config.json", "{\"network\": \"" + network + "\"}");
		repo.put(UNET_FP32, bytes(random, 300_000)).put(UNET_FP16, bytes(random, 150_000));
		repo.put(VAE_FP32, bytes(random, 80_000)).put(VAE_FP16, bytes(random, 40_000));
		repo.put(TEXT_FP32, bytes(random, 120_000)).put(TEXT_FP16, bytes(random, 60_000));
		repo.put("tokenizer/vocab.json", "{\"a\": 0}").put("tokenizer/merges.txt", "#version: 0.2\na b\n");
		repo.put("tokenizer/special_tokens_map.json", "{}").put("tokenizer/tokenizer_config.json", "{}");
		repo.put("scheduler/scheduler_config.json", "{\"_class_name\": \"PNDMScheduler\"}");
		for (final String unwanted : UNWANTED) repo.put(unwanted, bytes(random, 5_000));
		return repo;
	}

	/** Writes the files of one precision into a local folder, as a user would have them. */
	static void writeFolder(final FakeHub.Repo source, final Path folder, final boolean fp16) throws IOException {
		for (final String path : source.files.keySet()) {
			final boolean half = path.contains(".fp16.");
			final boolean weights = path.endsWith(".safetensors");
			if (weights && half != fp16) continue;
			final Path target = folder.resolve(path);
			Files.createDirectories(target.getParent());
			Files.write(target, source.files.get(path));
		}
	}

	static byte[] bytes(final Random random, final int n) {
		final byte[] b = new byte[n];
		random.nextBytes(b);
		return b;
	}
}

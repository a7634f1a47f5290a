package io.github.m2n2.sd.hub;

import io.github.m2n2.io.Half;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import io.github.m2n2.sd.hub.ModelDownloadException.Kind;

class DiffusersLayoutTest {

	/** The files of stabilityai/stable-diffusion-2-1-base as the hub lists them (sizes aside). */
	private static Set<String> sd21Base() {
		return new TreeSet<>(Arrays.asList(".gitattributes", "README.md", "model_index.json",
			"v2-1_512-ema-pruned.ckpt", "v2-1_512-ema-pruned.safetensors", "v2-1_512-nonema-pruned.ckpt",
			"feature_extractor/preprocessor_config.json", "scheduler/scheduler_config.json",
			"text_encoder/config.json", "text_encoder/model.fp16.safetensors", "text_encoder/model.safetensors",
			"text_encoder/pytorch_model.bin", "text_encoder/pytorch_model.fp16.bin",
			"tokenizer/merges.txt", "tokenizer/special_tokens_map.json", "tokenizer/tokenizer_config.json", "tokenizer/vocab.json",
			"unet/config.json", "unet/diffusion_pytorch_model.bin", "unet/diffusion_pytorch_model.fp16.bin",
			"unet/diffusion_pytorch_model.fp16.safetensors", "unet/diffusion_pytorch_model.safetensors",
			"vae/config.json", "vae/diffusion_pytorch_model.bin", "vae/diffusion_pytorch_model.fp16.bin",
			"vae/diffusion_pytorch_model.fp16.safetensors", "vae/diffusion_pytorch_model.safetensors"));
	}

	@Test
	void selectsTheFp16FilesOfARealRepositoryLayout() throws Exception {
		final List<String> files = DiffusersLayout.select(sd21Base(), WeightsVariant.FP16, "m");
		assertEquals(Arrays.asList("model_index.json",
			"unet/config.json", "unet/diffusion_pytorch_model.fp16.safetensors",
			"vae/config.json", "vae/diffusion_pytorch_model.fp16.safetensors",
			"text_encoder/config.json", "text_encoder/model.fp16.safetensors",
			"tokenizer/vocab.json", "tokenizer/merges.txt",
			"tokenizer/special_tokens_map.json", "tokenizer/tokenizer_config.json", "scheduler/scheduler_config.json"), files);
	}

	@Test
	void selectsThePlainFilesForFullPrecision() throws Exception {
		final List<String> files = DiffusersLayout.select(sd21Base(), WeightsVariant.FP32, "m");
		assertTrue(files.contains("unet/diffusion_pytorch_model.safetensors"));
		assertTrue(files.contains("text_encoder/model.safetensors"));
		assertTrue(files.stream().noneMatch(f -> f.contains("fp16") || f.endsWith(".bin") || f.endsWith(".ckpt")), files.toString());
	}

	@Test
	void takesTheOtherPrecisionWhenTheAskedOneIsMissing() throws Exception {
		final Set<String> onlyHalf = sd21Base();
		onlyHalf.remove("unet/diffusion_pytorch_model.safetensors");
		assertTrue(DiffusersLayout.select(onlyHalf, WeightsVariant.FP32, "m").contains("unet/diffusion_pytorch_model.fp16.safetensors"));
	}

	@Test
	void refusesPickleOnlyWeightsAndNamesWhatIsNeeded() {
		final Set<String> pickled = sd21Base();
		pickled.removeIf(f -> f.startsWith("vae/") && f.endsWith(".safetensors"));
		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> DiffusersLayout.select(pickled, WeightsVariant.FP16, "Model x/y"));
		assertEquals(Kind.PICKLE_ONLY, e.kind());
		assertTrue(e.getMessage().startsWith("Model x/y has vae weights only as vae/diffusion_pytorch_model.bin"), e.getMessage());
		assertTrue(e.getMessage().contains("vae/diffusion_pytorch_model.fp16.safetensors or vae/diffusion_pytorch_model.safetensors"),
			e.getMessage());
	}

	@Test
	void listsEverythingMissingFromSomethingElse() {
		final Set<String> notSd = new TreeSet<>(Arrays.asList("config.json", "model.safetensors"));
		final ModelDownloadException e = assertThrows(ModelDownloadException.class,
			() -> DiffusersLayout.select(notSd, WeightsVariant.FP16, "Model x/y"));
		assertEquals(Kind.NOT_A_CHECKPOINT, e.kind());
		for (final String missing : new String[] { "model_index.json", "unet/config.json", "vae/config.json",
			"text_encoder/model.fp16.safetensors", "tokenizer/vocab.json" })
			assertTrue(e.getMessage().contains(missing), missing + " in " + e.getMessage());
	}

	@Test
	void optionalFilesMayBeAbsent() throws Exception {
		final Set<String> minimal = sd21Base();
		minimal.removeAll(DiffusersLayout.OPTIONAL);
		final List<String> files = DiffusersLayout.select(minimal, WeightsVariant.FP16, "m");
		assertFalse(files.contains("scheduler/scheduler_config.json"));
		assertEquals(9, files.size());
	}
}

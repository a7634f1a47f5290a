package io.github.m2n2.sd;

import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** The whole SD2 path on a tiny random checkpoint: load, text encoder, VAE, UNet, capture, aggregate. */
class StableDiffusionBackboneTest {

	@TempDir
	static Path dir;
	static Path model;
	static GuideImage image;

	@BeforeAll
	static void writeModel() throws Exception {
		model = TinyCheckpoint.write(dir.resolve("tiny"));
		image = randomImage(80, 72, 7);
	}

	static GuideImage randomImage(int w, int h, long seed) {
		Random rnd = new Random(seed);
		int[] rgb = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				// smooth structure plus noise, so attention has something to attend to
				int r = (int) (127 + 100 * Math.sin(x / 9.0)) + rnd.nextInt(20);
				int g = (int) (127 + 100 * Math.cos(y / 7.0)) + rnd.nextInt(20);
				int b = x < w / 2 ? 40 : 200;
				rgb[y * w + x] = (Math.min(255, r) << 16) | (Math.min(255, g) << 8) | b;
			}
		return GuideImage.ofPackedRgb(w, h, rgb);
	}

	static Sd2Settings cpu(Path folder) {
		return Sd2Settings.of(folder).withDevice(Sd2Settings.DeviceChoice.CPU);
	}

	static float[] run(Sd2Settings s) throws BackboneException {
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(s)) {
			return b.attention(image, TinyCheckpoint.R, ProgressListener.NONE).values();
		}
	}

	static double maxDiff(float[] a, float[] b) {
		double m = 0;
		for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
		return m;
	}

	@Test
	void producesRowStochasticAttentionOverTheGrid() throws Exception {
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(cpu(model))) {
			assertEquals("sd2", b.name());
			assertEquals(64, b.defaultResolution());
			Attention a = b.attention(image, 8, ProgressListener.NONE);
			assertEquals(8, a.resolution());
			assertEquals(8 * 8 * 8 * 8, a.values().length);
			for (int i = 0; i < a.tokens(); i++) {
				double s = 0;
				for (int j = 0; j < a.tokens(); j++) {
					assertTrue(a.get(i, j) >= 0);
					s += a.get(i, j);
				}
				assertEquals(1, s, 1e-4);
			}
			// not degenerate: rows differ from the uniform distribution and from each other
			assertTrue(maxDiff(row(a, 0), row(a, 63)) > 1e-4);
			float[] again = b.attention(image, 8, ProgressListener.NONE).values();
			assertArrayEquals(a.values(), again, "a second image on the same backbone must give the same result");
		}
	}

	static float[] row(Attention a, int i) {
		float[] r = new float[a.tokens()];
		System.arraycopy(a.values(), i * a.tokens(), r, 0, r.length);
		return r;
	}

	@Test
	void identicalAcrossBackbones() throws Exception {
		assertArrayEquals(run(cpu(model)), run(cpu(model)));
	}

	@Test
	void onlyTheCapturedLayersAndWhatRunsBeforeThemMatter() throws Exception {
		float[] base = run(cpu(model));
		Path later = TinyCheckpoint.random().reseed("up_blocks.3.attentions.2", 99).reseed("up_blocks.3.resnets.2", 98)
			.reseed("conv_out", 97).write(dir.resolve("later"));
		assertArrayEquals(base, run(cpu(later)), "layers after up_blocks.3.attentions.1 must not influence the attention");
		Path first = TinyCheckpoint.random().reseed("up_blocks.3.attentions.0.", 99).write(dir.resolve("first"));
		assertTrue(maxDiff(base, run(cpu(first))) > 1e-3, "up_blocks.3.attentions.0 must influence the attention");
		Path early = TinyCheckpoint.random().reseed("down_blocks.1.attentions.0.", 99).write(dir.resolve("early"));
		assertTrue(maxDiff(base, run(cpu(early))) > 1e-4, "layers before the captured ones feed them");
	}

	@Test
	void aZeroWeightRemovesALayersInfluence() throws Exception {
		Map<String, Double> onlyFirst = new LinkedHashMap<>();
		onlyFirst.put("up_blocks.3.attentions.0", 1.0);
		onlyFirst.put("up_blocks.3.attentions.1", 0.0);
		Path second = TinyCheckpoint.random().reseed("up_blocks.3.attentions.1.", 99).write(dir.resolve("second"));
		float[] a = run(cpu(model).withLayerWeights(onlyFirst));
		assertArrayEquals(a, run(cpu(second).withLayerWeights(onlyFirst)));
		assertTrue(maxDiff(run(cpu(model)), run(cpu(second))) > 1e-3, "with its default weight the layer does matter");
	}

	@Test
	void defaultIsTheMeanOfTheTwoLayers() throws Exception {
		Map<String, Double> first = new LinkedHashMap<>(), second = new LinkedHashMap<>();
		first.put("up_blocks.3.attentions.0.transformer_blocks.0.attn1", 1.0);
		second.put("up_blocks.3.attentions.1", 2.0);
		float[] a0 = run(cpu(model).withLayerWeights(first));
		float[] a1 = run(cpu(model).withLayerWeights(second));
		float[] both = run(cpu(model));
		assertTrue(maxDiff(a0, a1) > 1e-3);
		for (int i = 0; i < both.length; i++) assertEquals((a0[i] + a1[i]) / 2, both[i], 1e-6);
	}

	@Test
	void textEmbeddingIsCachedBesideTheModel() throws Exception {
		Path m = TinyCheckpoint.write(dir.resolve("cached"));
		float[] first;
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(cpu(m))) {
			first = b.attention(image, 8, ProgressListener.NONE).values();
			assertTrue(b.textEncoderRan());
		}
		assertTrue(Files.list(m.resolve(TextEmbeddingCache.FOLDER)).anyMatch(p -> p.toString().endsWith(".safetensors")));
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(cpu(m))) {
			assertArrayEquals(first, b.attention(image, 8, ProgressListener.NONE).values());
			assertFalse(b.textEncoderRan(), "the second backbone must read the cached embedding");
		}
		Path off = TinyCheckpoint.write(dir.resolve("uncached"));
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(cpu(off).withTextEmbeddingCache(false))) {
			assertArrayEquals(first, b.attention(image, 8, ProgressListener.NONE).values());
			assertTrue(b.textEncoderRan());
		}
		assertFalse(Files.exists(off.resolve(TextEmbeddingCache.FOLDER)));
	}

	@Test
	void fp16FilesLoadAndAgreeWithFp32() throws Exception {
		Path half = TinyCheckpoint.random().fp16(true).write(dir.resolve("half"));
		assertTrue(Files.exists(half.resolve("unet/diffusion_pytorch_model.fp16.safetensors")));
		float[] a = run(cpu(half));
		double d = maxDiff(a, run(cpu(model)));
		assertTrue(d < 2e-3, "fp16-stored weights should change the attention only by rounding, got " + d);
	}

	@Test
	void readsExactlyTheTensorsItRuns() throws Exception {
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(cpu(model))) {
			b.attention(image, 8, ProgressListener.NONE);
			Map<String, java.util.Set<String>> used = b.usedTensors();
			java.util.Set<String> unet = new java.util.TreeSet<>(io.github.m2n2.sd.bench.DiffusersTensors.unet(
				io.github.m2n2.sd.checkpoint.DiffusersCheckpoint.open(model).unetConfig(), 4).keySet());
			unet.removeIf(n -> n.startsWith("up_blocks.3.resnets.2.") || n.startsWith("up_blocks.3.attentions.2.")
				|| n.startsWith("conv_norm_out.") || n.startsWith("conv_out."));
			assertEquals(unet, new java.util.TreeSet<>(used.get("unet")));
			java.util.Set<String> vae = new java.util.TreeSet<>(io.github.m2n2.sd.bench.DiffusersTensors.vaeEncoder(
				io.github.m2n2.sd.checkpoint.DiffusersCheckpoint.open(model).vaeConfig()).keySet());
			vae.removeIf(n -> n.startsWith("post_quant_conv."));
			assertEquals(vae, new java.util.TreeSet<>(used.get("vae")));
		}
	}

	@Test
	void convProjectionsUpcastAndIntegerHeadsAlsoRun() throws Exception {
		com.google.gson.JsonObject u = TinyCheckpoint.unetConfig();
		u.addProperty("use_linear_projection", false);
		u.addProperty("upcast_attention", true);
		u.addProperty("attention_head_dim", 4);
		com.google.gson.JsonObject t = TinyCheckpoint.textConfig();
		t.addProperty("hidden_act", "quick_gelu");
		Path sd1ish = new io.github.m2n2.sd.bench.RandomCheckpoint(u, TinyCheckpoint.vaeConfig(), t).write(dir.resolve("sd1ish"));
		assertTrue(io.github.m2n2.sd.safetensors.SafetensorsFile.open(sd1ish.resolve("unet/diffusion_pytorch_model.safetensors"))
			.info("up_blocks.3.attentions.0.proj_in.weight").shape().length == 4, "1x1 conv projections");
		float[] a = run(cpu(sd1ish));
		Attention att = Attention.of(8, a);
		assertEquals(64, att.tokens());
	}

	@Test
	void manyImagesDoNotAccumulateNativeArrays() throws Exception {
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(cpu(model))) {
			b.attention(image, 8, ProgressListener.NONE);
			int after1 = b.liveArrays();
			for (int i = 0; i < 3; i++) b.attention(randomImage(70, 90, i), 8, ProgressListener.NONE);
			assertEquals(after1, b.liveArrays(), "per-image arrays must be freed with their NDManager");
			assertTrue(after1 > 100, "the loaded weights stay: " + after1);
		}
	}

	@Test
	void imageIsAreaResizedTo8rAndMappedToMinusOneOne() throws Exception {
		GuideImage small = GuideImage.ofChannels(2, 1, new float[] { 0f, 1f }, new float[] { 0.5f, 0.25f }, new float[] { 1f, 0f });
		// 0.5 and 0.25 are 127.5 and 63.75 of 255: stored as the bytes 128 and 64 (VaeInputTest)
		assertArrayEquals(new float[] { -1, 1, 2 * 128 / 255f - 1, 2 * 64 / 255f - 1, 1, -1 }, StableDiffusionBackbone.pixels(small), 1e-6f,
			"NCHW, bytes, 2v - 1");
		float[] direct = run(cpu(model));
		GuideImage pre = image.resized(64, 64);
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(cpu(model))) {
			assertArrayEquals(direct, b.attention(pre, 8, ProgressListener.NONE).values(),
				"an image already at 8r x 8r must give what the backbone's own resize gives");
		}
	}

	@Test
	void cancellingStopsThePassAndLeavesTheBackboneUsable() throws Exception {
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(cpu(model))) {
			float[] before = b.attention(image, 8, ProgressListener.NONE).values();
			int live = b.liveArrays();
			java.util.List<String> tasks = new java.util.ArrayList<>();
			ProgressListener cancelInUnet = new ProgressListener() {
				boolean cancel;

				@Override
				public void progress(String task, double fraction) {
					tasks.add(task);
					if (task.contains("UNet")) cancel = true;
				}

				@Override
				public boolean isCanceled() { return cancel; }
			};
			assertThrows(io.github.m2n2.engine.CanceledException.class, () -> b.attention(image, 8, cancelInUnet));
			assertTrue(tasks.stream().anyMatch(t -> t.contains("VAE")), "progress reports the VAE before the UNet: " + tasks);
			assertEquals(live, b.liveArrays(), "a cancelled pass frees its arrays");
			assertArrayEquals(before, b.attention(image, 8, ProgressListener.NONE).values());
		}
	}
}

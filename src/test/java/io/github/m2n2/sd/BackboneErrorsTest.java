package io.github.m2n2.sd;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/** Each way a user can get the SD2 backbone wrong ends in one BackboneException with a clear message. */
class BackboneErrorsTest {

	@TempDir
	static Path dir;
	static Path model;
	static GuideImage image = StableDiffusionBackboneTest.randomImage(64, 64, 3);

	@BeforeAll
	static void writeModel() throws Exception {
		model = TinyCheckpoint.write(dir.resolve("ok"));
	}

	static String error(Sd2Settings s, GuideImage img, int r) {
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(s)) {
			BackboneException e = assertThrows(BackboneException.class, () -> b.attention(img, r, ProgressListener.NONE));
			assertNotNull(e.getMessage());
			assertFalse(e.getMessage().contains("Exception"), "a message for people, not a stack trace: " + e.getMessage());
			return e.getMessage();
		}
	}

	static String error(Path folder) {
		return error(StableDiffusionBackboneTest.cpu(folder), image, 8);
	}

	static Path copy(String name) throws Exception {
		Path to = dir.resolve(name);
		try (java.util.stream.Stream<Path> s = Files.walk(model)) {
			for (Path p : (Iterable<Path>) s::iterator) {
				Path t = to.resolve(model.relativize(p).toString());
				if (Files.isDirectory(p)) Files.createDirectories(t);
				else Files.copy(p, t);
			}
		}
		return to;
	}

	@Test
	void missingFolderAndFiles() throws Exception {
		assertTrue(error(dir.resolve("nowhere")).contains("does not exist"));
		Path file = Files.write(dir.resolve("single.safetensors"), new byte[10]);
		assertTrue(error(file).contains("not a single-file checkpoint"));
		Path noIndex = copy("noindex");
		Files.delete(noIndex.resolve("model_index.json"));
		assertTrue(error(noIndex).contains("model_index.json"));
		Path noVae = copy("novae");
		Files.delete(noVae.resolve("vae/diffusion_pytorch_model.safetensors"));
		assertTrue(error(noVae).contains("vae/diffusion_pytorch_model.safetensors"));
		Path noConfig = copy("noconfig");
		Files.delete(noConfig.resolve("unet/config.json"));
		assertTrue(error(noConfig).contains("unet/config.json"));
		Path noTokenizer = copy("novocab");
		Files.delete(noTokenizer.resolve("tokenizer/vocab.json"));
		assertTrue(error(noTokenizer).contains("vocab.json"));
	}

	@Test
	void pickleOnlyCheckpointIsRefusedWithTheFilesToGet() throws Exception {
		Path pickled = copy("pickled");
		Files.move(pickled.resolve("unet/diffusion_pytorch_model.safetensors"), pickled.resolve("unet/diffusion_pytorch_model.bin"));
		String m = error(pickled);
		assertTrue(m.contains("diffusion_pytorch_model.bin"), m);
		assertTrue(m.contains("arbitrary code"), m);
		assertTrue(m.contains("unet/diffusion_pytorch_model.safetensors"), m);
		assertTrue(m.contains("fp16.safetensors"), m);
	}

	static Path withUnetConfig(String name, java.util.function.Consumer<JsonObject> change) throws Exception {
		Path p = copy(name);
		JsonObject c = TinyCheckpoint.unetConfig();
		change.accept(c);
		Files.write(p.resolve("unet/config.json"), c.toString().getBytes(StandardCharsets.UTF_8));
		return p;
	}

	@Test
	void wrongConfigs() throws Exception {
		String m = error(withUnetConfig("groups", c -> c.addProperty("norm_num_groups", 5)));
		assertTrue(m.contains("norm_num_groups") && m.contains("unet/config.json"), m);
		m = error(withUnetConfig("type", c -> {
			JsonArray a = TinyCheckpoint.strings("CrossAttnDownBlock2D", "SimpleDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D");
			c.add("down_block_types", a);
		}));
		assertTrue(m.contains("SimpleDownBlock2D"), m);
		m = error(withUnetConfig("missing", c -> c.remove("block_out_channels")));
		assertTrue(m.contains("'block_out_channels' is missing"), m);
		m = error(withUnetConfig("channels", c -> c.add("block_out_channels", TinyCheckpoint.ints(16, 16, 32, 48))));
		assertTrue(m.contains("does not match") || m.contains("do not match"), m);
		Path badJson = copy("badjson");
		Files.write(badJson.resolve("vae/config.json"), "{\"block_out_channels\": [8, ".getBytes(StandardCharsets.UTF_8));
		assertTrue(error(badJson).contains("not valid JSON"));
		JsonObject text = TinyCheckpoint.textConfig();
		text.addProperty("hidden_act", "relu");
		Path relu = copy("relu");
		Files.write(relu.resolve("text_encoder/config.json"), text.toString().getBytes(StandardCharsets.UTF_8));
		assertTrue(error(relu).contains("hidden_act"));
	}

	@Test
	void gpuRequestedButAbsent() {
		org.junit.jupiter.api.Assumptions.assumeTrue(ComputeDevice.gpuCount() == 0, "this machine has a GPU");
		String m = error(Sd2Settings.of(model).withDevice(Sd2Settings.DeviceChoice.GPU), image, 8);
		assertTrue(m.contains("GPU") && m.contains("cpu"), m);
		m = error(Sd2Settings.of(model).withDevice(Sd2Settings.DeviceChoice.CPU).withPrecision(Sd2Settings.Precision.FP16), image, 8);
		assertTrue(m.contains("fp16"), m);
	}

	@Test
	void badRequests() {
		Sd2Settings s = StableDiffusionBackboneTest.cpu(model);
		String m = error(s, StableDiffusionBackboneTest.randomImage(6, 40, 1), 8);
		assertTrue(m.contains("smaller than the 8 x 8"), m);
		m = error(s, image, 12);
		assertTrue(m.contains("multiple of 8"), m);
		m = error(s, image, 256);
		assertTrue(m.contains("at most 208"), m);
		Map<String, Double> w = new LinkedHashMap<>();
		w.put("up_blocks.7.attentions.0", 1.0);
		m = error(s.withLayerWeights(w), image, 8);
		assertTrue(m.contains("up_blocks.7.attentions.0") && m.contains("up_blocks.3.attentions.2"), m);
		m = error(s.withLayerWeights(Collections.singletonMap("down_blocks.1.attentions.0", 1.0)), image, 8);
		assertTrue(m.contains("4 x 4"), m);
		m = error(s.withLayerWeights(Collections.singletonMap("up_blocks.3.attentions.0", 0.0)), image, 8);
		assertTrue(m.contains("weights are 0"), m);
		assertThrows(IllegalArgumentException.class, () -> s.withLayerWeights(Collections.singletonMap("up_blocks.3.attentions.0", -1.0)));
	}
}

package io.github.m2n2.sd.checkpoint;

import com.google.gson.JsonObject;
import io.github.m2n2.sd.bench.Sd2Configs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

/** The published SD 2 / 2.1 / 2.1-base configs parse into the architecture diffusers builds from them. */
class PublishedConfigsTest {

	@TempDir
	Path dir;

	private ConfigJson write(String name, JsonObject o) throws Exception {
		Path p = dir.resolve(name + ".json");
		Files.write(p, o.toString().getBytes(StandardCharsets.UTF_8));
		return ConfigJson.read(p);
	}

	@Test
	void sd21BaseUnet() throws Exception {
		UNetConfig u = new UNetConfig(write("unet", Sd2Configs.unet21Base()));
		assertArrayEquals(new int[] { 320, 640, 1280, 1280 }, u.blockOutChannels);
		assertArrayEquals(new int[] { 5, 10, 20, 20 }, u.heads, "attention_head_dim is a head count in SD2");
		assertEquals(64, u.blockOutChannels[0] / u.upHeads(3), "up_blocks.3 attention has 5 heads of 64");
		assertEquals(1280, u.timeEmbedDim);
		assertEquals(1024, u.crossAttentionDim);
		assertTrue(u.useLinearProjection);
		assertFalse(u.upcastAttention);
		assertTrue(u.flipSinToCos);
		assertEquals(0, u.freqShift);
		assertEquals(32, u.normGroups);
		assertEquals(1e-5, u.normEps);
		assertEquals(64, u.sampleSize);
		assertTrue(u.downHasAttention(0) && !u.downHasAttention(3));
		assertTrue(!u.upHasAttention(0) && u.upHasAttention(3));
	}

	@Test
	void sd2And21At768() throws Exception {
		// stabilityai/stable-diffusion-2 and -2-1 differ from 2.1-base in sample_size and (2.1) upcast_attention
		JsonObject c = Sd2Configs.unet21Base();
		c.addProperty("sample_size", 96);
		UNetConfig sd2 = new UNetConfig(write("sd2", c));
		assertEquals(96, sd2.sampleSize);
		c.addProperty("upcast_attention", true);
		assertTrue(new UNetConfig(write("sd21", c)).upcastAttention);
		JsonObject v = Sd2Configs.vae21Base();
		v.addProperty("sample_size", 768);
		VaeConfig vae = new VaeConfig(write("vae", v));
		assertEquals(0.18215, vae.scalingFactor, 0, "absent scaling_factor takes diffusers' default");
		assertEquals(8, vae.downsampling());
		assertEquals(1e-6, vae.normEps);
	}

	@Test
	void sd2TextEncoder() throws Exception {
		ClipTextConfig t = new ClipTextConfig(write("text", Sd2Configs.textEncoder21Base()));
		assertEquals(1024, t.hiddenSize);
		assertEquals(23, t.layers, "SD2 stores 23 of OpenCLIP ViT-H's 24 layers");
		assertEquals(16, t.heads);
		assertEquals(ClipTextConfig.Activation.GELU, t.activation);
		assertEquals(77, t.maxPositions);
		assertEquals(49408, t.vocabSize);
	}

	@Test
	void sd1StyleIntegerHeadsAndUnsupportedOptions() throws Exception {
		JsonObject c = Sd2Configs.unet21Base();
		c.addProperty("attention_head_dim", 8);
		c.addProperty("use_linear_projection", false);
		UNetConfig u = new UNetConfig(write("sd1", c));
		assertArrayEquals(new int[] { 8, 8, 8, 8 }, u.heads);
		c.addProperty("class_embed_type", "timestep");
		Exception e = assertThrows(io.github.m2n2.sd.CheckpointException.class, () -> new UNetConfig(write("class", c)));
		assertTrue(e.getMessage().contains("class_embed_type"));
	}
}

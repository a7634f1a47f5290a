package io.github.m2n2.sd;

import org.junit.jupiter.api.Test;

import java.nio.file.Paths;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

class Sd2SettingsTest {

	@Test
	void publishedDefaults() {
		Sd2Settings s = Sd2Settings.of(Paths.get("m"));
		assertEquals(100, s.timestep());
		assertEquals(Sd2Settings.DeviceChoice.AUTO, s.device());
		assertEquals(Sd2Settings.Precision.AUTO, s.precision());
		assertTrue(s.textEmbeddingCache());
		Map<String, Double> w = s.layerWeights();
		assertEquals(5, w.size());
		assertEquals(0.5, w.get("up_blocks.3.attentions.0"));
		assertEquals(0.5, w.get("up_blocks.3.attentions.1"));
		assertEquals(0.0, w.get("up_blocks.3.attentions.2"));
		assertEquals(0.0, w.get("down_blocks.0.attentions.0"));
	}

	@Test
	void parsesWhatUsersType() {
		Map<String, Double> w = Sd2Settings.parseLayerWeights(" up_blocks.3.attentions.0=1 ; up_blocks.3.attentions.1.transformer_blocks.0.attn1: 0.25");
		Sd2Settings s = Sd2Settings.of(Paths.get("m")).withLayerWeights(w);
		assertEquals(1.0, s.layerWeights().get("up_blocks.3.attentions.0"));
		assertEquals(0.25, s.layerWeights().get("up_blocks.3.attentions.1"), "the attn1 suffix of the paper's table is accepted");
		assertThrows(IllegalArgumentException.class, () -> Sd2Settings.parseLayerWeights("up_blocks.3.attentions.0"));
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sd2Settings.parseLayerWeights("a=half"));
		assertTrue(e.getMessage().contains("not a number"));
		assertEquals(Sd2Settings.DeviceChoice.GPU, Sd2Settings.DeviceChoice.parse("CUDA"));
		assertEquals(Sd2Settings.DeviceChoice.CPU, Sd2Settings.DeviceChoice.parse(" cpu"));
		assertEquals(Sd2Settings.Precision.FP16, Sd2Settings.Precision.parse("half"));
		assertThrows(IllegalArgumentException.class, () -> Sd2Settings.DeviceChoice.parse("tpu"));
		assertThrows(IllegalArgumentException.class, () -> Sd2Settings.of(Paths.get("m")).withTimestep(1000));
	}
}

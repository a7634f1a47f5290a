package io.github.m2n2.sd.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.google.gson.JsonObject;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sd.TinyCheckpoint;
import io.github.m2n2.sd.bench.RandomCheckpoint;
import io.github.m2n2.sd.checkpoint.DiffusersCheckpoint;
import io.github.m2n2.sd.safetensors.DType;
import io.github.m2n2.sd.safetensors.SafetensorsFile;
import io.github.m2n2.sd.safetensors.SafetensorsWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Arrays;

import static io.github.m2n2.sd.nn.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

/** The VAE encoder's mean and the CLIP text encoder on tiny random checkpoints. */
class EncodersTest {

	@TempDir
	Path dir;

	static float[] image(int side) {
		float[] v = BlockNumericsTest.gaussian(21, 3 * side * side);
		for (int i = 0; i < v.length; i++) v[i] = (float) Math.tanh(v[i]);
		return v;
	}

	static float[][] encode(Path model) {
		DiffusersCheckpoint c = DiffusersCheckpoint.open(model);
		try (NDManager m = TestTensors.cpu();
			Weights w = new Weights(c.openWeights(DiffusersCheckpoint.VAE), m, DataType.FLOAT32)) {
			VaeEncoder vae = new VaeEncoder(c.vaeConfig(), w);
			NDArray x = m.create(image(64), new Shape(1, 3, 64, 64));
			return new float[][] { vae.encode(x, ProgressListener.NONE).toFloatArray(), vae.moments(x, ProgressListener.NONE).toFloatArray() };
		}
	}

	@Test
	void latentIsTheScaledMeanOfTheMoments() throws Exception {
		float[][] r = encode(TinyCheckpoint.write(dir.resolve("a")));
		float[] latent = r[0], moments = r[1];
		int plane = 8 * 8;
		assertEquals(4 * plane, latent.length, "4 latent channels on an 8 x 8 grid");
		assertEquals(8 * plane, moments.length);
		float[] expected = new float[latent.length];
		for (int i = 0; i < expected.length; i++) expected[i] = (float) (moments[i] * 0.18215);
		assertClose(expected, latent, 1e-6, "mean x scaling_factor");
	}

	@Test
	void scalingFactorAndQuantConvComeFromTheConfig() throws Exception {
		float[] base = encode(TinyCheckpoint.write(dir.resolve("a")))[0];
		JsonObject vae = TinyCheckpoint.vaeConfig();
		vae.addProperty("scaling_factor", 0.5);
		float[] scaled = encode(new RandomCheckpoint(TinyCheckpoint.unetConfig(), vae, TinyCheckpoint.textConfig()).write(dir.resolve("b")))[0];
		for (int i = 0; i < base.length; i++) assertEquals(base[i] / 0.18215 * 0.5, scaled[i], 1e-5);
		vae = TinyCheckpoint.vaeConfig();
		vae.addProperty("use_quant_conv", false);
		float[] noQuant = encode(new RandomCheckpoint(TinyCheckpoint.unetConfig(), vae, TinyCheckpoint.textConfig()).write(dir.resolve("c")))[0];
		assertFalse(Arrays.equals(base, noQuant), "quant_conv must be applied when the config asks for it");
	}

	@Test
	void legacyVaeAttentionNamesGiveTheSameLatent() throws Exception {
		Path model = TinyCheckpoint.write(dir.resolve("a"));
		float[] modern = encode(model)[0];
		Path file = model.resolve("vae/diffusion_pytorch_model.safetensors");
		SafetensorsWriter w = new SafetensorsWriter(DType.F32);
		try (SafetensorsFile f = SafetensorsFile.open(file)) {
			for (String n : f.tensors().keySet()) {
				long[] shape = f.info(n).shape();
				// the oldest conversions also kept the attention projections as 1x1 convolutions
				if (n.contains("mid_block.attentions.0.to_") && shape.length == 2) shape = new long[] { shape[0], shape[1], 1, 1 };
				w.add(n.replace(".to_q.", ".query.").replace(".to_k.", ".key.").replace(".to_v.", ".value.")
					.replace(".to_out.0.", ".proj_attn."), shape, f.floats(n));
			}
		}
		w.write(dir.resolve("tmp.safetensors"));
		java.nio.file.Files.move(dir.resolve("tmp.safetensors"), file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
		assertArrayEquals(modern, encode(model)[0]);
	}

	static float[] text(Path model, int[] tokens) {
		DiffusersCheckpoint c = DiffusersCheckpoint.open(model);
		try (NDManager m = TestTensors.cpu();
			Weights w = new Weights(c.openWeights(DiffusersCheckpoint.TEXT_ENCODER), m, DataType.FLOAT32)) {
			NDArray s = new ClipTextEncoder(c.textConfig(), w).encode(m, tokens);
			assertEquals(new Shape(1, tokens.length, 24), s.getShape());
			return s.toFloatArray();
		}
	}

	@Test
	void textEncoderIsCausalAndEndsInALayerNorm() throws Exception {
		Path model = TinyCheckpoint.write(dir.resolve("a"));
		int[] empty = DiffusersCheckpoint.open(model).emptyPromptTokens(DiffusersCheckpoint.open(model).textConfig());
		int[] other = empty.clone();
		other[1] = 5;
		float[] a = text(model, empty), b = text(model, other);
		int d = 24;
		for (int j = 0; j < d; j++) assertEquals(a[j], b[j], 1e-6, "token 0 cannot see later tokens");
		double diff = 0;
		for (int j = d; j < 2 * d; j++) diff += Math.abs(a[j] - b[j]);
		assertTrue(diff > 1e-3, "token 1 sees itself");
		// final_layer_norm with weights near 1: every row has mean near the mean of the bias
		double mean = 0;
		for (int j = 0; j < d; j++) mean += a[5 * d + j];
		assertTrue(Math.abs(mean / d) < 0.2);
	}

	@Test
	void quickGeluIsAnotherActivation() throws Exception {
		Path model = TinyCheckpoint.write(dir.resolve("a"));
		JsonObject t = TinyCheckpoint.textConfig();
		t.addProperty("hidden_act", "quick_gelu");
		Path quick = new RandomCheckpoint(TinyCheckpoint.unetConfig(), TinyCheckpoint.vaeConfig(), t).write(dir.resolve("q"));
		int[] tokens = DiffusersCheckpoint.open(model).emptyPromptTokens(DiffusersCheckpoint.open(model).textConfig());
		float[] g = text(model, tokens), q = text(quick, tokens);
		assertFalse(Arrays.equals(g, q));
		double diff = 0;
		for (int i = 0; i < g.length; i++) diff = Math.max(diff, Math.abs(g[i] - q[i]));
		assertTrue(diff < 0.5, "quick_gelu approximates gelu, so the outputs stay close: " + diff);
	}
}

package io.github.m2n2.sd.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Random;

import static io.github.m2n2.sd.nn.TestTensors.assertClose;
import static org.junit.jupiter.api.Assertions.*;

/** Single blocks on DJL against straightforward Java computations of the same formulas. */
class BlockNumericsTest {

	@TempDir
	Path dir;

	static float[] gaussian(long seed, int n) {
		Random r = new Random(seed);
		float[] v = new float[n];
		for (int i = 0; i < n; i++) v[i] = (float) r.nextGaussian();
		return v;
	}

	@Test
	void attentionProbabilitiesAreTheHeadMeanOfExplicitSoftmax() {
		int nq = 10, nk = 7, heads = 2, c = 6, d = 3;
		float[] q = gaussian(1, nq * c), k = gaussian(2, nk * c), v = gaussian(3, nk * c);
		float[] probs = new float[nq * nk];
		float[] out = new float[nq * c];
		for (int h = 0; h < heads; h++)
			for (int i = 0; i < nq; i++) {
				double[] s = new double[nk];
				double max = Double.NEGATIVE_INFINITY, sum = 0;
				for (int j = 0; j < nk; j++) {
					for (int e = 0; e < d; e++) s[j] += q[i * c + h * d + e] * k[j * c + h * d + e];
					s[j] /= Math.sqrt(d);
					max = Math.max(max, s[j]);
				}
				for (int j = 0; j < nk; j++) sum += s[j] = Math.exp(s[j] - max);
				for (int j = 0; j < nk; j++) {
					probs[i * nk + j] += (float) (s[j] / sum / heads);
					for (int e = 0; e < d; e++) out[i * c + h * d + e] += (float) (s[j] / sum * v[j * c + h * d + e]);
				}
			}
		for (long block : new long[] { 1000, 3, 1 }) {
			try (NDManager m = TestTensors.cpu()) {
				float[] captured = new float[nq * nk];
				boolean[] seen = new boolean[nq];
				NDArray o = ScaledDotProductAttention.attend(m.create(q, new Shape(1, nq, c)), m.create(k, new Shape(1, nk, c)),
					m.create(v, new Shape(1, nk, c)), heads, null, false, (first, rows, keys, mean) -> {
						assertEquals(nk, keys);
						System.arraycopy(mean, 0, captured, first * nk, rows * keys);
						for (int i = 0; i < rows; i++) seen[first + i] = true;
					}, block);
				for (boolean s : seen) assertTrue(s, "every query row must reach the sink");
				assertClose(probs, captured, 1e-5, "probabilities, block " + block);
				assertClose(out, o.toFloatArray(), 1e-5, "output, block " + block);
				assertEquals(new Shape(1, nq, c), o.getShape());
			}
		}
	}

	@Test
	void groupNormMatchesTheDefinition() {
		int c = 6, hw = 10, groups = 3;
		float[] x = gaussian(4, c * hw), gamma = gaussian(5, c), beta = gaussian(6, c);
		for (int i = 0; i < x.length; i++) x[i] = x[i] * 3 + 2;
		try (NDManager m = TestTensors.cpu()) {
			NDArray y = Ops.groupNorm(m.create(x, new Shape(1, c, 2, 5)), groups, m.create(gamma, new Shape(c)), m.create(beta, new Shape(c)), 1e-5);
			assertClose(TestTensors.groupNorm(x, c, hw, groups, gamma, beta, 1e-5), y.toFloatArray(), 1e-5, "group norm");
		}
	}

	@Test
	void timestepEmbeddingFollowsDiffusers() {
		double t = 100;
		// dim 4: two frequencies exp(-ln(10000) * i / (2 - shift)), i = 0, 1
		assertArrayEquals(new float[] { (float) Math.cos(100), (float) Math.cos(1), (float) Math.sin(100), (float) Math.sin(1) },
			TimestepEmbedding.sinusoid(t, 4, true, 0), 1e-6f);
		assertArrayEquals(new float[] { (float) Math.sin(100), (float) Math.sin(1), (float) Math.cos(100), (float) Math.cos(1) },
			TimestepEmbedding.sinusoid(t, 4, false, 0), 1e-6f);
		assertArrayEquals(new float[] { (float) Math.cos(100), (float) Math.cos(0.01), (float) Math.sin(100), (float) Math.sin(0.01) },
			TimestepEmbedding.sinusoid(t, 4, true, 1), 1e-6f);
		float[] e = TimestepEmbedding.sinusoid(t, 320, true, 0);
		assertEquals(Math.cos(100 * Math.exp(-Math.log(10000) * 37 / 160)), e[37], 1e-6);
		assertEquals(Math.sin(100 * Math.exp(-Math.log(10000) * 37 / 160)), e[160 + 37], 1e-6);
	}

	@Test
	void gegluIsValueTimesGeluOfGate() throws Exception {
		int n = 5, c = 4, inner = 16;
		TestTensors t = new TestTensors(7);
		float[] w0 = t.add("ff.net.0.proj.weight", 0.5, 2 * inner, c), b0 = t.add("ff.net.0.proj.bias", 0.1, 2 * inner);
		float[] w2 = t.add("ff.net.2.weight", 0.5, c, inner), b2 = t.add("ff.net.2.bias", 0.1, c);
		float[] x = gaussian(8, n * c);
		float[] proj = TestTensors.linear(x, n, c, w0, b0, 2 * inner);
		float[] gated = new float[n * inner];
		for (int r = 0; r < n; r++)
			for (int i = 0; i < inner; i++)
				gated[r * inner + i] = (float) (proj[r * 2 * inner + i] * TestTensors.gelu(proj[r * 2 * inner + inner + i]));
		float[] expected = TestTensors.linear(gated, n, inner, w2, b2, c);
		try (NDManager m = TestTensors.cpu(); Weights w = t.load(dir.resolve("ff.safetensors"), m)) {
			NDArray y = SpatialTransformer.geglu(w, "ff", m.create(x, new Shape(1, n, c)));
			assertClose(expected, y.toFloatArray(), 1e-5, "GEGLU");
		}
	}

	@Test
	void resnetBlockWithTimeEmbeddingAndShortcut() throws Exception {
		int cin = 4, cout = 6, h = 5, wd = 4, temb = 8, groups = 2;
		double eps = 1e-5;
		TestTensors t = new TestTensors(9);
		String p = "down_blocks.0.resnets.0.";
		float[] g1 = t.addAround1(p + "norm1.weight", cin), be1 = t.add(p + "norm1.bias", 0.1, cin);
		float[] k1 = t.add(p + "conv1.weight", 0.3, cout, cin, 3, 3), c1 = t.add(p + "conv1.bias", 0.1, cout);
		float[] tw = t.add(p + "time_emb_proj.weight", 0.3, cout, temb), tb = t.add(p + "time_emb_proj.bias", 0.1, cout);
		float[] g2 = t.addAround1(p + "norm2.weight", cout), be2 = t.add(p + "norm2.bias", 0.1, cout);
		float[] k2 = t.add(p + "conv2.weight", 0.3, cout, cout, 3, 3), c2 = t.add(p + "conv2.bias", 0.1, cout);
		float[] ks = t.add(p + "conv_shortcut.weight", 0.3, cout, cin, 1, 1), cs = t.add(p + "conv_shortcut.bias", 0.1, cout);
		float[] x = gaussian(10, cin * h * wd), e = gaussian(11, temb);

		float[] hh = TestTensors.silu(TestTensors.groupNorm(x, cin, h * wd, groups, g1, be1, eps));
		hh = TestTensors.conv(hh, cin, h, wd, k1, c1, cout, 3, 1);
		float[] tp = TestTensors.linear(TestTensors.silu(e), 1, temb, tw, tb, cout);
		for (int i = 0; i < hh.length; i++) hh[i] += tp[i / (h * wd)];
		hh = TestTensors.silu(TestTensors.groupNorm(hh, cout, h * wd, groups, g2, be2, eps));
		hh = TestTensors.conv(hh, cout, h, wd, k2, c2, cout, 3, 1);
		float[] sc = TestTensors.conv(x, cin, h, wd, ks, cs, cout, 1, 0);
		for (int i = 0; i < hh.length; i++) hh[i] += sc[i];

		try (NDManager m = TestTensors.cpu(); Weights w = t.load(dir.resolve("res.safetensors"), m)) {
			NDArray siluTemb = Ops.silu(m.create(e, new Shape(1, temb)));
			NDArray y = ResnetBlock.forward(w, "down_blocks.0.resnets.0", m.create(x, new Shape(1, cin, h, wd)), cout, siluTemb, groups, eps, 1);
			assertEquals(new Shape(1, cout, h, wd), y.getShape());
			assertClose(hh, y.toFloatArray(), 1e-4, "resnet block");
			assertTrue(w.used().contains(p + "conv_shortcut.weight"));
		}
	}

	@Test
	void scopedBlocksFreeTheirIntermediates() throws Exception {
		try (NDManager m = TestTensors.cpu()) {
			NDArray x = m.create(gaussian(12, 16), new Shape(1, 16));
			int before = m.getManagedArrays().size();
			NDArray y = Ops.scoped(x, () -> Ops.silu(x.mul(2).add(1)).mul(3));
			assertEquals(before + 1, m.getManagedArrays().size(), "only the block's result may stay");
			assertFalse(x.isReleased());
			assertSame(m, x.getManager());
			assertSame(m, y.getManager());
		}
	}
}

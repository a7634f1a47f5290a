package io.github.m2n2.sd.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.m2n2.sd.checkpoint.ClipTextConfig;

/**
 * transformers' CLIPTextModel: token plus position embeddings, pre-LayerNorm encoder layers with
 * causal self-attention and an MLP, then {@code final_layer_norm}. Returns the last hidden state
 * (1, L, D). SD2's checkpoint stores 23 of OpenCLIP ViT-H's 24 layers (the penultimate-layer
 * trick is baked into the file), so running every stored layer is right.
 */
public final class ClipTextEncoder {

	private static final String P = "text_model.";

	private final ClipTextConfig cfg;
	private final Weights w;

	public ClipTextEncoder(ClipTextConfig cfg, Weights weights) {
		this.cfg = cfg;
		this.w = weights;
	}

	public NDArray encode(NDManager manager, int[] tokens) {
		int len = tokens.length, d = cfg.hiddenSize;
		// look the few rows up in Java rather than moving a 49408 x D table to the device
		float[] table = w.floats(P + "embeddings.token_embedding.weight", cfg.vocabSize, d);
		float[] pos = w.floats(P + "embeddings.position_embedding.weight", cfg.maxPositions, d);
		float[] x0 = new float[len * d];
		for (int i = 0; i < len; i++)
			for (int j = 0; j < d; j++) x0[i * d + j] = table[tokens[i] * d + j] + pos[i * d + j];
		float[] causal = new float[len * len];
		for (int i = 0; i < len; i++)
			for (int j = i + 1; j < len; j++) causal[i * len + j] = Float.NEGATIVE_INFINITY;
		NDArray mask = manager.create(causal, new Shape(len, len)).toType(w.type(), false);
		NDArray x = manager.create(x0, new Shape(1, len, d)).toType(w.type(), false);
		for (int l = 0; l < cfg.layers; l++) x = layer(P + "encoder.layers." + l + ".", x, mask);
		return Ops.layerNorm(x, w.get(P + "final_layer_norm.weight", d), w.get(P + "final_layer_norm.bias", d), cfg.layerNormEps);
	}

	private NDArray layer(String p, NDArray x, NDArray mask) {
		int d = cfg.hiddenSize, f = cfg.intermediateSize;
		double eps = cfg.layerNormEps;
		return Ops.scoped(x, () -> {
			NDArray h = Ops.layerNorm(x, w.get(p + "layer_norm1.weight", d), w.get(p + "layer_norm1.bias", d), eps);
			NDArray q = Ops.linear(h, w.get(p + "self_attn.q_proj.weight", d, d), w.get(p + "self_attn.q_proj.bias", d));
			NDArray k = Ops.linear(h, w.get(p + "self_attn.k_proj.weight", d, d), w.get(p + "self_attn.k_proj.bias", d));
			NDArray v = Ops.linear(h, w.get(p + "self_attn.v_proj.weight", d, d), w.get(p + "self_attn.v_proj.bias", d));
			NDArray a = ScaledDotProductAttention.attend(q, k, v, cfg.heads, mask, false, null);
			h = Ops.linear(a, w.get(p + "self_attn.out_proj.weight", d, d), w.get(p + "self_attn.out_proj.bias", d)).add(x);
			NDArray m = Ops.layerNorm(h, w.get(p + "layer_norm2.weight", d), w.get(p + "layer_norm2.bias", d), eps);
			m = Ops.linear(m, w.get(p + "mlp.fc1.weight", f, d), w.get(p + "mlp.fc1.bias", f));
			m = cfg.activation == ClipTextConfig.Activation.GELU ? Ops.gelu(m) : Ops.quickGelu(m);
			m = Ops.linear(m, w.get(p + "mlp.fc2.weight", d, f), w.get(p + "mlp.fc2.bias", d));
			return m.add(h);
		}, mask);
	}

	/** The float32 result as a Java array, for the on-disk cache. */
	public static float[] toFloats(NDArray states) {
		return states.toType(DataType.FLOAT32, false).toFloatArray();
	}
}

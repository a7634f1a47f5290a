package io.github.m2n2.sd.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/**
 * diffusers' Transformer2DModel as SD2 uses it: GroupNorm, {@code proj_in} (linear or 1x1 conv,
 * per {@code use_linear_projection}), BasicTransformerBlocks (self-attention {@code attn1},
 * cross-attention {@code attn2} on the text states, GEGLU feed-forward, each pre-LayerNorm with
 * a residual), {@code proj_out}, plus the input.
 */
public final class SpatialTransformer {

	/** diffusers fixes these: GroupNorm eps 1e-6 in Transformer2DModel, LayerNorm eps 1e-5 in its blocks. */
	static final double GROUP_NORM_EPS = 1e-6;
	static final double LAYER_NORM_EPS = 1e-5;

	private SpatialTransformer() { }

	/**
	 * @param sink receives {@code transformer_blocks.0.attn1}'s probabilities, or null
	 */
	public static NDArray forward(Weights w, String prefix, NDArray x, NDArray context, int heads, int blocks, int groups,
		boolean linearProjection, boolean upcast, AttentionProbabilitySink sink) {
		long b = x.getShape().get(0), c = x.getShape().get(1), hgt = x.getShape().get(2), wid = x.getShape().get(3);
		long n = hgt * wid;
		String p = prefix + ".";
		return Ops.scoped(x, () -> {
			NDArray h = Ops.groupNorm(x, groups, w.get(p + "norm.weight", c), w.get(p + "norm.bias", c), GROUP_NORM_EPS);
			if (linearProjection) {
				h = h.reshape(b, c, n).transpose(0, 2, 1);
				h = Ops.linear(h, w.get(p + "proj_in.weight", c, c), w.get(p + "proj_in.bias", c));
			} else {
				h = Ops.conv(h, w.get(p + "proj_in.weight", c, c, 1, 1), w.get(p + "proj_in.bias", c), 1, 0);
				h = h.reshape(b, c, n).transpose(0, 2, 1);
			}
			for (int i = 0; i < blocks; i++)
				h = block(w, p + "transformer_blocks." + i, h, context, heads, upcast, i == 0 ? sink : null);
			if (linearProjection) {
				h = Ops.linear(h, w.get(p + "proj_out.weight", c, c), w.get(p + "proj_out.bias", c));
				h = h.transpose(0, 2, 1).reshape(b, c, hgt, wid);
			} else {
				h = h.transpose(0, 2, 1).reshape(b, c, hgt, wid);
				h = Ops.conv(h, w.get(p + "proj_out.weight", c, c, 1, 1), w.get(p + "proj_out.bias", c), 1, 0);
			}
			return h.addi(x);
		}, context);
	}

	/** One BasicTransformerBlock on (1, N, C) tokens. */
	public static NDArray block(Weights w, String prefix, NDArray x, NDArray context, int heads, boolean upcast,
		AttentionProbabilitySink sink) {
		long c = x.getShape().get(2);
		String p = prefix + ".";
		return Ops.scoped(x, () -> {
			NDArray n1 = Ops.layerNorm(x, w.get(p + "norm1.weight", c), w.get(p + "norm1.bias", c), LAYER_NORM_EPS);
			NDArray h = attention(w, p + "attn1", n1, n1, heads, upcast, sink).addi(x);
			NDArray n2 = Ops.layerNorm(h, w.get(p + "norm2.weight", c), w.get(p + "norm2.bias", c), LAYER_NORM_EPS);
			h = attention(w, p + "attn2", n2, context, heads, upcast, null).addi(h);
			NDArray n3 = Ops.layerNorm(h, w.get(p + "norm3.weight", c), w.get(p + "norm3.bias", c), LAYER_NORM_EPS);
			return geglu(w, p + "ff", n3).addi(h);
		}, context);
	}

	/** diffusers Attention with bias-free q/k/v projections and a biased {@code to_out.0}. */
	public static NDArray attention(Weights w, String prefix, NDArray x, NDArray context, int heads, boolean upcast,
		AttentionProbabilitySink sink) {
		long c = x.getShape().get(2), cc = context.getShape().get(2);
		String p = prefix + ".";
		NDArray q = Ops.linear(x, w.get(p + "to_q.weight", c, c), null);
		NDArray k = Ops.linear(context, w.get(p + "to_k.weight", c, cc), null);
		NDArray v = Ops.linear(context, w.get(p + "to_v.weight", c, cc), null);
		NDArray o = ScaledDotProductAttention.attend(q, k, v, heads, null, upcast, sink);
		return Ops.linear(o, w.get(p + "to_out.0.weight", c, c), w.get(p + "to_out.0.bias", c));
	}

	/** Feed-forward with a GEGLU: {@code net.0.proj} makes [value | gate], out = net.2(value * gelu(gate)). */
	public static NDArray geglu(Weights w, String prefix, NDArray x) {
		long c = x.getShape().get(2);
		long inner = c * 4;
		String p = prefix + ".";
		NDArray proj = Ops.linear(x, w.get(p + "net.0.proj.weight", inner * 2, c), w.get(p + "net.0.proj.bias", inner * 2));
		NDList parts = proj.split(2, 2);
		NDArray gated = Ops.gelu(parts.get(1)).muli(parts.get(0));
		return Ops.linear(gated, w.get(p + "net.2.weight", c, inner), w.get(p + "net.2.bias", c));
	}
}

package io.github.m2n2.sd.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sd.checkpoint.VaeConfig;

/**
 * The encoder of diffusers' AutoencoderKL followed by {@code quant_conv}, returning the mean
 * (mode) of the latent Gaussian times {@code scaling_factor}: deterministic, no sampling.
 * Tensor names follow diffusers ({@code encoder.down_blocks.i.resnets.j}, ...); the mid-block
 * attention is read under either its current names ({@code to_q}, ...) or the older ones
 * ({@code query}, ...) that some SD2-era files still carry.
 */
public final class VaeEncoder {

	private final VaeConfig cfg;
	private final Weights w;

	public VaeEncoder(VaeConfig cfg, Weights weights) {
		this.cfg = cfg;
		this.w = weights;
	}

	/** @param image (1, 3, H, W) in [-1, 1]; returns (1, latent_channels, H/f, W/f) */
	public NDArray encode(NDArray image, ProgressListener progress) {
		NDArray moments = moments(image, progress);
		// the first half of the moments is the mean, the second the log-variance (unused: no sampling)
		return moments.get(new NDIndex(":, 0:{}", cfg.latentChannels)).mul((float) cfg.scalingFactor);
	}

	/** The Gaussian's parameters (1, 2 x latent_channels, H/f, W/f): mean channels first, then log-variance. */
	NDArray moments(NDArray image, ProgressListener progress) {
		int[] ch = cfg.blockOutChannels;
		int n = ch.length;
		int g = cfg.normGroups;
		double eps = cfg.normEps;
		NDArray x = image.toType(w.type(), false);
		NDArray h = Ops.conv(x, w.get("encoder.conv_in.weight", ch[0], cfg.inChannels, 3, 3), w.get("encoder.conv_in.bias", ch[0]), 1, 1);
		int steps = n + 1, step = 0;
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < cfg.layersPerBlock; j++) {
				NDArray next = ResnetBlock.forward(w, "encoder.down_blocks." + i + ".resnets." + j, h, ch[i], null, g, eps, 1);
				h.close();
				h = next;
			}
			if (i < n - 1) {
				String p = "encoder.down_blocks." + i + ".downsamplers.0.conv.";
				NDArray in = h;
				long ci = ch[i];
				NDArray next = Ops.scoped(in, () -> Ops.conv(Ops.padBottomRight(in), w.get(p + "weight", ci, ci, 3, 3), w.get(p + "bias", ci), 2, 0));
				h.close();
				h = next;
			}
			progress.progress("Stable Diffusion VAE encoder", ++step / (double) steps);
			progress.checkCanceled();
		}
		int c = ch[n - 1];
		h = ResnetBlock.forward(w, "encoder.mid_block.resnets.0", h, c, null, g, eps, 1);
		if (cfg.midBlockAttention) h = midAttention("encoder.mid_block.attentions.0", h);
		h = ResnetBlock.forward(w, "encoder.mid_block.resnets.1", h, c, null, g, eps, 1);
		int z = cfg.latentChannels * 2;
		NDArray hh = h;
		NDArray moments = Ops.scoped(hh, () -> {
			NDArray o = Ops.silu(Ops.groupNorm(hh, g, w.get("encoder.conv_norm_out.weight", c),
				w.get("encoder.conv_norm_out.bias", c), eps));
			o = Ops.conv(o, w.get("encoder.conv_out.weight", z, c, 3, 3), w.get("encoder.conv_out.bias", z), 1, 1);
			if (cfg.quantConv) o = Ops.conv(o, w.get("quant_conv.weight", z, z, 1, 1), w.get("quant_conv.bias", z), 1, 0);
			return o;
		});
		progress.progress("Stable Diffusion VAE encoder", 1);
		return moments;
	}

	/** Single-head self-attention over all pixels, with GroupNorm in front and a residual. */
	private NDArray midAttention(String prefix, NDArray x) {
		long b = x.getShape().get(0), c = x.getShape().get(1), hgt = x.getShape().get(2), wid = x.getShape().get(3);
		String p = prefix + ".";
		boolean modern = w.has(p + "to_q.weight");
		String q = modern ? "to_q" : "query", k = modern ? "to_k" : "key", v = modern ? "to_v" : "value";
		String out = modern ? "to_out.0" : "proj_attn";
		return Ops.scoped(x, () -> {
			NDArray h = Ops.groupNorm(x, cfg.normGroups, w.get(p + "group_norm.weight", c), w.get(p + "group_norm.bias", c), cfg.normEps);
			h = h.reshape(b, c, hgt * wid).transpose(0, 2, 1);
			NDArray qq = Ops.linear(h, w.linearWeight(p + q + ".weight", c, c), w.get(p + q + ".bias", c));
			NDArray kk = Ops.linear(h, w.linearWeight(p + k + ".weight", c, c), w.get(p + k + ".bias", c));
			NDArray vv = Ops.linear(h, w.linearWeight(p + v + ".weight", c, c), w.get(p + v + ".bias", c));
			// diffusers upcasts this softmax (upcast_softmax=True)
			NDArray a = ScaledDotProductAttention.attend(qq, kk, vv, 1, null, true, null);
			a = Ops.linear(a, w.linearWeight(p + out + ".weight", c, c), w.get(p + out + ".bias", c));
			return a.transpose(0, 2, 1).reshape(b, c, hgt, wid).add(x);
		});
	}
}

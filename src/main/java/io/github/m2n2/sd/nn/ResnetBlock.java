package io.github.m2n2.sd.nn;

import ai.djl.ndarray.NDArray;

/**
 * diffusers' ResnetBlock2D in the configuration SD2 uses (default time conditioning, SiLU):
 * {@code norm1, silu, conv1, + time_emb_proj(silu(temb)), norm2, silu, conv2}, added to the
 * input (through a 1x1 {@code conv_shortcut} when the channel count changes).
 */
public final class ResnetBlock {

	private ResnetBlock() { }

	/**
	 * @param prefix   e.g. {@code down_blocks.0.resnets.1}
	 * @param siluTemb silu of the time embedding, (1, T), or null for the VAE
	 */
	public static NDArray forward(Weights w, String prefix, NDArray x, long outChannels, NDArray siluTemb, int groups,
		double eps, double outputScale) {
		long in = x.getShape().get(1);
		String p = prefix + ".";
		return Ops.scoped(x, () -> {
			NDArray h = Ops.silu(Ops.groupNorm(x, groups, w.get(p + "norm1.weight", in), w.get(p + "norm1.bias", in), eps));
			h = Ops.conv(h, w.get(p + "conv1.weight", outChannels, in, 3, 3), w.get(p + "conv1.bias", outChannels), 1, 1);
			if (siluTemb != null) {
				long t = siluTemb.getShape().get(1);
				NDArray proj = Ops.linear(siluTemb, w.get(p + "time_emb_proj.weight", outChannels, t), w.get(p + "time_emb_proj.bias", outChannels));
				h = h.addi(proj.reshape(1, outChannels, 1, 1));
			}
			h = Ops.silu(Ops.groupNorm(h, groups, w.get(p + "norm2.weight", outChannels), w.get(p + "norm2.bias", outChannels), eps));
			h = Ops.conv(h, w.get(p + "conv2.weight", outChannels, outChannels, 3, 3), w.get(p + "conv2.bias", outChannels), 1, 1);
			NDArray shortcut = in == outChannels ? x
				: Ops.conv(x, w.get(p + "conv_shortcut.weight", outChannels, in, 1, 1), w.get(p + "conv_shortcut.bias", outChannels), 1, 0);
			NDArray out = h.addi(shortcut);
			return outputScale == 1 ? out : out.divi((float) outputScale);
		}, siluTemb);
	}
}

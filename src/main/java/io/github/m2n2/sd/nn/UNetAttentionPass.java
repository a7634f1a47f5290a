package io.github.m2n2.sd.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sd.checkpoint.UNetConfig;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/**
 * The part of diffusers' UNet2DConditionModel forward pass that M2N2 needs: time embedding,
 * {@code conv_in}, the down blocks, the mid block and the up blocks, stopping right after the
 * last transformer layer whose self-attention is captured ({@code up_blocks.3.attentions.1} by
 * default). Nothing after that layer runs, and its output is discarded: the captured
 * probabilities are the result.
 */
public final class UNetAttentionPass {

	/** A Transformer2DModel of the UNet, in execution order. */
	public static final class Layer {
		public final String path;
		/** The layer's token grid is the latent side divided by this. */
		public final int downscale;

		Layer(String path, int downscale) {
			this.path = path;
			this.downscale = downscale;
		}
	}

	private final UNetConfig cfg;
	private final Weights w;

	public UNetAttentionPass(UNetConfig cfg, Weights weights) {
		this.cfg = cfg;
		this.w = weights;
	}

	/** Every transformer layer of the UNet, in the order the forward pass runs them. */
	public List<Layer> layers() {
		List<Layer> out = new ArrayList<>();
		int n = cfg.blocks();
		for (int i = 0; i < n; i++)
			if (cfg.downHasAttention(i))
				for (int j = 0; j < cfg.layersPerBlock[i]; j++) out.add(new Layer("down_blocks." + i + ".attentions." + j, 1 << i));
		out.add(new Layer("mid_block.attentions.0", 1 << (n - 1)));
		for (int i = 0; i < n; i++)
			if (cfg.upHasAttention(i))
				for (int j = 0; j < cfg.upLayers(i); j++) out.add(new Layer("up_blocks." + i + ".attentions." + j, 1 << (n - 1 - i)));
		return Collections.unmodifiableList(out);
	}

	/** The latent side must survive every downsampling exactly. */
	public int latentMultiple() { return 1 << (cfg.blocks() - 1); }

	/**
	 * Runs the UNet on {@code latent} (1, C, r, r) with {@code context} (1, 77, D) at timestep
	 * {@code t}, feeding each listed layer's {@code transformer_blocks.0.attn1} probabilities to
	 * its sink, and stops after the last of them.
	 */
	public void run(NDArray latent, NDArray context, double t, Map<String, AttentionProbabilitySink> sinks,
		ProgressListener progress) {
		List<Layer> all = layers();
		int last = -1;
		for (int i = 0; i < all.size(); i++) if (sinks.containsKey(all.get(i).path)) last = i;
		if (last < 0) return;
		Stepper step = new Stepper(progress, last + 1, all.get(last).path);
		int n = cfg.blocks();
		int c0 = cfg.blockOutChannels[0];
		DataType type = w.type();
		NDManager m = latent.getManager();

		float[] features = TimestepEmbedding.sinusoid(t, c0, cfg.flipSinToCos, cfg.freqShift);
		NDArray temb = m.create(features, new Shape(1, c0)).toType(type, false);
		temb = Ops.linear(temb, w.get("time_embedding.linear_1.weight", cfg.timeEmbedDim, c0), w.get("time_embedding.linear_1.bias", cfg.timeEmbedDim));
		temb = Ops.linear(Ops.silu(temb), w.get("time_embedding.linear_2.weight", cfg.timeEmbedDim, cfg.timeEmbedDim),
			w.get("time_embedding.linear_2.bias", cfg.timeEmbedDim));
		NDArray siluTemb = Ops.silu(temb);

		NDArray h = latent.toType(type, false);
		if (cfg.centerInputSample) h = h.mul(2f).sub(1f);
		int k = cfg.convInKernel;
		h = Ops.conv(h, w.get("conv_in.weight", c0, cfg.inChannels, k, k), w.get("conv_in.bias", c0), 1, (k - 1) / 2);
		Deque<NDArray> skips = new ArrayDeque<>();
		skips.push(h);

		for (int i = 0; i < n; i++) {
			int out = cfg.blockOutChannels[i];
			for (int j = 0; j < cfg.layersPerBlock[i]; j++) {
				h = resnet("down_blocks." + i + ".resnets." + j, h, out, siluTemb, 1);
				if (cfg.downHasAttention(i)) {
					String path = "down_blocks." + i + ".attentions." + j;
					h = transformer(path, h, context, cfg.heads[i], cfg.transformerLayers[i], sinks.get(path));
					if (step.done(path)) return;
				}
				skips.push(h);
			}
			if (i < n - 1) {
				String p = "down_blocks." + i + ".downsamplers.0.conv.";
				h = Ops.conv(h, w.get(p + "weight", out, out, 3, 3), w.get(p + "bias", out), 2, cfg.downsamplePadding);
				skips.push(h);
			}
		}

		int cMid = cfg.blockOutChannels[n - 1];
		h = resnet("mid_block.resnets.0", h, cMid, siluTemb, cfg.midBlockScaleFactor);
		h = transformer("mid_block.attentions.0", h, context, cfg.heads[n - 1], cfg.transformerLayers[n - 1], sinks.get("mid_block.attentions.0"));
		if (step.done("mid_block.attentions.0")) return;
		h = resnet("mid_block.resnets.1", h, cMid, siluTemb, cfg.midBlockScaleFactor);

		for (int i = 0; i < n; i++) {
			int out = cfg.upChannels(i);
			for (int j = 0; j < cfg.upLayers(i); j++) {
				NDArray skip = skips.pop();
				NDArray joined = h.concat(skip, 1);
				h.close();
				h = resnet("up_blocks." + i + ".resnets." + j, joined, out, siluTemb, 1);
				joined.close();
				if (cfg.upHasAttention(i)) {
					String path = "up_blocks." + i + ".attentions." + j;
					h = transformer(path, h, context, cfg.upHeads(i), cfg.upTransformerLayers(i), sinks.get(path));
					if (step.done(path)) return;
				}
			}
			if (i < n - 1) {
				String p = "up_blocks." + i + ".upsamplers.0.conv.";
				NDArray up = Ops.upsampleNearest2x(h);
				h = Ops.conv(up, w.get(p + "weight", out, out, 3, 3), w.get(p + "bias", out), 1, 1);
				up.close();
			}
		}
	}

	private NDArray resnet(String prefix, NDArray x, int out, NDArray siluTemb, double scale) {
		return ResnetBlock.forward(w, prefix, x, out, siluTemb, cfg.normGroups, cfg.normEps, scale);
	}

	private NDArray transformer(String path, NDArray x, NDArray context, int heads, int blocks, AttentionProbabilitySink sink) {
		return SpatialTransformer.forward(w, path, x, context, heads, blocks, cfg.normGroups, cfg.useLinearProjection,
			cfg.upcastAttention, sink);
	}

	/** Progress over the layers that run, and cancellation between them. */
	private static final class Stepper {
		private final ProgressListener progress;
		private final int total;
		private final String stopAfter;
		private int done;

		Stepper(ProgressListener progress, int total, String stopAfter) {
			this.progress = progress;
			this.total = total;
			this.stopAfter = stopAfter;
		}

		boolean done(String path) {
			done++;
			progress.progress("Stable Diffusion UNet", Math.min(1.0, done / (double) total));
			progress.checkCanceled();
			return path.equals(stopAfter);
		}
	}
}

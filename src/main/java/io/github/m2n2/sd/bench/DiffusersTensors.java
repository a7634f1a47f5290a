package io.github.m2n2.sd.bench;

import io.github.m2n2.sd.checkpoint.ClipTextConfig;
import io.github.m2n2.sd.checkpoint.UNetConfig;
import io.github.m2n2.sd.checkpoint.VaeConfig;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every tensor name and shape of a diffusers SD2 checkpoint, as the diffusers and transformers
 * modules register them, derived from the configs. Written down independently of the network
 * code (which asks for tensors one at a time) so that a test can see the two agree.
 */
public final class DiffusersTensors {

	private DiffusersTensors() { }

	public static Map<String, long[]> unet(UNetConfig c, int outChannels) {
		Map<String, long[]> t = new LinkedHashMap<>();
		int n = c.blocks();
		int c0 = c.blockOutChannels[0];
		int temb = c.timeEmbedDim;
		conv(t, "conv_in", c0, c.inChannels, c.convInKernel);
		linear(t, "time_embedding.linear_1", temb, c0, true);
		linear(t, "time_embedding.linear_2", temb, temb, true);
		int prev = c0;
		for (int i = 0; i < n; i++) {
			int out = c.blockOutChannels[i];
			for (int j = 0; j < c.layersPerBlock[i]; j++) {
				resnet(t, "down_blocks." + i + ".resnets." + j, j == 0 ? prev : out, out, temb);
				if (c.downHasAttention(i))
					transformer(t, "down_blocks." + i + ".attentions." + j, out, c.crossAttentionDim, c.transformerLayers[i], c.useLinearProjection);
			}
			if (i < n - 1) conv(t, "down_blocks." + i + ".downsamplers.0.conv", out, out, 3);
			prev = out;
		}
		int last = c.blockOutChannels[n - 1];
		resnet(t, "mid_block.resnets.0", last, last, temb);
		transformer(t, "mid_block.attentions.0", last, c.crossAttentionDim, c.transformerLayers[n - 1], c.useLinearProjection);
		resnet(t, "mid_block.resnets.1", last, last, temb);
		int prevOut = last;
		for (int i = 0; i < n; i++) {
			int out = c.blockOutChannels[n - 1 - i];
			int in = c.blockOutChannels[Math.max(0, n - 2 - i)];
			int layers = c.layersPerBlock[n - 1 - i] + 1;
			for (int j = 0; j < layers; j++) {
				int skip = j == layers - 1 ? in : out;
				int resIn = j == 0 ? prevOut : out;
				resnet(t, "up_blocks." + i + ".resnets." + j, resIn + skip, out, temb);
				if (c.upHasAttention(i))
					transformer(t, "up_blocks." + i + ".attentions." + j, out, c.crossAttentionDim, c.transformerLayers[n - 1 - i], c.useLinearProjection);
			}
			if (i < n - 1) conv(t, "up_blocks." + i + ".upsamplers.0.conv", out, out, 3);
			prevOut = out;
		}
		norm(t, "conv_norm_out", c0);
		conv(t, "conv_out", outChannels, c0, 3);
		return t;
	}

	/** The encoder, quant convs (the decoder is left out: M2N2 never reads it). */
	public static Map<String, long[]> vaeEncoder(VaeConfig c) {
		Map<String, long[]> t = new LinkedHashMap<>();
		int[] ch = c.blockOutChannels;
		int n = ch.length;
		conv(t, "encoder.conv_in", ch[0], c.inChannels, 3);
		int prev = ch[0];
		for (int i = 0; i < n; i++) {
			for (int j = 0; j < c.layersPerBlock; j++) resnet(t, "encoder.down_blocks." + i + ".resnets." + j, j == 0 ? prev : ch[i], ch[i], 0);
			if (i < n - 1) conv(t, "encoder.down_blocks." + i + ".downsamplers.0.conv", ch[i], ch[i], 3);
			prev = ch[i];
		}
		int last = ch[n - 1];
		resnet(t, "encoder.mid_block.resnets.0", last, last, 0);
		String a = "encoder.mid_block.attentions.0";
		norm(t, a + ".group_norm", last);
		for (String p : new String[] { "to_q", "to_k", "to_v", "to_out.0" }) linear(t, a + "." + p, last, last, true);
		resnet(t, "encoder.mid_block.resnets.1", last, last, 0);
		norm(t, "encoder.conv_norm_out", last);
		int z = 2 * c.latentChannels;
		conv(t, "encoder.conv_out", z, last, 3);
		conv(t, "quant_conv", z, z, 1);
		conv(t, "post_quant_conv", c.latentChannels, c.latentChannels, 1);
		return t;
	}

	public static Map<String, long[]> clipText(ClipTextConfig c) {
		Map<String, long[]> t = new LinkedHashMap<>();
		int d = c.hiddenSize;
		t.put("text_model.embeddings.token_embedding.weight", new long[] { c.vocabSize, d });
		t.put("text_model.embeddings.position_embedding.weight", new long[] { c.maxPositions, d });
		for (int l = 0; l < c.layers; l++) {
			String p = "text_model.encoder.layers." + l + ".";
			for (String proj : new String[] { "k_proj", "v_proj", "q_proj", "out_proj" }) linear(t, p + "self_attn." + proj, d, d, true);
			norm(t, p + "layer_norm1", d);
			linear(t, p + "mlp.fc1", c.intermediateSize, d, true);
			linear(t, p + "mlp.fc2", d, c.intermediateSize, true);
			norm(t, p + "layer_norm2", d);
		}
		norm(t, "text_model.final_layer_norm", d);
		return t;
	}

	private static void resnet(Map<String, long[]> t, String p, int in, int out, int temb) {
		norm(t, p + ".norm1", in);
		conv(t, p + ".conv1", out, in, 3);
		if (temb > 0) linear(t, p + ".time_emb_proj", out, temb, true);
		norm(t, p + ".norm2", out);
		conv(t, p + ".conv2", out, out, 3);
		if (in != out) conv(t, p + ".conv_shortcut", out, in, 1);
	}

	private static void transformer(Map<String, long[]> t, String p, int c, int cross, int blocks, boolean linearProjection) {
		norm(t, p + ".norm", c);
		if (linearProjection) linear(t, p + ".proj_in", c, c, true);
		else conv(t, p + ".proj_in", c, c, 1);
		for (int b = 0; b < blocks; b++) {
			String q = p + ".transformer_blocks." + b;
			norm(t, q + ".norm1", c);
			attention(t, q + ".attn1", c, c);
			norm(t, q + ".norm2", c);
			attention(t, q + ".attn2", c, cross);
			norm(t, q + ".norm3", c);
			linear(t, q + ".ff.net.0.proj", 8 * c, c, true);
			linear(t, q + ".ff.net.2", c, 4 * c, true);
		}
		if (linearProjection) linear(t, p + ".proj_out", c, c, true);
		else conv(t, p + ".proj_out", c, c, 1);
	}

	private static void attention(Map<String, long[]> t, String p, int c, int context) {
		linear(t, p + ".to_q", c, c, false);
		linear(t, p + ".to_k", c, context, false);
		linear(t, p + ".to_v", c, context, false);
		linear(t, p + ".to_out.0", c, c, true);
	}

	private static void conv(Map<String, long[]> t, String p, int out, int in, int k) {
		t.put(p + ".weight", new long[] { out, in, k, k });
		t.put(p + ".bias", new long[] { out });
	}

	private static void linear(Map<String, long[]> t, String p, int out, int in, boolean bias) {
		t.put(p + ".weight", new long[] { out, in });
		if (bias) t.put(p + ".bias", new long[] { out });
	}

	private static void norm(Map<String, long[]> t, String p, int c) {
		t.put(p + ".weight", new long[] { c });
		t.put(p + ".bias", new long[] { c });
	}
}

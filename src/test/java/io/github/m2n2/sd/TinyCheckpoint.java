package io.github.m2n2.sd;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.m2n2.sd.bench.RandomCheckpoint;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A tiny SD2-shaped checkpoint for tests: SD2's block structure (3 CrossAttnDownBlock2D + a
 * DownBlock2D, UpBlock2D + 3 CrossAttnUpBlock2D, 2 layers per block, linear projections,
 * per-block head counts, a 4-level VAE encoder, a CLIP text encoder with "gelu") with few
 * channels and random weights, written in the real diffusers layout.
 */
public final class TinyCheckpoint {

	/** Latent side 8 needs an 8 * 8 = 64 pixel image. */
	public static final int R = 8;
	public static final int VOCAB = 100;

	private TinyCheckpoint() { }

	public static JsonObject unetConfig() {
		JsonObject c = new JsonObject();
		c.addProperty("_class_name", "UNet2DConditionModel");
		c.addProperty("act_fn", "silu");
		c.add("attention_head_dim", ints(2, 2, 4, 4));
		c.add("block_out_channels", ints(16, 16, 32, 32));
		c.addProperty("center_input_sample", false);
		c.addProperty("cross_attention_dim", 24);
		c.add("down_block_types", strings("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"));
		c.addProperty("downsample_padding", 1);
		c.addProperty("dual_cross_attention", false);
		c.addProperty("flip_sin_to_cos", true);
		c.addProperty("freq_shift", 0);
		c.addProperty("in_channels", 4);
		c.addProperty("layers_per_block", 2);
		c.addProperty("mid_block_scale_factor", 1);
		c.addProperty("norm_eps", 1e-5);
		c.addProperty("norm_num_groups", 8);
		c.add("num_class_embeds", null);
		c.addProperty("only_cross_attention", false);
		c.addProperty("out_channels", 4);
		c.addProperty("sample_size", 8);
		c.add("up_block_types", strings("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"));
		c.addProperty("use_linear_projection", true);
		c.addProperty("upcast_attention", false);
		return c;
	}

	public static JsonObject vaeConfig() {
		JsonObject c = new JsonObject();
		c.addProperty("_class_name", "AutoencoderKL");
		c.addProperty("act_fn", "silu");
		c.add("block_out_channels", ints(8, 16, 16, 16));
		c.add("down_block_types", strings("DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"));
		c.add("up_block_types", strings("UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"));
		c.addProperty("in_channels", 3);
		c.addProperty("out_channels", 3);
		c.addProperty("latent_channels", 4);
		c.addProperty("layers_per_block", 2);
		c.addProperty("norm_num_groups", 4);
		c.addProperty("sample_size", 64);
		c.addProperty("scaling_factor", 0.18215);
		return c;
	}

	public static JsonObject textConfig() {
		JsonObject c = new JsonObject();
		c.add("architectures", strings("CLIPTextModel"));
		c.addProperty("hidden_act", "gelu");
		c.addProperty("hidden_size", 24);
		c.addProperty("intermediate_size", 48);
		c.addProperty("layer_norm_eps", 1e-5);
		c.addProperty("max_position_embeddings", 77);
		c.addProperty("model_type", "clip_text_model");
		c.addProperty("num_attention_heads", 3);
		c.addProperty("num_hidden_layers", 2);
		c.addProperty("vocab_size", VOCAB);
		return c;
	}

	public static RandomCheckpoint random() {
		return new RandomCheckpoint(unetConfig(), vaeConfig(), textConfig());
	}

	public static Path write(Path folder) throws IOException {
		random().write(folder);
		return folder;
	}

	static JsonArray ints(int... v) {
		JsonArray a = new JsonArray();
		for (int i : v) a.add(i);
		return a;
	}

	static JsonArray strings(String... v) {
		JsonArray a = new JsonArray();
		for (String s : v) a.add(s);
		return a;
	}
}

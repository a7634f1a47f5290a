package io.github.m2n2.sd.bench;

import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;

/**
 * The published config.json files of stabilityai/stable-diffusion-2-1-base (unet, vae,
 * text_encoder), written out from their published values, for benchmarks on full-size networks
 * with random weights. The 768-pixel SD 2 / 2.1 differ in sample sizes and (2.1)
 * {@code upcast_attention: true}.
 */
public final class Sd2Configs {

	private Sd2Configs() { }

	public static JsonObject unet21Base() {
		JsonObject c = new JsonObject();
		c.addProperty("_class_name", "UNet2DConditionModel");
		c.addProperty("_diffusers_version", "0.10.0.dev0");
		c.addProperty("act_fn", "silu");
		c.add("attention_head_dim", ints(5, 10, 20, 20));
		c.add("block_out_channels", ints(320, 640, 1280, 1280));
		c.addProperty("center_input_sample", false);
		c.addProperty("cross_attention_dim", 1024);
		c.add("down_block_types", strings("CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "CrossAttnDownBlock2D", "DownBlock2D"));
		c.addProperty("downsample_padding", 1);
		c.addProperty("dual_cross_attention", false);
		c.addProperty("flip_sin_to_cos", true);
		c.addProperty("freq_shift", 0);
		c.addProperty("in_channels", 4);
		c.addProperty("layers_per_block", 2);
		c.addProperty("mid_block_scale_factor", 1);
		c.addProperty("norm_eps", 1e-05);
		c.addProperty("norm_num_groups", 32);
		c.add("num_class_embeds", JsonNull.INSTANCE);
		c.addProperty("only_cross_attention", false);
		c.addProperty("out_channels", 4);
		c.addProperty("sample_size", 64);
		c.add("up_block_types", strings("UpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D", "CrossAttnUpBlock2D"));
		c.addProperty("use_linear_projection", true);
		return c;
	}

	public static JsonObject vae21Base() {
		JsonObject c = new JsonObject();
		c.addProperty("_class_name", "AutoencoderKL");
		c.addProperty("_diffusers_version", "0.10.0.dev0");
		c.addProperty("act_fn", "silu");
		c.add("block_out_channels", ints(128, 256, 512, 512));
		c.add("down_block_types", strings("DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D", "DownEncoderBlock2D"));
		c.addProperty("in_channels", 3);
		c.addProperty("latent_channels", 4);
		c.addProperty("layers_per_block", 2);
		c.addProperty("norm_num_groups", 32);
		c.addProperty("out_channels", 3);
		c.addProperty("sample_size", 512);
		c.add("up_block_types", strings("UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D", "UpDecoderBlock2D"));
		return c;
	}

	public static JsonObject textEncoder21Base() {
		JsonObject c = new JsonObject();
		c.add("architectures", strings("CLIPTextModel"));
		c.addProperty("attention_dropout", 0.0);
		c.addProperty("bos_token_id", 0);
		c.addProperty("dropout", 0.0);
		c.addProperty("eos_token_id", 2);
		c.addProperty("hidden_act", "gelu");
		c.addProperty("hidden_size", 1024);
		c.addProperty("initializer_factor", 1.0);
		c.addProperty("initializer_range", 0.02);
		c.addProperty("intermediate_size", 4096);
		c.addProperty("layer_norm_eps", 1e-05);
		c.addProperty("max_position_embeddings", 77);
		c.addProperty("model_type", "clip_text_model");
		c.addProperty("num_attention_heads", 16);
		c.addProperty("num_hidden_layers", 23);
		c.addProperty("pad_token_id", 1);
		c.addProperty("projection_dim", 512);
		c.addProperty("torch_dtype", "float32");
		c.addProperty("vocab_size", 49408);
		return c;
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

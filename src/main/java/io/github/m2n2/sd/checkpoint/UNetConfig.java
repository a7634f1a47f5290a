package io.github.m2n2.sd.checkpoint;

import io.github.m2n2.sd.CheckpointException;

/**
 * The architecture of a diffusers {@code UNet2DConditionModel}, read from {@code unet/config.json}.
 * Keys missing from older configs take the diffusers class defaults. Options this project does
 * not implement (class embeddings, scale-shift time conditioning, ...) are refused by name
 * rather than silently ignored.
 */
public final class UNetConfig {

	public static final String CROSS_DOWN = "CrossAttnDownBlock2D";
	public static final String PLAIN_DOWN = "DownBlock2D";
	public static final String CROSS_UP = "CrossAttnUpBlock2D";
	public static final String PLAIN_UP = "UpBlock2D";

	public final int inChannels;
	public final int[] blockOutChannels;
	public final int[] layersPerBlock;
	/** Attention heads per down block (index i); up block i uses entry {@code n-1-i}, the mid block the last. */
	public final int[] heads;
	public final int[] transformerLayers;
	public final int crossAttentionDim;
	public final boolean useLinearProjection;
	public final boolean upcastAttention;
	public final int normGroups;
	public final double normEps;
	public final boolean flipSinToCos;
	public final double freqShift;
	public final String[] downBlockTypes;
	public final String[] upBlockTypes;
	public final int sampleSize;
	public final int convInKernel;
	public final int timeEmbedDim;
	public final int downsamplePadding;
	public final double midBlockScaleFactor;
	public final boolean centerInputSample;

	public UNetConfig(ConfigJson c) {
		blockOutChannels = c.positiveList("block_out_channels");
		int n = blockOutChannels.length;
		inChannels = c.positive("in_channels", 4);
		layersPerBlock = c.has("layers_per_block") ? c.positivePerBlock("layers_per_block", n) : fill(n, 2);
		String headKey = c.has("num_attention_heads") ? "num_attention_heads" : "attention_head_dim";
		// diffusers' historical naming: in SD2 configs "attention_head_dim" holds the number of heads
		heads = c.has(headKey) ? c.positivePerBlock(headKey, n) : fill(n, 8);
		transformerLayers = c.has("transformer_layers_per_block") ? c.positivePerBlock("transformer_layers_per_block", n) : fill(n, 1);
		if (c.isList("cross_attention_dim")) throw c.wrong("cross_attention_dim", "is a list; only one value for all blocks is supported");
		crossAttentionDim = c.positive("cross_attention_dim", 1280);
		useLinearProjection = c.bool("use_linear_projection", false);
		upcastAttention = c.bool("upcast_attention", false);
		normGroups = c.positive("norm_num_groups", 32);
		normEps = c.number("norm_eps", 1e-5);
		flipSinToCos = c.bool("flip_sin_to_cos", true);
		freqShift = c.number("freq_shift", 0);
		downBlockTypes = c.stringList("down_block_types");
		upBlockTypes = c.stringList("up_block_types");
		sampleSize = c.positive("sample_size", 64);
		convInKernel = c.positive("conv_in_kernel", 3);
		timeEmbedDim = c.positive("time_embedding_dim", blockOutChannels[0] * 4);
		downsamplePadding = c.integer("downsample_padding", 1);
		midBlockScaleFactor = c.number("mid_block_scale_factor", 1);
		centerInputSample = c.bool("center_input_sample", false);

		if (downBlockTypes.length != n || upBlockTypes.length != n)
			throw new CheckpointException("In " + c.file() + ", down_block_types and up_block_types must each list " + n
				+ " blocks, one per entry of block_out_channels.");
		for (String t : downBlockTypes)
			if (!t.equals(CROSS_DOWN) && !t.equals(PLAIN_DOWN)) throw c.wrong("down_block_types", "contains the unsupported block type " + t);
		for (String t : upBlockTypes)
			if (!t.equals(CROSS_UP) && !t.equals(PLAIN_UP)) throw c.wrong("up_block_types", "contains the unsupported block type " + t);
		for (int i = 0; i < n; i++) {
			if (blockOutChannels[i] % normGroups != 0)
				throw c.wrong("block_out_channels", "has " + blockOutChannels[i] + " channels, not a multiple of norm_num_groups " + normGroups);
			if (blockOutChannels[i] % heads[i] != 0)
				throw c.wrong(headKey, "gives " + heads[i] + " heads to a block of " + blockOutChannels[i] + " channels, which does not divide");
		}
		requireValue(c, "act_fn", "silu");
		requireValue(c, "resnet_time_scale_shift", "default");
		requireValue(c, "time_embedding_type", "positional");
		requireValue(c, "mid_block_type", "UNetMidBlock2DCrossAttn");
		requireAbsent(c, "class_embed_type");
		requireAbsent(c, "num_class_embeds");
		requireAbsent(c, "addition_embed_type");
		requireAbsent(c, "time_cond_proj_dim");
		requireAbsent(c, "encoder_hid_dim");
		requireAbsent(c, "timestep_post_act");
		if (c.bool("dual_cross_attention", false)) throw c.wrong("dual_cross_attention", "is true, which is not supported");
		if (c.has("only_cross_attention") && !c.isList("only_cross_attention") && c.bool("only_cross_attention", false))
			throw c.wrong("only_cross_attention", "is true; M2N2 needs the self-attention layers");
		if (c.has("resnet_out_scale_factor") && c.number("resnet_out_scale_factor", 1) != 1)
			throw c.wrong("resnet_out_scale_factor", "is not 1, which is not supported");
		if (c.has("attention_type") && !c.string("attention_type", "default").equals("default"))
			throw c.wrong("attention_type", "is not \"default\", which is not supported");
	}

	private static void requireValue(ConfigJson c, String key, String value) {
		if (c.has(key) && !c.string(key, value).equals(value))
			throw c.wrong(key, "is \"" + c.string(key, value) + "\"; only \"" + value + "\" is supported");
	}

	private static void requireAbsent(ConfigJson c, String key) {
		if (c.has(key)) throw c.wrong(key, "is set, which Stable Diffusion 2 does not use and M2N2 does not support");
	}

	private static int[] fill(int n, int v) {
		int[] a = new int[n];
		java.util.Arrays.fill(a, v);
		return a;
	}

	public int blocks() { return blockOutChannels.length; }

	public boolean downHasAttention(int i) { return downBlockTypes[i].equals(CROSS_DOWN); }

	public boolean upHasAttention(int i) { return upBlockTypes[i].equals(CROSS_UP); }

	/** Heads of up block i: diffusers reverses the per-block list for the up path. */
	public int upHeads(int i) { return heads[blocks() - 1 - i]; }

	public int upTransformerLayers(int i) { return transformerLayers[blocks() - 1 - i]; }

	/** Up blocks have one resnet more than the matching down block. */
	public int upLayers(int i) { return layersPerBlock[blocks() - 1 - i] + 1; }

	/** Channels of up block i's output. */
	public int upChannels(int i) { return blockOutChannels[blocks() - 1 - i]; }
}

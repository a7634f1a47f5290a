package io.github.m2n2.sd.checkpoint;

/** The encoder half of a diffusers {@code AutoencoderKL}, read from {@code vae/config.json}. */
public final class VaeConfig {

	public final int inChannels;
	public final int[] blockOutChannels;
	public final int layersPerBlock;
	public final int latentChannels;
	public final int normGroups;
	public final double scalingFactor;
	public final boolean midBlockAttention;
	public final boolean quantConv;
	/** diffusers' Encoder fixes its GroupNorm eps at 1e-6; honoured from the config if a checkpoint states one. */
	public final double normEps;

	public VaeConfig(ConfigJson c) {
		inChannels = c.positive("in_channels", 3);
		blockOutChannels = c.positiveList("block_out_channels");
		layersPerBlock = c.positive("layers_per_block", 1);
		latentChannels = c.positive("latent_channels", 4);
		normGroups = c.positive("norm_num_groups", 32);
		scalingFactor = c.number("scaling_factor", 0.18215);
		midBlockAttention = c.bool("mid_block_add_attention", true);
		quantConv = c.bool("use_quant_conv", true);
		normEps = c.number("norm_eps", 1e-6);
		if (inChannels != 3) throw c.wrong("in_channels", "is " + inChannels + "; an RGB encoder needs 3");
		String[] types = c.stringList("down_block_types");
		if (types.length != blockOutChannels.length)
			throw c.wrong("down_block_types", "lists " + types.length + " blocks but block_out_channels has " + blockOutChannels.length);
		for (String t : types)
			if (!t.equals("DownEncoderBlock2D")) throw c.wrong("down_block_types", "contains the unsupported block type " + t);
		for (int ch : blockOutChannels)
			if (ch % normGroups != 0) throw c.wrong("block_out_channels", "has " + ch + " channels, not a multiple of norm_num_groups " + normGroups);
		if (c.has("act_fn") && !c.string("act_fn", "silu").equals("silu")) throw c.wrong("act_fn", "is not \"silu\", which is not supported");
		if (!(scalingFactor > 0)) throw c.wrong("scaling_factor", "must be positive");
	}

	/** The encoder halves the image size at every block but the last. */
	public int downsampling() { return 1 << (blockOutChannels.length - 1); }
}

package io.github.m2n2.sd.checkpoint;

/** A transformers {@code CLIPTextModel}, read from {@code text_encoder/config.json}. */
public final class ClipTextConfig {

	public enum Activation { GELU, QUICK_GELU }

	public final int hiddenSize;
	public final int layers;
	public final int heads;
	public final int intermediateSize;
	public final Activation activation;
	public final double layerNormEps;
	public final int maxPositions;
	public final int vocabSize;

	public ClipTextConfig(ConfigJson c) {
		hiddenSize = c.positive("hidden_size", 512);
		layers = c.positive("num_hidden_layers", 12);
		heads = c.positive("num_attention_heads", 8);
		intermediateSize = c.positive("intermediate_size", 2048);
		String act = c.string("hidden_act", "quick_gelu");
		if (act.equals("gelu")) activation = Activation.GELU;
		else if (act.equals("quick_gelu")) activation = Activation.QUICK_GELU;
		else throw c.wrong("hidden_act", "is \"" + act + "\"; only \"gelu\" and \"quick_gelu\" are supported");
		layerNormEps = c.number("layer_norm_eps", 1e-5);
		maxPositions = c.positive("max_position_embeddings", 77);
		vocabSize = c.positive("vocab_size", 49408);
		if (hiddenSize % heads != 0)
			throw c.wrong("num_attention_heads", "(" + heads + ") does not divide hidden_size " + hiddenSize);
	}
}

package io.github.m2n2.sd.hub;

/**
 * Which weights of a diffusers checkpoint to fetch. Half precision halves the download and the
 * memory of the networks; full precision is what CPUs compute fastest and most exactly.
 */
public enum WeightsVariant {
	FP16("fp16"), FP32("fp32");

	private final String label;

	WeightsVariant(final String label) {
		this.label = label;
	}

	/** The diffusers "variant" name, as in {@code diffusion_pytorch_model.fp16.safetensors}. */
	public String label() {
		return label;
	}

	@Override
	public String toString() {
		return label;
	}
}

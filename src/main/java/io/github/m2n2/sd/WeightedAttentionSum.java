package io.github.m2n2.sd;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.sd.nn.AttentionProbabilitySink;

/**
 * Sums the head-averaged attention of several layers with weights into one float32 N x N
 * array (1 GiB at r = 128, the only full-size copy), then normalises its rows.
 */
final class WeightedAttentionSum {

	private final int resolution;
	private final int tokens;
	private final float[] sum;

	WeightedAttentionSum(int resolution) {
		this.resolution = resolution;
		this.tokens = resolution * resolution;
		this.sum = new float[Math.multiplyExact(tokens, tokens)];
	}

	AttentionProbabilitySink layer(String name, double weight) {
		float w = (float) weight;
		return (firstRow, rows, keys, mean) -> {
			if (keys != tokens)
				throw new CheckpointException("Layer " + name + " attends over " + keys + " tokens, not the " + tokens
					+ " of the " + resolution + " x " + resolution + " grid.");
			int off = firstRow * tokens;
			int n = rows * keys;
			for (int i = 0; i < n; i++) sum[off + i] += w * mean[i];
		};
	}

	Attention rowNormalised() {
		return Attention.normalisingRows(resolution, sum);
	}
}

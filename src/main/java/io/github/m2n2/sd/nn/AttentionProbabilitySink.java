package io.github.m2n2.sd.nn;

/**
 * Receives the head-averaged attention probabilities of one layer, a block of query rows at a
 * time, so that an N x N map at r = 128 (16384 tokens, 1 GiB per head in float32) is never
 * held for all heads at once.
 */
public interface AttentionProbabilitySink {

	/**
	 * @param firstRow index of the first query row in this block
	 * @param rows     number of query rows
	 * @param keys     number of key tokens (the row length)
	 * @param meanOverHeads row-major {@code rows x keys} float32 probabilities, averaged over heads
	 */
	void accept(int firstRow, int rows, int keys, float[] meanOverHeads);
}

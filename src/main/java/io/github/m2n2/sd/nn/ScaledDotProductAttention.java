package io.github.m2n2.sd.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Multi-head {@code softmax(Q K^T / sqrt(d)) V}, computed in blocks of query rows so that the
 * score matrix of a 16384-token layer never exists for all rows and heads at once. The
 * probabilities of each block can be handed to an {@link AttentionProbabilitySink} (averaged over
 * heads, float32) before they are multiplied with V.
 */
public final class ScaledDotProductAttention {

	/** Upper bound on the bytes of one block's scores (plus softmax and cast copies). */
	private static final long BLOCK_BYTES = 192L << 20;

	private ScaledDotProductAttention() { }

	/**
	 * @param q    (1, Nq, C) queries
	 * @param k    (1, Nk, C) keys
	 * @param v    (1, Nk, C) values
	 * @param mask additive (Nq, Nk) mask or null
	 * @param upcast compute scores and softmax in float32 (diffusers' upcast_attention); forced
	 *               when probabilities are captured, since they are aggregated in float32
	 * @param sink receives the head-mean probabilities, or null
	 * @return (1, Nq, C)
	 */
	public static NDArray attend(NDArray q, NDArray k, NDArray v, int heads, NDArray mask, boolean upcast,
		AttentionProbabilitySink sink) {
		long nk = k.getShape().get(1);
		return attend(q, k, v, heads, mask, upcast, sink, Math.max(1, BLOCK_BYTES / (heads * nk * 4L * 3)));
	}

	/** As above with an explicit number of query rows per block (tests use small blocks). */
	static NDArray attend(NDArray q, NDArray k, NDArray v, int heads, NDArray mask, boolean upcast,
		AttentionProbabilitySink sink, long blockRows) {
		long nq = q.getShape().get(1), nk = k.getShape().get(1), c = q.getShape().get(2);
		long d = c / heads;
		DataType valueType = v.getDataType();
		DataType scoreType = upcast || sink != null ? DataType.FLOAT32 : q.getDataType();
		return Ops.scoped(q, () -> {
			NDArray qh = q.reshape(nq, heads, d).transpose(1, 0, 2).toType(scoreType, false).mul((float) (1.0 / Math.sqrt(d)));
			NDArray kt = k.reshape(nk, heads, d).transpose(1, 2, 0).toType(scoreType, false);
			NDArray vh = v.reshape(nk, heads, d).transpose(1, 0, 2);
			long rowsPerBlock = Math.max(1, Math.min(nq, blockRows));
			NDList outs = new NDList();
			for (long start = 0; start < nq; start += rowsPerBlock) {
				long end = Math.min(nq, start + rowsPerBlock);
				long from = start;
				outs.add(Ops.scoped(qh, () -> {
					NDArray scores = qh.get(new NDIndex(":, {}:{}", from, end)).matMul(kt);
					if (mask != null) scores = scores.add(mask.get(new NDIndex("{}:{}", from, end)).toType(scoreType, false));
					NDArray p = scores.softmax(2);
					if (sink != null)
						sink.accept((int) from, (int) (end - from), (int) nk, p.mean(new int[] { 0 }).toType(DataType.FLOAT32, false).toFloatArray());
					return p.toType(valueType, false).matMul(vh);
				}, kt, vh, mask));
			}
			NDArray o = outs.size() == 1 ? outs.get(0) : NDArrays.concat(outs, 1);
			return o.transpose(1, 0, 2).reshape(1, nq, c);
		}, k, v, mask);
	}
}

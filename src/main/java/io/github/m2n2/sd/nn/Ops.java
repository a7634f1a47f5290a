package io.github.m2n2.sd.nn;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;

import java.util.function.Supplier;

/**
 * The few tensor operations the SD2 networks are made of, on DJL NDArrays. Every operation takes
 * the activation as its receiver, so results join the activation's (short-lived) manager and
 * never the long-lived manager that holds the weights.
 */
public final class Ops {

	private Ops() { }

	/** 2-D convolution, NCHW input, weight (out, in, kh, kw). */
	public static NDArray conv(NDArray x, NDArray w, NDArray b, int stride, int pad) {
		return x.getNDArrayInternal()
			.convolution(x, w, b, new Shape(stride, stride), new Shape(pad, pad), new Shape(1, 1), 1)
			.singletonOrThrow();
	}

	/** x W^T + b over the last axis (b may be null). */
	public static NDArray linear(NDArray x, NDArray w, NDArray b) {
		return (b == null ? Linear.linear(x, w) : Linear.linear(x, w, b)).singletonOrThrow();
	}

	public static NDArray silu(NDArray x) {
		return x.mul(Activation.sigmoid(x));
	}

	/** The exact (erf) GELU, as torch's default. */
	public static NDArray gelu(NDArray x) {
		return Activation.gelu(x);
	}

	/** CLIP's sigmoid approximation x * sigmoid(1.702 x). */
	public static NDArray quickGelu(NDArray x) {
		return x.mul(Activation.sigmoid(x.mul(1.702f)));
	}

	public static NDArray layerNorm(NDArray x, NDArray gamma, NDArray beta, double eps) {
		long d = x.getShape().get(x.getShape().dimension() - 1);
		return LayerNorm.layerNorm(x, new Shape(d), gamma, beta, (float) eps).singletonOrThrow();
	}

	/**
	 * GroupNorm over NCHW: statistics per (sample, group) in float32 even for fp16 activations
	 * (sums over 10^5 values lose too much in half precision), then the per-channel affine.
	 *
	 * @param gamma4 the scale reshaped to (1, C, 1, 1)
	 * @param beta4  the shift reshaped to (1, C, 1, 1)
	 */
	public static NDArray groupNorm(NDArray x, int groups, NDArray gamma4, NDArray beta4, double eps) {
		Shape s = x.getShape();
		DataType type = x.getDataType();
		NDArray g = x.toType(DataType.FLOAT32, false).reshape(s.get(0), groups, -1);
		NDArray mean = g.mean(new int[] { 2 }, true);
		NDArray centred = g.sub(mean);
		NDArray var = centred.square().mean(new int[] { 2 }, true);
		NDArray normed = centred.div(var.add((float) eps).sqrt()).reshape(s).toType(type, false);
		return normed.mul(gamma4).add(beta4);
	}

	/** Nearest-neighbour 2x upsampling of NCHW, as diffusers' Upsample2D does before its conv. */
	public static NDArray upsampleNearest2x(NDArray x) {
		return x.repeat(2, 2).repeat(3, 2);
	}

	/** Zero row at the bottom and zero column at the right: diffusers' (0, 1, 0, 1) pad before a stride-2 conv without padding. */
	public static NDArray padBottomRight(NDArray x) {
		Shape s = x.getShape();
		NDManager m = x.getManager();
		NDArray col = m.zeros(new Shape(s.get(0), s.get(1), s.get(2), 1), x.getDataType(), x.getDevice());
		NDArray wide = x.concat(col, 3);
		NDArray row = m.zeros(new Shape(s.get(0), s.get(1), 1, s.get(3) + 1), x.getDataType(), x.getDevice());
		return wide.concat(row, 2);
	}

	/**
	 * Runs {@code body} in a child manager of {@code x}'s manager and keeps only its result:
	 * every intermediate of a block is freed when the block returns. The inputs are attached
	 * to the child for the duration, so operations on them land there too.
	 */
	public static NDArray scoped(NDArray x, Supplier<NDArray> body, NDArray... alsoInputs) {
		NDManager parent = x.getManager();
		try (NDManager scope = parent.newSubManager()) {
			x.tempAttach(scope);
			for (NDArray a : alsoInputs)
				if (a != null && a != x && a.getManager() != scope) a.tempAttach(scope);
			NDArray out = body.get();
			out.attach(parent);
			return out;
		}
	}
}

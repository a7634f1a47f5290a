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
		return Activation.sigmoid(x).muli(x);
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
	 * GroupNorm over NCHW. PyTorch's own group_norm is not reachable through DJL, and composing it
	 * from mean/sub/square/div/mul/add makes a dozen passes over activations that reach 134 MB at
	 * the VAE's first level, where memory bandwidth, not arithmetic, sets the time. Instead two
	 * fused native kernels: batch_norm in training mode on the (1, N*G, rest) view computes each
	 * group's biased mean and variance and normalises (as GroupNorm does), then batch_norm in
	 * inference mode with mean 0 and variance 1 applies the per-channel scale and shift.
	 * Statistics accumulate in float32 inside the kernels, also for fp16 activations.
	 *
	 * @param gamma the scale (C)
	 * @param beta  the shift (C)
	 */
	public static NDArray groupNorm(NDArray x, int groups, NDArray gamma, NDArray beta, double eps) {
		Shape s = x.getShape();
		long rows = s.get(0) * groups, c = s.get(1);
		NDManager m = x.getManager();
		DataType t = x.getDataType();
		NDArray grouped = x.reshape(1, rows, -1);
		NDArray normed = x.getNDArrayInternal().batchNorm(grouped, m.zeros(new Shape(rows), t), m.ones(new Shape(rows), t),
			m.ones(new Shape(rows), t), m.zeros(new Shape(rows), t), 1, 0.1f, (float) eps, true).singletonOrThrow().reshape(s);
		return normed.getNDArrayInternal().batchNorm(normed, m.zeros(new Shape(c), t), m.ones(new Shape(c), t), gamma, beta, 1, 0.1f,
			0f, false).singletonOrThrow();
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

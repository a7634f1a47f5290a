package io.github.m2n2.sd.safetensors;

import java.util.Arrays;

/** One entry of a safetensors header: type, shape and byte range inside the data section. */
public final class TensorInfo {

	private final String name;
	private final DType dtype;
	private final long[] shape;
	private final long begin;
	private final long end;

	TensorInfo(String name, DType dtype, long[] shape, long begin, long end) {
		this.name = name;
		this.dtype = dtype;
		this.shape = shape;
		this.begin = begin;
		this.end = end;
	}

	public String name() { return name; }

	public DType dtype() { return dtype; }

	public long[] shape() { return shape.clone(); }

	public long elementCount() {
		long n = 1;
		for (long s : shape) n *= s;
		return n;
	}

	/** Offset of the first byte relative to the start of the data section. */
	public long begin() { return begin; }

	public long byteLength() { return end - begin; }

	@Override
	public String toString() { return name + " " + dtype + Arrays.toString(shape); }
}

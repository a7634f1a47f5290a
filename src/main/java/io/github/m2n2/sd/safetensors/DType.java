package io.github.m2n2.sd.safetensors;

/** The safetensors element types this project reads as floats, and the size of each. */
public enum DType {
	F32(4), F16(2), BF16(2),
	/** Integer tensors appear in some checkpoints (CLIP's position_ids); listed so they can be skipped. */
	I64(8), I32(4), F64(8), U8(1), I8(1), I16(2), BOOL(1);

	private final int bytes;

	DType(int bytes) { this.bytes = bytes; }

	public int bytes() { return bytes; }


	/** null when the name is not a safetensors dtype. */
	static DType parse(String name) {
		for (DType d : values()) if (d.name().equals(name)) return d;
		return null;
	}
}

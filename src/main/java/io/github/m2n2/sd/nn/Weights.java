package io.github.m2n2.sd.nn;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.github.m2n2.sd.CheckpointException;
import io.github.m2n2.sd.safetensors.SafetensorsFile;
import io.github.m2n2.sd.safetensors.TensorInfo;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * The weights of one network component, loaded tensor by tensor on first use and kept on the
 * compute device in the compute type. Loading on demand means the parts of a checkpoint M2N2
 * never runs (the VAE decoder, the UNet's last layers) are never read. Every request states
 * the shape the config implies, so a checkpoint whose weights disagree with its config.json
 * fails with both shapes named instead of deep inside a matrix product.
 */
public final class Weights implements AutoCloseable {

	private final SafetensorsFile file;
	private final NDManager manager;
	private final DataType type;
	private final Map<String, NDArray> loaded = new HashMap<>();
	private final Set<String> used = new LinkedHashSet<>();

	/**
	 * @param type FLOAT32, or FLOAT16 for GPU inference; stored F16/BF16/F32 values are
	 *             converted through float32, which is exact for F16 and BF16 sources
	 */
	public Weights(SafetensorsFile file, NDManager parent, DataType type) {
		this.file = file;
		this.manager = parent.newSubManager();
		this.type = type;
	}

	public DataType type() { return type; }

	public Device device() { return manager.getDevice(); }

	public boolean has(String name) { return file.has(name); }

	/** The tensor, checked against the expected shape. */
	public synchronized NDArray get(String name, long... shape) {
		NDArray a = loaded.get(name);
		if (a == null) {
			check(name, shape);
			a = load(name, shape);
			loaded.put(name, a);
		} else if (!Arrays.equals(a.getShape().getShape(), shape)) {
			check(name, shape);
		}
		used.add(name);
		return a;
	}

	/**
	 * A linear layer's (out, in) weight that some converted checkpoints store as a 1x1
	 * convolution (out, in, 1, 1); both are read, as (out, in).
	 */
	public synchronized NDArray linearWeight(String name, long out, long in) {
		if (file.has(name) && file.info(name).shape().length == 4) {
			String key = name + "#as-linear";
			NDArray a = loaded.get(key);
			if (a == null) {
				a = get(name, out, in, 1, 1).reshape(out, in);
				loaded.put(key, a);
			}
			return a;
		}
		return get(name, out, in);
	}

	/**
	 * Wraps the mapped bytes as a CPU tensor of the stored type and lets PyTorch copy and convert
	 * them to the compute type (no Java arrays, so no heap for a 3.5 GB UNet), then moves the
	 * result to the device. safetensors data is little-endian, as are all platforms PyTorch runs on.
	 */
	private NDArray load(String name, long[] shape) {
		TensorInfo info = file.info(name);
		DataType stored;
		switch (info.dtype()) {
		case F32: stored = DataType.FLOAT32; break;
		case F16: stored = DataType.FLOAT16; break;
		case BF16: stored = null; break; // DJL's JNI aborts on bfloat16 buffers: convert in Java below
		case F64: stored = DataType.FLOAT64; break;
		default:
			throw new CheckpointException("Tensor '" + name + "' in " + file.path() + " holds " + info.dtype()
				+ " values where floating-point weights are expected.");
		}
		try (NDManager staging = NDManager.newBaseManager(Device.cpu(), manager.getEngine().getEngineName())) {
			// wraps the mapped bytes without copying; the conversion below copies them out
			NDArray raw = stored == null ? staging.create(file.floats(name), new Shape(shape))
				: staging.create(file.bytes(name), new Shape(shape), stored);
			// toType to the same type returns a view of the mapped (or staged) buffer even when asked to
			// copy; that buffer is unmapped once collected, so same-type weights are cloned explicitly
			NDArray converted = raw.getDataType() == type ? raw.duplicate() : raw.toType(type, true);
			NDArray placed = manager.getDevice().isGpu() ? converted.toDevice(manager.getDevice(), true) : converted;
			placed.attach(manager);
			return placed;
		}
	}

	/** The stored values as floats, bypassing the device (for small lookup tables read in Java). */
	public float[] floats(String name, long... shape) {
		check(name, shape);
		used.add(name);
		return file.floats(name);
	}

	private void check(String name, long[] shape) {
		if (!file.has(name))
			throw new CheckpointException("The weights file " + file.path() + " has no tensor '" + name
				+ "', which its config.json implies: the weights do not match the config (or the file is not a "
				+ "Stable Diffusion 2 checkpoint).");
		TensorInfo t = file.info(name);
		if (!Arrays.equals(t.shape(), shape))
			throw new CheckpointException("Tensor '" + name + "' in " + file.path() + " has shape " + Arrays.toString(t.shape())
				+ " but config.json implies " + Arrays.toString(shape) + ": the weights do not match the config.");
	}

	/** Names of the tensors requested so far (for tests that check every weight is used). */
	public synchronized Set<String> used() { return Collections.unmodifiableSet(new LinkedHashSet<>(used)); }

	public Set<String> stored() { return file.tensors().keySet(); }

	@Override
	public synchronized void close() {
		loaded.clear();
		manager.close();
		file.close();
	}
}

package io.github.m2n2.sd;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.types.DataType;

/**
 * Picks the PyTorch device and the compute type from the user's choice. DJL loads the PyTorch
 * natives on first use (from the class path, or by download on a user's machine), which is
 * also where a missing GPU shows up.
 */
final class ComputeDevice {

	final Device device;
	final DataType type;

	private ComputeDevice(Device device, DataType type) {
		this.device = device;
		this.type = type;
	}

	static Engine engine() {
		try {
			return Engine.getEngine("PyTorch");
		} catch (RuntimeException | UnsatisfiedLinkError e) {
			throw new CheckpointException("PyTorch (through DJL) could not be started: " + e.getMessage()
				+ ". On first use DJL downloads its native library into ~/.djl.ai; check the network connection, or put"
				+ " the pytorch-native-cpu and pytorch-jni jars on the class path.", e);
		}
	}

	static int gpuCount() {
		return engine().getGpuCount();
	}

	static ComputeDevice choose(Sd2Settings.DeviceChoice choice, Sd2Settings.Precision precision) {
		int gpus = gpuCount();
		boolean gpu;
		switch (choice) {
		case GPU:
			if (gpus == 0)
				throw new CheckpointException("A GPU was requested, but PyTorch sees no CUDA GPU on this machine. Choose the"
					+ " device \"cpu\" (or \"auto\"), or install the CUDA build of PyTorch natives (see PYTORCH_FLAVOR in the docs).");
			gpu = true;
			break;
		case CPU:
			gpu = false;
			break;
		default:
			gpu = gpus > 0;
		}
		if (precision == Sd2Settings.Precision.FP16 && !gpu)
			throw new CheckpointException("fp16 precision needs a GPU; on the CPU choose fp32 (or auto).");
		boolean half = precision == Sd2Settings.Precision.FP16 || (precision == Sd2Settings.Precision.AUTO && gpu);
		return new ComputeDevice(gpu ? Device.gpu() : Device.cpu(), half ? DataType.FLOAT16 : DataType.FLOAT32);
	}

	boolean isGpu() { return device.isGpu(); }

	@Override
	public String toString() {
		return (isGpu() ? "GPU" : "CPU") + ", " + (type == DataType.FLOAT16 ? "fp16" : "fp32");
	}
}

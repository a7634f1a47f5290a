package io.github.m2n2.sd.nn;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import io.github.m2n2.sd.CheckpointException;
import io.github.m2n2.sd.safetensors.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class WeightsTest {

	@TempDir
	Path dir;

	/** One tensor "w" of shape [2, 2] holding 1, -2, 0.5, 3 in the given dtype. */
	private Path file(String dtype) throws Exception {
		float[] v = { 1, -2, 0.5f, 3 };
		int size = dtype.equals("F32") ? 4 : 2;
		ByteBuffer d = ByteBuffer.allocate(4 * size).order(ByteOrder.LITTLE_ENDIAN);
		for (float f : v) {
			if (dtype.equals("F32")) d.putFloat(f);
			else if (dtype.equals("BF16")) d.putShort((short) (Float.floatToIntBits(f) >>> 16));
			else d.putShort(io.github.m2n2.io.Half.fromFloat(f));
		}
		byte[] h = ("{\"w\":{\"dtype\":\"" + dtype + "\",\"shape\":[2,2],\"data_offsets\":[0," + 4 * size + "]}}").getBytes(StandardCharsets.UTF_8);
		ByteBuffer b = ByteBuffer.allocate(8 + h.length + d.capacity()).order(ByteOrder.LITTLE_ENDIAN);
		b.putLong(h.length).put(h).put(d.array());
		Path p = dir.resolve(dtype + ".safetensors");
		Files.write(p, b.array());
		return p;
	}

	@Test
	void loadsEveryStoredFloatTypeAsFloat32() throws Exception {
		for (String t : new String[] { "F32", "F16", "BF16" })
			try (NDManager m = TestTensors.cpu(); Weights w = new Weights(SafetensorsFile.open(file(t)), m, DataType.FLOAT32)) {
				assertArrayEquals(new float[] { 1, -2, 0.5f, 3 }, w.get("w", 2, 2).toFloatArray(), t);
				assertEquals(DataType.FLOAT32, w.get("w", 2, 2).getDataType());
				assertSame(w.get("w", 2, 2), w.get("w", 2, 2), "loaded once");
			}
	}

	@Test
	void loadedWeightsOwnTheirMemoryRatherThanViewingTheMappedFile() throws Exception {
		Path f = file("F32");
		try (NDManager m = TestTensors.cpu(); Weights w = new Weights(SafetensorsFile.open(f), m, DataType.FLOAT32)) {
			ai.djl.ndarray.NDArray a = w.get("w", 2, 2);
			// rewrite the data in place: a view of the mapping would see it (and would crash once unmapped)
			try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(f.toFile(), "rw")) {
				raf.seek(raf.length() - 16);
				for (int i = 0; i < 4; i++) raf.write(new byte[] { 0, 0, (byte) 0xc8, 0x42 }); // 100f little-endian
			}
			assertArrayEquals(new float[] { 1, -2, 0.5f, 3 }, a.toFloatArray());
		}
	}

	@Test
	void namesMissingTensorsAndShapeMismatches() throws Exception {
		try (NDManager m = TestTensors.cpu(); Weights w = new Weights(SafetensorsFile.open(file("F32")), m, DataType.FLOAT32)) {
			CheckpointException e = assertThrows(CheckpointException.class, () -> w.get("v", 2, 2));
			assertTrue(e.getMessage().contains("no tensor 'v'"), e.getMessage());
			e = assertThrows(CheckpointException.class, () -> w.get("w", 4));
			assertTrue(e.getMessage().contains("[2, 2]") && e.getMessage().contains("[4]"), e.getMessage());
		}
	}
}

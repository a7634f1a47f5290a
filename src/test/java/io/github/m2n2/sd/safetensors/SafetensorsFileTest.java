package io.github.m2n2.sd.safetensors;

import io.github.m2n2.io.Half;
import io.github.m2n2.sd.CheckpointException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class SafetensorsFileTest {

	@TempDir
	Path dir;

	@Test
	void roundTripsF32AndF16() throws Exception {
		float[] a = { 1, -2.5f, 3.25f, 0, 1e-3f, 65504 };
		for (DType t : new DType[] { DType.F32, DType.F16 }) {
			Path p = dir.resolve(t + ".safetensors");
			new SafetensorsWriter(t).add("a.weight", new long[] { 2, 3 }, a).add("b", new long[] { 1 }, new float[] { 7 }).write(p);
			try (SafetensorsFile f = SafetensorsFile.open(p)) {
				assertEquals(2, f.tensors().size());
				assertEquals(t, f.info("a.weight").dtype());
				assertArrayEquals(new long[] { 2, 3 }, f.info("a.weight").shape());
				float[] back = f.floats("a.weight");
				for (int i = 0; i < a.length; i++) assertEquals(a[i], back[i], t == DType.F32 ? 0 : Math.abs(a[i]) * 1e-3);
				assertArrayEquals(new float[] { 7 }, f.floats("b"));
			}
		}
	}

	/** Builds a file by hand: header JSON and raw data bytes. */
	private Path raw(String name, String header, byte[] data, long declaredHeaderLength) throws Exception {
		byte[] h = header.getBytes(StandardCharsets.UTF_8);
		ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
		b.putLong(declaredHeaderLength).put(h).put(data);
		Path p = dir.resolve(name);
		Files.write(p, b.array());
		return p;
	}

	@Test
	void readsBf16() throws Exception {
		ByteBuffer d = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
		d.putShort((short) (Float.floatToIntBits(1.5f) >>> 16)).putShort((short) (Float.floatToIntBits(-3f) >>> 16));
		String h = "{\"x\":{\"dtype\":\"BF16\",\"shape\":[2],\"data_offsets\":[0,4]},\"__metadata__\":{\"format\":\"pt\"}}";
		try (SafetensorsFile f = SafetensorsFile.open(raw("bf16.safetensors", h, d.array(), h.length()))) {
			assertArrayEquals(new float[] { 1.5f, -3f }, f.floats("x"));
			assertEquals("pt", f.metadata().get("format"));
		}
	}

	private String error(Path p) {
		CheckpointException e = assertThrows(CheckpointException.class, () -> SafetensorsFile.open(p).close());
		assertTrue(e.getMessage().contains(p.toString()), "the message names the file: " + e.getMessage());
		return e.getMessage();
	}

	@Test
	void refusesBrokenFilesWithReasons() throws Exception {
		String ok = "{\"x\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
		assertTrue(error(raw("zero", "", new byte[0], 0)).contains("header length field says 0 bytes"));
		Files.write(dir.resolve("tiny"), new byte[3]);
		assertTrue(error(dir.resolve("tiny")).contains("only 3 bytes"));
		assertTrue(error(raw("len", ok, new byte[8], 1 << 20)).contains("header length"));
		assertTrue(error(raw("json", "{not json", new byte[8], 9)).contains("not valid JSON"));
		assertTrue(error(raw("trunc", ok, new byte[4], ok.length())).contains("truncated"));
		String wrongSize = "{\"x\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
		assertTrue(error(raw("size", wrongSize, new byte[8], wrongSize.length())).contains("shape and dtype need 12"));
		String badType = "{\"x\":{\"dtype\":\"Q4\",\"shape\":[2],\"data_offsets\":[0,8]}}";
		assertTrue(error(raw("type", badType, new byte[8], badType.length())).contains("unknown dtype"));
		String badEntry = "{\"x\":{\"dtype\":\"F32\"}}";
		assertTrue(error(raw("entry", badEntry, new byte[8], badEntry.length())).contains("malformed"));
	}

	@Test
	void integerTensorsAreListedButNotReadAsWeights() throws Exception {
		String h = "{\"ids\":{\"dtype\":\"I64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
		try (SafetensorsFile f = SafetensorsFile.open(raw("i64", h, new byte[8], h.length()))) {
			assertTrue(f.has("ids"));
			CheckpointException e = assertThrows(CheckpointException.class, () -> f.floats("ids"));
			assertTrue(e.getMessage().contains("I64"));
		}
	}

	@Test
	void halfConversionIsExactAndRoundsToNearestEven() {
		for (int bits = 0; bits < 0x10000; bits++) {
			float f = Half.toFloat((short) bits);
			if (Float.isNaN(f)) continue;
			assertEquals(bits, Half.fromFloat(f) & 0xffff, "half " + Integer.toHexString(bits));
		}
		assertEquals(0x3c00, Half.fromFloat(1f) & 0xffff);
		assertEquals(65504f, Half.toFloat((short) 0x7bff));
		assertEquals(0x1p-24f, Half.toFloat((short) 1));
		assertEquals(0x3c00, Half.fromFloat(1 + 0x1p-11f) & 0xffff, "tie rounds to even");
		assertEquals(0x3c02, Half.fromFloat(1 + 3 * 0x1p-11f) & 0xffff, "tie rounds to even");
		assertEquals(0x7c00, Half.fromFloat(1e6f) & 0xffff, "overflow to infinity");
		assertEquals(-3f, Half.bf16ToFloat((short) (Float.floatToIntBits(-3f) >>> 16)));
	}
}

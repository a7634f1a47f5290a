package io.github.m2n2.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.engine.Attention;

class NpyArrayTest {

	@TempDir
	Path dir;

	@Test
	void float32RoundTripKeepsShapeAndValues() throws IOException {
		float[] data = { 1, 2.5f, -3, 4, 5, 6 };
		Path p = dir.resolve("a.npy");
		NpyArray.write(p, data, 2, 3);
		NpyArray a = NpyArray.read(p);
		assertArrayEquals(new long[] { 2, 3 }, a.shape());
		assertArrayEquals(data, a.data());
		byte[] raw = Files.readAllBytes(p);
		assertEquals(0, (10 + (raw[8] & 0xff)) % 64, "header padded to 64 bytes like NumPy does");
	}

	@Test
	void readsFloat16AsNumPyWritesIt() throws Exception {
		// NumPy: np.array([1.0, -2.0, 0.5, 65504.0], dtype='<f2') -> 0x3c00, 0xc000, 0x3800, 0x7bff
		String header = "{'descr': '<f2', 'fortran_order': False, 'shape': (2, 2), }";
		int pad = 64 - (10 + header.length() + 1) % 64;
		String h = header + " ".repeat(pad) + "\n";
		ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 8).order(ByteOrder.LITTLE_ENDIAN);
		b.put(new byte[] { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0 }).putShort((short) h.length()).put(h.getBytes(StandardCharsets.ISO_8859_1));
		for (int v : new int[] { 0x3c00, 0xc000, 0x3800, 0x7bff }) b.putShort((short) v);
		Path p = dir.resolve("h.npy");
		Files.write(p, b.array());
		assertArrayEquals(new float[] { 1f, -2f, 0.5f, 65504f }, NpyArray.read(p).data());
	}

	@Test
	void refusesOtherTypesAndTruncation() throws Exception {
		Path p = dir.resolve("t.npy");
		NpyArray.write(p, new float[16], 4, 4);
		byte[] raw = Files.readAllBytes(p);
		Files.write(p, java.util.Arrays.copyOf(raw, raw.length - 4));
		IOException e = assertThrows(IOException.class, () -> NpyArray.read(p));
		assertTrue(e.getMessage().contains("truncated"), e.getMessage());
		String s = new String(raw, StandardCharsets.ISO_8859_1).replace("<f4", "<i4");
		Files.write(p, s.getBytes(StandardCharsets.ISO_8859_1));
		e = assertThrows(IOException.class, () -> NpyArray.read(p));
		assertTrue(e.getMessage().contains("float32 or float16"), e.getMessage());
	}

	@Test
	void attentionFileAcceptsBothShapes() throws Exception {
		float[] v = new float[16 * 16];
		for (int i = 0; i < 16; i++) v[i * 16 + (i + 1) % 16] = 1;
		Path flat = dir.resolve("flat.npy"), grid = dir.resolve("grid.npy");
		NpyArray.write(flat, v, 16, 16);
		NpyArray.write(grid, v, 4, 4, 4, 4);
		Attention a = new AttentionFileBackbone(flat).read(), b = new AttentionFileBackbone(grid).read();
		assertEquals(4, a.resolution());
		assertEquals(4, b.resolution());
		assertEquals(1f, b.get(3, 4));
	}

	@Test
	void attentionFileOfOneTokenIsRefused() throws Exception {
		Path one = dir.resolve("one.npy");
		NpyArray.write(one, new float[] { 1f }, 1, 1);
		BackboneException e = assertThrows(BackboneException.class, () -> new AttentionFileBackbone(one).read());
		assertTrue(e.getMessage().contains("1 x 1 token grid") && e.getMessage().contains("2.." + Attention.MAX_RESOLUTION), e.getMessage());
	}
}

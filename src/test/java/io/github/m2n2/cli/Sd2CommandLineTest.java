package io.github.m2n2.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ColorProcessor;

import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.io.NpyArray;
import io.github.m2n2.sd.TinyCheckpoint;

/** The sd2 backbone through the command line, on a tiny random checkpoint in diffusers layout. */
class Sd2CommandLineTest {

	@TempDir
	static Path dir;
	static Path model, image;

	@BeforeAll
	static void setUp() throws Exception {
		model = TinyCheckpoint.write(dir.resolve("tiny-sd2"));
		ColorProcessor cp = new ColorProcessor(80, 64);
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 80; x++) cp.set(x, y, Math.hypot(x - 30, y - 30) < 15 ? 0xd04020 : 0x203050);
		image = dir.resolve("disc.tif");
		ImageFiles.saveTiff(new ImagePlus("disc", cp), image);
	}

	@Test
	void attentionCommandWritesWhatSegmentReads() throws Exception {
		Path npy = dir.resolve("attention.npy");
		SegmentCommandTest.Run r = SegmentCommandTest.run("attention", "--image", image.toString(), "--backbone", "sd2", "--model",
			model.toString(), "--resolution", String.valueOf(TinyCheckpoint.R), "--device", "cpu", "--out", npy.toString());
		assertEquals(0, r.code, r.err);
		NpyArray a = NpyArray.read(npy);
		int rr = TinyCheckpoint.R;
		assertArrayEquals(new long[] { rr, rr, rr, rr }, a.shape());
		int n = rr * rr;
		for (int i = 0; i < n; i++) {
			double s = 0;
			for (int j = 0; j < n; j++) s += a.data()[i * n + j];
			assertEquals(1, s, 1e-3, "row " + i);
		}
		Path labels = dir.resolve("from-file.tif");
		SegmentCommandTest.Run seg = SegmentCommandTest.run("segment", "--image", image.toString(), "--attention", npy.toString(),
			"--point", "30,30,1", "--out", labels.toString());
		assertEquals(0, seg.code, seg.err);
		assertEquals(1, (int) IJ.openImage(labels.toString()).getProcessor().getf(30, 30));
	}

	@Test
	void segmentRunsTheSd2BackboneDirectly() {
		Path labels = dir.resolve("sd2-labels.tif");
		SegmentCommandTest.Run r = SegmentCommandTest.run("segment", "--image", image.toString(), "--backbone", "sd2", "--model",
			model.toString(), "--resolution", String.valueOf(TinyCheckpoint.R), "--device", "cpu", "--point", "30,30,1", "--point", "75,60,0",
			"--out", labels.toString());
		assertEquals(0, r.code, r.err);
		assertTrue(r.out.contains("1 object"), r.out);
		assertTrue(Files.exists(labels));
	}

	@Test
	void aModelMissingWhileOfflineIsOneClearLine() {
		Path labels = dir.resolve("offline.tif");
		SegmentCommandTest.Run r = SegmentCommandTest.run("segment", "--image", image.toString(), "--backbone", "sd2", "--model",
			"nobody/no-such-model", "--offline", "--cache-dir", dir.resolve("cache").toString(), "--device", "cpu", "--point", "30,30,1",
			"--out", labels.toString());
		assertEquals(2, r.code, r.out + r.err);
		assertTrue(r.err.contains("nobody/no-such-model"), r.err);
		assertEquals(1, r.err.strip().lines().count(), r.err);
		assertFalse(Files.exists(labels));
	}

	@Test
	void aPickleOnlyFolderIsRefused() throws Exception {
		Path pickle = dir.resolve("pickle-model");
		Files.createDirectories(pickle.resolve("unet"));
		Files.writeString(pickle.resolve("model_index.json"), "{}");
		Files.write(pickle.resolve("unet/diffusion_pytorch_model.bin"), new byte[] { 1, 2, 3 });
		SegmentCommandTest.Run r = SegmentCommandTest.run("attention", "--image", image.toString(), "--backbone", "sd2", "--model",
			pickle.toString(), "--device", "cpu", "--out", dir.resolve("p.npy").toString());
		assertEquals(2, r.code, r.out + r.err);
		assertTrue(r.err.toLowerCase().contains("pickle") || r.err.contains("safetensors"), r.err);
	}
}

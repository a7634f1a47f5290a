package io.github.m2n2.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTest {

	@TempDir
	Path root;

	private void png(String path, int w, int h, int value) throws Exception {
		BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_GRAY);
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) img.getRaster().setSample(x, y, 0, x < w / 2 ? value : 0);
		Path p = root.resolve(path);
		Files.createDirectories(p.getParent());
		ImageIO.write(img, "png", p.toFile());
	}

	@Test
	void pairsByNameInNameOrderAndLimits() throws Exception {
		png("images/b.png", 8, 6, 200);
		png("images/a.png", 8, 6, 200);
		png("masks/a.png", 8, 6, 255);
		png("masks/b.png", 8, 6, 255);
		png("masks/unused.png", 8, 6, 255);
		Dataset d = Dataset.scan(root);
		assertEquals(2, d.items().size());
		assertEquals("a", d.items().get(0).name());
		assertEquals(1, d.limit(1).items().size());
		assertEquals("a", d.limit(1).items().get(0).name());
		int[] mask = Dataset.readMask(d.items().get(0).mask(), 8, 6);
		assertArrayEquals(new int[] { 255, 255, 255, 255, 0, 0, 0, 0 }, java.util.Arrays.copyOf(mask, 8));
	}

	@Test
	void refusesAmbiguousNamesAndMismatchedSizes() throws Exception {
		png("images/a.png", 8, 6, 200);
		png("masks/a.png", 8, 6, 255);
		png("masks/a.tif", 8, 6, 255);
		DatasetException twice = assertThrows(DatasetException.class, () -> Dataset.scan(root));
		assertTrue(twice.getMessage().contains("two files"), twice.getMessage());
		Files.delete(root.resolve("masks/a.tif"));
		DatasetException size = assertThrows(DatasetException.class, () -> Dataset.readMask(root.resolve("masks/a.png"), 9, 6));
		assertTrue(size.getMessage().contains("8 x 6"), size.getMessage());
	}
}

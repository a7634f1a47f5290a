package io.github.m2n2.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TiffCompressionTest {

	@TempDir
	Path dir;

	private Path write(String name, String compression) throws IOException {
		BufferedImage img = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
		for (int y = 0; y < 48; y++)
			for (int x = 0; x < 64; x++) img.setRGB(x, y, (x * 4) << 16 | (y * 5) << 8 | 90);
		Path p = dir.resolve(name);
		ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
		ImageWriteParam param = writer.getDefaultWriteParam();
		param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
		param.setCompressionType(compression);
		try (ImageOutputStream out = ImageIO.createImageOutputStream(p.toFile())) {
			writer.setOutput(out);
			writer.write(null, new IIOImage(img, null, null), param);
		} finally {
			writer.dispose();
		}
		return p;
	}

	/** ImageJ opens a narrow JPEG-compressed TIFF as if it were uncompressed: it is refused with a way out instead. */
	@Test
	void aJpegCompressedTiffIsRefusedAndLzwOpens() throws Exception {
		Path jpeg = write("jpeg.tif", "JPEG"), lzw = write("lzw.tif", "LZW");
		assertEquals(TiffCompression.JPEG, TiffCompression.of(jpeg));
		assertEquals(5, TiffCompression.of(lzw));
		IOException e = assertThrows(IOException.class, () -> ImageFiles.open(jpeg));
		assertTrue(e.getMessage().contains("compressed with JPEG") && e.getMessage().contains("LZW"), e.getMessage());
		assertEquals(64, ImageFiles.open(lzw).getWidth());
	}
}

package io.github.m2n2.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.m2n2.engine.Click;

class PointsParserTest {

	@TempDir
	Path dir;

	private Path write(String name, byte[] bytes) throws Exception {
		Path p = dir.resolve(name);
		Files.write(p, bytes);
		return p;
	}

	/** "CSV UTF-8" from a spreadsheet: a byte-order mark, Windows line ends. */
	@Test
	void readsASpreadsheetsCsvWithAByteOrderMark() throws Exception {
		byte[] text = "x,y,label\r\n10,20,1\r\n3,4,0\r\n".getBytes(StandardCharsets.UTF_8);
		byte[] bom = new byte[text.length + 3];
		bom[0] = (byte) 0xEF;
		bom[1] = (byte) 0xBB;
		bom[2] = (byte) 0xBF;
		System.arraycopy(text, 0, bom, 3, text.length);
		List<Click> clicks = PointsParser.readCsv(write("bom.csv", bom));
		assertEquals(2, clicks.size());
		assertEquals(10, clicks.get(0).x());
		assertEquals(0, clicks.get(1).label());

		Path stack = write("bom3d.csv", ("\uFEFFx,y,z,label\n5,6,2,1\n").getBytes(StandardCharsets.UTF_8));
		assertTrue(StackPoints.hasPlaneColumns(stack));
		assertEquals(1, StackPoints.read(stack).rows.size());
	}

	/** A comment in Latin-1 (not UTF-8) does not keep the numbers from being read. */
	@Test
	void aCommentInAnotherEncodingIsNoObstacle() throws Exception {
		byte[] latin1 = "# m\u00e9thode\nx,y,label\n1,2,3\n".getBytes(StandardCharsets.ISO_8859_1);
		assertEquals(3, PointsParser.readCsv(write("latin1.csv", latin1)).get(0).label());
	}

	/** {@code --points <(...)}: a pipe can be read once, and the header is looked at before the clicks. */
	@Test
	void aPipeIsReadOnceForBothReaders() throws Exception {
		Path fifo = dir.resolve("points.fifo");
		Process mk;
		try {
			mk = new ProcessBuilder("mkfifo", fifo.toString()).start();
		} catch (java.io.IOException e) {
			org.junit.jupiter.api.Assumptions.assumeTrue(false, "needs mkfifo");
			return;
		}
		org.junit.jupiter.api.Assumptions.assumeTrue(mk.waitFor() == 0, "mkfifo failed");
		Thread writer = new Thread(() -> {
			try {
				Files.writeString(fifo, "x,y,label\n7,8,2\n");
			} catch (java.io.IOException e) {
				throw new java.io.UncheckedIOException(e);
			}
		});
		writer.start();
		assertEquals(false, StackPoints.hasPlaneColumns(fifo));
		List<Click> clicks = PointsParser.readCsv(fifo);
		writer.join();
		assertEquals(1, clicks.size());
		assertEquals(2, clicks.get(0).label());
	}

	@Test
	void onePixelClickedWithTwoLabelsIsRefused() {
		List<Click> clicks = List.of(PointsParser.parse("40,40,1"), PointsParser.parse("40,40,0"));
		UserError e = assertThrows(UserError.class, () -> PointsParser.validate(clicks, 64, 64));
		assertTrue(e.getMessage().contains("point 40,40 is clicked both as object 1 and as background"), e.getMessage());
		// the same label twice is only a repeated click
		PointsParser.validate(List.of(PointsParser.parse("40,40,1"), PointsParser.parse("40,40,1")), 64, 64);
	}
}

package io.github.m2n2.io;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The compression a TIFF file names in its first image directory (tag 259). Needed because
 * ImageJ 1.x opens a JPEG-compressed TIFF narrower than 500 pixels as if it were uncompressed
 * (a workaround for one camera's files) and gives pixels of no meaning without an error.
 */
final class TiffCompression {

	/** TIFF's compression codes for JPEG (old style and new style). */
	static final int OLD_JPEG = 6, JPEG = 7;

	private TiffCompression() { }

	/** The compression code, 1 (none) when the tag is absent, or -1 when the file is not a classic TIFF ImageJ reads this way. */
	static int of(Path tiff) throws IOException {
		try (FileChannel ch = FileChannel.open(tiff, StandardOpenOption.READ)) {
			ByteBuffer head = read(ch, 0, 8);
			if (head == null) return -1;
			byte a = head.get(0), b = head.get(1);
			if (a == 'I' && b == 'I') head.order(ByteOrder.LITTLE_ENDIAN);
			else if (a == 'M' && b == 'M') head.order(ByteOrder.BIG_ENDIAN);
			else return -1;
			if (head.getShort(2) != 42) return -1;
			long ifd = head.getInt(4) & 0xffffffffL;
			ByteBuffer count = read(ch, ifd, 2);
			if (count == null) return -1;
			int entries = count.order(head.order()).getShort(0) & 0xffff;
			ByteBuffer dir = read(ch, ifd + 2, 12L * entries);
			if (dir == null) return -1;
			dir.order(head.order());
			for (int e = 0; e < entries; e++) {
				int tag = dir.getShort(12 * e) & 0xffff;
				if (tag != 259) continue;
				int type = dir.getShort(12 * e + 2) & 0xffff;
				// a SHORT sits in the first two bytes of the value field, a LONG fills it
				return type == 3 ? dir.getShort(12 * e + 8) & 0xffff : dir.getInt(12 * e + 8);
			}
			return 1;
		}
	}

	private static ByteBuffer read(FileChannel ch, long at, long length) throws IOException {
		if (length > 1 << 20 || at + length > ch.size()) return null;
		ByteBuffer buf = ByteBuffer.allocate((int) length);
		while (buf.hasRemaining())
			if (ch.read(buf, at + buf.position()) < 0) return null;
		return buf;
	}
}

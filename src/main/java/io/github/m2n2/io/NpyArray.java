package io.github.m2n2.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * NumPy {@code .npy} files of float32 or float16 in C order: the format in which attention
 * travels between this tool and Python. Reading maps the file, so a 1 GiB r = 128 attention is
 * not held twice.
 */
public final class NpyArray {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final Pattern DESCR = Pattern.compile("'descr'\\s*:\\s*'([<>|=]?)([a-z])(\\d+)'");
	private static final Pattern FORTRAN = Pattern.compile("'fortran_order'\\s*:\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape'\\s*:\\s*\\(([^)]*)\\)");

	private final long[] shape;
	private final float[] data;

	private NpyArray(long[] shape, float[] data) {
		this.shape = shape;
		this.data = data;
	}

	public long[] shape() { return shape.clone(); }

	public float[] data() { return data; }

	/** Reads a float32 or float16 array; any other content raises an IOException naming the problem. */
	public static NpyArray read(Path path) throws IOException {
		try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
			long size = ch.size();
			ByteBuffer head = ByteBuffer.allocate((int) Math.min(size, 65536 + 12)).order(ByteOrder.LITTLE_ENDIAN);
			ch.read(head, 0);
			head.flip();
			if (head.remaining() < 10) throw new IOException("not a NumPy .npy file (too short)");
			for (byte b : MAGIC)
				if (head.get() != b) throw new IOException("not a NumPy .npy file (bad magic bytes)");
			int major = head.get() & 0xff;
			head.get();
			int headerLength;
			if (major == 1) headerLength = head.getShort() & 0xffff;
			else if (major == 2 || major == 3) headerLength = head.getInt();
			else throw new IOException("unsupported .npy format version " + major);
			int dataOffset = head.position() + headerLength;
			if (headerLength < 0 || dataOffset > head.limit()) throw new IOException("corrupt .npy header");
			byte[] headerBytes = new byte[headerLength];
			head.get(headerBytes);
			String header = new String(headerBytes, StandardCharsets.ISO_8859_1);
			Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
			if (!d.find() || !s.find()) throw new IOException("corrupt .npy header: " + header.trim());
			if (f.find() && f.group(1).equals("True"))
				throw new IOException("the array is in Fortran order; save it in C order (numpy.ascontiguousarray)");
			String kind = d.group(2);
			int bytes = Integer.parseInt(d.group(3));
			if (!kind.equals("f") || (bytes != 4 && bytes != 2))
				throw new IOException("the array holds '" + d.group(1) + kind + bytes + "' values; float32 or float16 are needed");
			ByteOrder order = d.group(1).equals(">") ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN;
			long[] shape = parseShape(s.group(1));
			long count = 1;
			for (long dim : shape) count *= dim;
			if (count > Integer.MAX_VALUE - 8) throw new IOException("the array has " + count + " values, more than Java can hold in one array");
			long needed = dataOffset + count * bytes;
			if (size < needed) throw new IOException("the file is truncated: " + size + " bytes, the header promises " + needed);
			float[] data = new float[(int) count];
			long pos = dataOffset;
			int done = 0;
			// map in slices below 2 GiB
			while (done < count) {
				int chunk = (int) Math.min(count - done, (1 << 28));
				MappedByteBuffer map = ch.map(FileChannel.MapMode.READ_ONLY, pos, (long) chunk * bytes);
				map.order(order);
				if (bytes == 4) map.asFloatBuffer().get(data, done, chunk);
				else for (int i = 0; i < chunk; i++) data[done + i] = Half.toFloat(map.getShort());
				done += chunk;
				pos += (long) chunk * bytes;
			}
			return new NpyArray(shape, data);
		}
	}

	private static long[] parseShape(String text) throws IOException {
		String[] parts = text.split(",");
		java.util.List<Long> dims = new java.util.ArrayList<>();
		for (String p : parts) {
			String t = p.trim();
			if (t.isEmpty()) continue;
			try {
				dims.add(Long.parseLong(t.replace("L", "")));
			} catch (NumberFormatException e) {
				throw new IOException("corrupt .npy shape (" + text + ")");
			}
		}
		long[] shape = new long[dims.size()];
		for (int i = 0; i < shape.length; i++) shape[i] = dims.get(i);
		return shape;
	}

	/** Writes float32 little-endian C-order, via a temporary file so no partial file is left. */
	public static void write(Path path, float[] data, long... shape) throws IOException {
		StringBuilder sh = new StringBuilder();
		for (long dim : shape) sh.append(dim).append(", ");
		String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + (shape.length == 1 ? sh.toString().trim() : sh.substring(0, sh.length() - 2)) + "), }";
		int total = MAGIC.length + 2 + 2 + dict.length() + 1;
		int pad = (64 - total % 64) % 64;
		StringBuilder header = new StringBuilder(dict);
		for (int i = 0; i < pad; i++) header.append(' ');
		header.append('\n');
		Path tmp = AtomicFiles.temporarySibling(path);
		try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
			out.write(MAGIC);
			out.write(1);
			out.write(0);
			int len = header.length();
			out.write(len & 0xff);
			out.write((len >> 8) & 0xff);
			out.write(header.toString().getBytes(StandardCharsets.ISO_8859_1));
			ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
			for (float v : data) {
				if (!buf.hasRemaining()) {
					out.write(buf.array(), 0, buf.position());
					buf.clear();
				}
				buf.putFloat(v);
			}
			out.write(buf.array(), 0, buf.position());
		} catch (IOException | RuntimeException e) {
			Files.deleteIfExists(tmp);
			throw e;
		}
		Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}
}

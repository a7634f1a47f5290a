package io.github.m2n2.sd.safetensors;

import io.github.m2n2.io.Half;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.m2n2.sd.CheckpointException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads a safetensors file tensor by tensor. SD2's UNet file is 3.5 GB, beyond what one Java
 * array or one mapped buffer can hold, so only the header is read eagerly and each tensor's
 * bytes are memory-mapped on request. The header is checked completely on opening (length,
 * JSON, dtypes, that every byte range lies inside the file and matches its shape), so a
 * truncated download fails here with its file name rather than later inside a network.
 */
public final class SafetensorsFile implements AutoCloseable {

	/** Headers of real checkpoints are well under a megabyte; anything huge is a broken file. */
	private static final long MAX_HEADER_BYTES = 100L << 20;

	private final Path path;
	private final FileChannel channel;
	private final long dataStart;
	private final Map<String, TensorInfo> tensors;
	private final Map<String, String> metadata;

	private SafetensorsFile(Path path, FileChannel channel, long dataStart, Map<String, TensorInfo> tensors,
		Map<String, String> metadata) {
		this.path = path;
		this.channel = channel;
		this.dataStart = dataStart;
		this.tensors = tensors;
		this.metadata = metadata;
	}

	public static SafetensorsFile open(Path path) {
		FileChannel ch;
		try {
			ch = FileChannel.open(path, StandardOpenOption.READ);
		} catch (IOException e) {
			throw new CheckpointException("Cannot open " + path + ": " + e.getMessage(), e);
		}
		try {
			return read(path, ch);
		} catch (RuntimeException e) {
			closeQuietly(ch);
			throw e;
		} catch (IOException e) {
			closeQuietly(ch);
			throw new CheckpointException("Cannot read " + path + ": " + e.getMessage(), e);
		}
	}

	private static SafetensorsFile read(Path path, FileChannel ch) throws IOException {
		long size = ch.size();
		if (size < 8) throw broken(path, "it is only " + size + " bytes long (a safetensors file starts with an 8-byte header length)");
		ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
		readFully(ch, lenBuf, 0);
		long headerLen = lenBuf.getLong(0);
		if (headerLen < 2 || headerLen > MAX_HEADER_BYTES || headerLen > size - 8)
			throw broken(path, "its header length field says " + headerLen + " bytes but the file has " + size
				+ " bytes (truncated download or not a safetensors file)");
		ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
		readFully(ch, hb, 8);
		String json = new String(hb.array(), StandardCharsets.UTF_8);
		JsonObject header;
		try {
			JsonElement e = JsonParser.parseString(json);
			if (!e.isJsonObject()) throw broken(path, "its header is not a JSON object");
			header = e.getAsJsonObject();
		} catch (JsonParseException e) {
			throw broken(path, "its header is not valid JSON (" + io.github.m2n2.sd.checkpoint.JsonErrors.reason(e) + ")");
		}
		long dataStart = 8 + headerLen;
		long dataSize = size - dataStart;
		Map<String, TensorInfo> tensors = new LinkedHashMap<>();
		Map<String, String> metadata = new LinkedHashMap<>();
		for (Map.Entry<String, JsonElement> en : header.entrySet()) {
			String name = en.getKey();
			if (name.equals("__metadata__")) {
				if (en.getValue().isJsonObject())
					for (Map.Entry<String, JsonElement> m : en.getValue().getAsJsonObject().entrySet())
						metadata.put(m.getKey(), m.getValue().isJsonPrimitive() ? m.getValue().getAsString() : m.getValue().toString());
				continue;
			}
			tensors.put(name, parseEntry(path, name, en.getValue(), dataSize));
		}
		return new SafetensorsFile(path, ch, dataStart, Collections.unmodifiableMap(tensors), Collections.unmodifiableMap(metadata));
	}

	private static TensorInfo parseEntry(Path path, String name, JsonElement value, long dataSize) {
		try {
			JsonObject o = value.getAsJsonObject();
			DType dtype = DType.parse(o.get("dtype").getAsString());
			if (dtype == null) throw broken(path, "tensor '" + name + "' has the unknown dtype " + o.get("dtype"));
			JsonArray s = o.getAsJsonArray("shape");
			long[] shape = new long[s.size()];
			long count = 1;
			for (int i = 0; i < shape.length; i++) {
				shape[i] = s.get(i).getAsLong();
				if (shape[i] < 0) throw broken(path, "tensor '" + name + "' has a negative dimension");
				count = Math.multiplyExact(count, shape[i]);
			}
			JsonArray off = o.getAsJsonArray("data_offsets");
			if (off.size() != 2) throw broken(path, "tensor '" + name + "' needs two data_offsets");
			long begin = off.get(0).getAsLong(), end = off.get(1).getAsLong();
			if (begin < 0 || end < begin || end > dataSize)
				throw broken(path, "tensor '" + name + "' lies at bytes " + begin + ".." + end + " but the data section has only "
					+ dataSize + " bytes (truncated download?)");
			if (end - begin != Math.multiplyExact(count, (long) dtype.bytes()))
				throw broken(path, "tensor '" + name + "' spans " + (end - begin) + " bytes, its shape and dtype need "
					+ count * dtype.bytes());
			return new TensorInfo(name, dtype, shape, begin, end);
		} catch (IllegalStateException | NullPointerException | ClassCastException | UnsupportedOperationException
			| ArithmeticException e) {
			throw broken(path, "the header entry of tensor '" + name + "' is malformed");
		}
	}

	private static CheckpointException broken(Path path, String why) {
		return new CheckpointException("The file " + path + " is not a usable safetensors file: " + why + ".");
	}

	private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
		while (buf.hasRemaining()) {
			int n = ch.read(buf, pos + buf.position());
			if (n < 0) throw new IOException("unexpected end of file");
		}
	}

	private static void closeQuietly(FileChannel ch) {
		try {
			ch.close();
		} catch (IOException ignored) {
			// nothing more to do with a file we failed to read
		}
	}

	public Path path() { return path; }

	public Map<String, TensorInfo> tensors() { return tensors; }

	public Map<String, String> metadata() { return metadata; }

	public boolean has(String name) { return tensors.containsKey(name); }

	public TensorInfo info(String name) {
		TensorInfo t = tensors.get(name);
		if (t == null) throw new CheckpointException("The file " + path + " has no tensor '" + name + "'.");
		return t;
	}

	/** The tensor's raw little-endian bytes, mapped rather than copied. */
	public ByteBuffer bytes(String name) {
		TensorInfo t = info(name);
		if (t.byteLength() > Integer.MAX_VALUE)
			throw new CheckpointException("Tensor '" + name + "' in " + path + " is larger than 2 GB, which cannot be read in one piece.");
		try {
			return channel.map(FileChannel.MapMode.READ_ONLY, dataStart + t.begin(), t.byteLength()).order(ByteOrder.LITTLE_ENDIAN);
		} catch (IOException e) {
			throw new CheckpointException("Cannot read tensor '" + name + "' from " + path + ": " + e.getMessage(), e);
		}
	}

	/** The tensor converted to float32, whatever its stored floating-point type. */
	public float[] floats(String name) {
		TensorInfo t = info(name);
		long n = t.elementCount();
		if (n > Integer.MAX_VALUE - 8)
			throw new CheckpointException("Tensor '" + name + "' in " + path + " has too many elements to convert in one piece.");
		float[] out = new float[(int) n];
		ByteBuffer b = bytes(name);
		switch (t.dtype()) {
		case F32:
			b.asFloatBuffer().get(out);
			break;
		case F16: {
			ShortBuffer s = b.asShortBuffer();
			for (int i = 0; i < out.length; i++) out[i] = Half.toFloat(s.get(i));
			break;
		}
		case BF16: {
			ShortBuffer s = b.asShortBuffer();
			for (int i = 0; i < out.length; i++) out[i] = Half.bf16ToFloat(s.get(i));
			break;
		}
		case F64:
			for (int i = 0; i < out.length; i++) out[i] = (float) b.getDouble(i * 8);
			break;
		default:
			throw new CheckpointException("Tensor '" + name + "' in " + path + " holds " + t.dtype()
				+ " values where floating-point weights are expected.");
		}
		return out;
	}

	@Override
	public void close() {
		closeQuietly(channel);
	}
}

package io.github.m2n2.sd.safetensors;

import io.github.m2n2.io.Half;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Writes float tensors as a safetensors file (F32 or F16). Data is produced tensor by tensor
 * through suppliers, so a multi-gigabyte random checkpoint never sits in memory at once.
 * Used for the text-embedding cache, the tiny test checkpoints and the benchmark's full-size
 * random checkpoint.
 */
public final class SafetensorsWriter {

	private static final class Entry {
		final String name;
		final long[] shape;
		final Supplier<float[]> data;

		Entry(String name, long[] shape, Supplier<float[]> data) {
			this.name = name;
			this.shape = shape;
			this.data = data;
		}

		long count() {
			long n = 1;
			for (long s : shape) n *= s;
			return n;
		}
	}

	private final DType dtype;
	private final List<Entry> entries = new ArrayList<>();
	private final Map<String, String> metadata = new LinkedHashMap<>();

	public SafetensorsWriter(DType dtype) {
		if (dtype != DType.F32 && dtype != DType.F16) throw new IllegalArgumentException("only F32 and F16 can be written");
		this.dtype = dtype;
	}

	public SafetensorsWriter add(String name, long[] shape, float[] values) {
		return add(name, shape, () -> values);
	}

	public SafetensorsWriter add(String name, long[] shape, Supplier<float[]> values) {
		entries.add(new Entry(name, shape.clone(), values));
		return this;
	}

	public SafetensorsWriter metadata(String key, String value) {
		metadata.put(key, value);
		return this;
	}

	public void write(Path file) throws IOException {
		JsonObject header = new JsonObject();
		if (!metadata.isEmpty()) {
			JsonObject m = new JsonObject();
			metadata.forEach(m::addProperty);
			header.add("__metadata__", m);
		}
		long offset = 0;
		for (Entry e : entries) {
			JsonObject o = new JsonObject();
			o.addProperty("dtype", dtype.name());
			JsonArray shape = new JsonArray();
			for (long s : e.shape) shape.add(s);
			o.add("shape", shape);
			JsonArray off = new JsonArray();
			off.add(offset);
			offset += e.count() * dtype.bytes();
			off.add(offset);
			o.add("data_offsets", off);
			header.add(e.name, o);
		}
		byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
		// pad the header with spaces to a multiple of 8 bytes, as the reference writer does
		int padded = (json.length + 7) / 8 * 8;
		byte[] hdr = Arrays.copyOf(json, padded);
		Arrays.fill(hdr, json.length, padded, (byte) ' ');
		Path parent = file.toAbsolutePath().getParent();
		if (parent != null) Files.createDirectories(parent);
		try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
			ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, padded);
			out.write(len.array());
			out.write(hdr);
			for (Entry e : entries) {
				float[] v = e.data.get();
				if (v.length != e.count())
					throw new IllegalStateException("tensor " + e.name + " has " + v.length + " values, its shape needs " + e.count());
				writeValues(out, v);
			}
		}
	}

	private void writeValues(OutputStream out, float[] v) throws IOException {
		int chunk = 1 << 16;
		ByteBuffer buf = ByteBuffer.allocate(chunk * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
		for (int from = 0; from < v.length; from += chunk) {
			int to = Math.min(v.length, from + chunk);
			buf.clear();
			if (dtype == DType.F32) for (int i = from; i < to; i++) buf.putFloat(v[i]);
			else for (int i = from; i < to; i++) buf.putShort(Half.fromFloat(v[i]));
			out.write(buf.array(), 0, buf.position());
		}
	}
}

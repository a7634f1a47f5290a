package io.github.m2n2.sd.checkpoint;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import io.github.m2n2.sd.CheckpointException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One config.json of a checkpoint, with typed getters whose errors name the file and the key.
 * Keys absent from older configs fall back to the defaults of the diffusers / transformers
 * classes that wrote them (passed in by the caller, next to the key).
 */
public final class ConfigJson {

	private final Path file;
	private final JsonObject json;

	private ConfigJson(Path file, JsonObject json) {
		this.file = file;
		this.json = json;
	}

	public static ConfigJson read(Path file) {
		String text;
		try {
			text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
		} catch (NoSuchFileException e) {
			throw new CheckpointException("The checkpoint lacks " + file + ".");
		} catch (IOException e) {
			throw new CheckpointException("Cannot read " + file + ": " + e.getMessage(), e);
		}
		try {
			JsonElement e = JsonParser.parseString(text);
			if (!e.isJsonObject()) throw new CheckpointException(file + " is not a JSON object.");
			return new ConfigJson(file, e.getAsJsonObject());
		} catch (JsonParseException e) {
			throw new CheckpointException(file + " is not valid JSON (" + JsonErrors.reason(e) + ").", e);
		}
	}

	public Path file() { return file; }

	public JsonObject json() { return json; }

	public boolean has(String key) {
		return json.has(key) && !json.get(key).isJsonNull();
	}

	private JsonElement required(String key) {
		if (!has(key)) throw wrong(key, "is missing");
		return json.get(key);
	}

	public CheckpointException wrong(String key, String what) {
		return new CheckpointException("In " + file + ", '" + key + "' " + what + ".");
	}

	public int integer(String key) {
		JsonElement e = required(key);
		try {
			double d = e.getAsDouble();
			if (d != Math.rint(d)) throw wrong(key, "must be a whole number, not " + e);
			return (int) d;
		} catch (IllegalStateException | UnsupportedOperationException | NumberFormatException ex) {
			throw wrong(key, "must be a number, not " + e);
		}
	}

	public int integer(String key, int fallback) { return has(key) ? integer(key) : fallback; }

	public int positive(String key) {
		int v = integer(key);
		if (v < 1) throw wrong(key, "must be at least 1, not " + v);
		return v;
	}

	public int positive(String key, int fallback) { return has(key) ? positive(key) : fallback; }

	public double number(String key, double fallback) {
		if (!has(key)) return fallback;
		try {
			return json.get(key).getAsDouble();
		} catch (IllegalStateException | UnsupportedOperationException | NumberFormatException ex) {
			throw wrong(key, "must be a number, not " + json.get(key));
		}
	}

	public boolean bool(String key, boolean fallback) {
		if (!has(key)) return fallback;
		JsonElement e = json.get(key);
		if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) throw wrong(key, "must be true or false, not " + e);
		return e.getAsBoolean();
	}

	public String string(String key, String fallback) {
		if (!has(key)) return fallback;
		JsonElement e = json.get(key);
		if (!e.isJsonPrimitive()) throw wrong(key, "must be a string, not " + e);
		return e.getAsString();
	}

	public boolean isList(String key) { return has(key) && json.get(key).isJsonArray(); }

	public int[] positiveList(String key) {
		JsonElement e = required(key);
		if (!e.isJsonArray() || e.getAsJsonArray().size() == 0) throw wrong(key, "must be a non-empty list of numbers, not " + e);
		JsonArray a = e.getAsJsonArray();
		int[] out = new int[a.size()];
		for (int i = 0; i < out.length; i++) {
			try {
				out[i] = a.get(i).getAsInt();
			} catch (IllegalStateException | UnsupportedOperationException | NumberFormatException ex) {
				throw wrong(key, "must be a list of whole numbers, not " + e);
			}
			if (out[i] < 1) throw wrong(key, "must hold positive numbers, not " + e);
		}
		return out;
	}

	/** An int or a list of ints; a single int is repeated {@code n} times, a list must have n entries. */
	public int[] positivePerBlock(String key, int n) {
		JsonElement e = required(key);
		if (e.isJsonArray()) {
			int[] v = positiveList(key);
			if (v.length != n) throw wrong(key, "has " + v.length + " entries but there are " + n + " blocks");
			return v;
		}
		int v = positive(key);
		int[] out = new int[n];
		java.util.Arrays.fill(out, v);
		return out;
	}

	public String[] stringList(String key) {
		JsonElement e = required(key);
		if (!e.isJsonArray() || e.getAsJsonArray().size() == 0) throw wrong(key, "must be a non-empty list of names, not " + e);
		JsonArray a = e.getAsJsonArray();
		String[] out = new String[a.size()];
		for (int i = 0; i < out.length; i++) {
			if (!a.get(i).isJsonPrimitive()) throw wrong(key, "must be a list of names, not " + e);
			out[i] = a.get(i).getAsString();
		}
		return out;
	}
}

package io.github.m2n2.sd;

import io.github.m2n2.sd.checkpoint.DiffusersCheckpoint;
import io.github.m2n2.sd.safetensors.DType;
import io.github.m2n2.sd.safetensors.SafetensorsFile;
import io.github.m2n2.sd.safetensors.SafetensorsWriter;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;

/**
 * The empty prompt's text-encoder output is the same for every image of a checkpoint, and the
 * text encoder (340 M parameters in SD2) is the slowest thing to load, so its result is kept in
 * a small safetensors file beside the model: {@code .m2n2-cache/empty-prompt-<key>.safetensors}.
 * The key hashes what determines the result (text encoder config, weights file name, size and
 * modification time, token ids), so replacing the weights invalidates the cache. Writing is
 * best effort: a read-only model folder just means the encoder runs once per session.
 */
final class TextEmbeddingCache {

	static final String FOLDER = ".m2n2-cache";
	private static final String TENSOR = "last_hidden_state";

	private TextEmbeddingCache() { }

	static Path file(DiffusersCheckpoint checkpoint, int[] tokens) {
		try {
			MessageDigest md = MessageDigest.getInstance("SHA-256");
			Path dir = checkpoint.folder().resolve(DiffusersCheckpoint.TEXT_ENCODER);
			md.update(Files.readAllBytes(dir.resolve("config.json")));
			Path weights = checkpoint.weightsFile(DiffusersCheckpoint.TEXT_ENCODER);
			String identity = weights.getFileName() + "|" + Files.size(weights) + "|" + Files.getLastModifiedTime(weights).toMillis()
				+ "|" + Arrays.toString(tokens);
			md.update(identity.getBytes(StandardCharsets.UTF_8));
			StringBuilder hex = new StringBuilder();
			byte[] h = md.digest();
			for (int i = 0; i < 8; i++) hex.append(String.format("%02x", h[i]));
			return checkpoint.folder().resolve(FOLDER).resolve("empty-prompt-" + hex + ".safetensors");
		} catch (IOException | NoSuchAlgorithmException e) {
			return null;
		}
	}

	/** The cached states if present and of the expected shape, else null. */
	static float[] read(Path file, long[] shape) {
		if (file == null || !Files.isRegularFile(file)) return null;
		try (SafetensorsFile f = SafetensorsFile.open(file)) {
			if (!f.has(TENSOR) || !Arrays.equals(f.info(TENSOR).shape(), shape)) return null;
			return f.floats(TENSOR);
		} catch (CheckpointException e) {
			return null; // a damaged cache is recomputed and overwritten
		}
	}

	static boolean write(Path file, float[] states, long[] shape) {
		if (file == null) return false;
		try {
			Files.createDirectories(file.getParent());
			Path tmp = Files.createTempFile(file.getParent(), "empty-prompt", ".tmp");
			new SafetensorsWriter(DType.F32).add(TENSOR, shape, states).metadata("m2n2", "CLIP last hidden state of the empty prompt")
				.write(tmp);
			Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			return true;
		} catch (IOException | UnsupportedOperationException | SecurityException e) {
			return false;
		}
	}
}

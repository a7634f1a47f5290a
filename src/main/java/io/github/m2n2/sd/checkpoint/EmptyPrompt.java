package io.github.m2n2.sd.checkpoint;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.github.m2n2.sd.CheckpointException;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;

/**
 * Token ids of the empty prompt, as the checkpoint's own CLIP tokenizer produces them:
 * {@code [bos, eos]} padded with the pad token to the tokenizer's maximum length. Only the
 * special tokens are needed, so no BPE is implemented; their ids come from the tokenizer files
 * (SD2 pads with "!", id 0, SD1 with the end token, so this cannot be a constant).
 */
public final class EmptyPrompt {

	private EmptyPrompt() { }

	public static int[] tokenIds(Path tokenizerDir, ClipTextConfig text) {
		if (!Files.isDirectory(tokenizerDir))
			throw new CheckpointException("The checkpoint lacks the folder " + tokenizerDir + " (the CLIP tokenizer files).");
		Path vocabFile = tokenizerDir.resolve("vocab.json");
		JsonObject vocab = ConfigJson.read(vocabFile).json();
		Path special = tokenizerDir.resolve("special_tokens_map.json");
		Path tokConfig = tokenizerDir.resolve("tokenizer_config.json");
		ConfigJson specialMap = Files.exists(special) ? ConfigJson.read(special) : null;
		ConfigJson config = Files.exists(tokConfig) ? ConfigJson.read(tokConfig) : null;
		if (specialMap == null && config == null)
			throw new CheckpointException("The checkpoint's tokenizer folder " + tokenizerDir
				+ " has neither special_tokens_map.json nor tokenizer_config.json, so its start, end and pad tokens are unknown.");

		String bos = token(specialMap, config, "bos_token", "<|startoftext|>");
		String eos = token(specialMap, config, "eos_token", "<|endoftext|>");
		String pad = token(specialMap, config, "pad_token", eos);
		int length = text.maxPositions;
		if (config != null && config.has("model_max_length")) {
			double m = config.number("model_max_length", length);
			// transformers writes a huge sentinel when the length is unset
			if (m >= 2 && m <= text.maxPositions) length = (int) m;
		}
		int[] ids = new int[length];
		Arrays.fill(ids, id(vocab, config, pad, vocabFile));
		ids[0] = id(vocab, config, bos, vocabFile);
		ids[1] = id(vocab, config, eos, vocabFile);
		for (int v : ids)
			if (v < 0 || v >= text.vocabSize)
				throw new CheckpointException("The tokenizer gives token id " + v + ", outside the text encoder's vocabulary of "
					+ text.vocabSize + " (tokenizer and text_encoder do not match).");
		return ids;
	}

	/** A special token is a plain string or an object with "content" in both file formats. */
	private static String token(ConfigJson first, ConfigJson second, String key, String fallback) {
		for (ConfigJson c : new ConfigJson[] { first, second }) {
			if (c == null || !c.has(key)) continue;
			JsonElement e = c.json().get(key);
			if (e.isJsonPrimitive()) return e.getAsString();
			if (e.isJsonObject() && e.getAsJsonObject().has("content")) return e.getAsJsonObject().get("content").getAsString();
			throw c.wrong(key, "is neither a token string nor an object with \"content\"");
		}
		return fallback;
	}

	private static int id(JsonObject vocab, ConfigJson config, String token, Path vocabFile) {
		JsonElement e = vocab.get(token);
		if (e != null && e.isJsonPrimitive()) return e.getAsInt();
		// newer tokenizer_config.json files list special tokens as {"id": {"content": ...}}
		if (config != null && config.has("added_tokens_decoder") && config.json().get("added_tokens_decoder").isJsonObject())
			for (Map.Entry<String, JsonElement> en : config.json().getAsJsonObject("added_tokens_decoder").entrySet()) {
				JsonElement v = en.getValue();
				if (v.isJsonObject() && v.getAsJsonObject().has("content") && token.equals(v.getAsJsonObject().get("content").getAsString()))
					return Integer.parseInt(en.getKey());
			}
		throw new CheckpointException("The tokenizer's special token \"" + token + "\" is not in " + vocabFile + ".");
	}
}

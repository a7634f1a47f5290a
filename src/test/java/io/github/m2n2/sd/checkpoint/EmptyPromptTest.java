package io.github.m2n2.sd.checkpoint;

import io.github.m2n2.sd.CheckpointException;
import io.github.m2n2.sd.TinyCheckpoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.*;

class EmptyPromptTest {

	@TempDir
	Path dir;

	@Test
	void startEndThenPadFromTheTokenizerFiles() throws Exception {
		Path m = TinyCheckpoint.write(dir.resolve("m"));
		DiffusersCheckpoint c = DiffusersCheckpoint.open(m);
		int[] ids = c.emptyPromptTokens(c.textConfig());
		assertEquals(77, ids.length);
		assertEquals(TinyCheckpoint.VOCAB - 2, ids[0], "<|startoftext|> from vocab.json");
		assertEquals(TinyCheckpoint.VOCAB - 1, ids[1], "<|endoftext|> from vocab.json");
		for (int i = 2; i < 77; i++) assertEquals(0, ids[i], "SD2 pads with \"!\", id 0 (special_tokens_map.json wins)");

		// without special_tokens_map.json the tokenizer_config.json's pad token (the end token here) applies
		Files.delete(m.resolve("tokenizer/special_tokens_map.json"));
		ids = c.emptyPromptTokens(c.textConfig());
		assertEquals(TinyCheckpoint.VOCAB - 1, ids[76]);
	}

	@Test
	void unknownSpecialTokenIsNamed() throws Exception {
		Path m = TinyCheckpoint.write(dir.resolve("m"));
		Files.write(m.resolve("tokenizer/vocab.json"), "{\"!\": 0}".getBytes(StandardCharsets.UTF_8));
		DiffusersCheckpoint c = DiffusersCheckpoint.open(m);
		CheckpointException e = assertThrows(CheckpointException.class, () -> c.emptyPromptTokens(c.textConfig()));
		assertTrue(e.getMessage().contains("<|startoftext|>"), e.getMessage());
	}

	@Test
	void perBlockHeadCountsAreReversedForTheUpPath() throws Exception {
		Path m = TinyCheckpoint.write(dir.resolve("m"));
		UNetConfig u = DiffusersCheckpoint.open(m).unetConfig();
		assertArrayEquals(new int[] { 2, 2, 4, 4 }, u.heads);
		assertEquals(2, u.upHeads(3), "up_blocks.3 pairs with down_blocks.0");
		assertEquals(3, u.upLayers(3));
		assertTrue(u.useLinearProjection);
		assertEquals(8, u.normGroups);
	}
}

package io.github.m2n2.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.m2n2.io.AtomicFiles;

class FolderNamesTest {

	@TempDir
	Path dir;

	@Test
	void listsImagesSortedSkippingOwnOutputsAndOtherFiles() throws Exception {
		for (String n : new String[] { "b.tif", "a.png", "a.csv", "notes.txt", ".hidden.tif", "c.ome.tif", "c.ome.csv", "b-labels.tif",
			"Z.jpg" })
			Files.writeString(dir.resolve(n), "x");
		Files.writeString(dir.resolve("c.csv"), "x");
		List<BatchItem> items = ImageFolder.items(dir, dir, name -> SegmentJob.output(dir, name));
		assertEquals(List.of("Z.jpg", "a.png", "b.tif", "c.ome.tif"), items.stream().map(BatchItem::toString).collect(Collectors.toList()));
		assertEquals("c", items.get(3).name);
		assertNotNull(items.get(3).points);
		assertNull(items.get(2).points);
		assertEquals(dir.resolve("a.csv"), items.get(1).points);
	}

	@Test
	void twoImagesWithOneNameDoNotShareAnOutputSilently() throws Exception {
		Files.writeString(dir.resolve("a.png"), "x");
		Files.writeString(dir.resolve("a.tif"), "x");
		Files.writeString(dir.resolve("b.tif"), "x");
		List<BatchItem> items = ImageFolder.items(dir, dir, name -> SegmentJob.output(dir, name));
		// neither a.png nor a.tif: which one a.csv is for is not known
		for (int i = 0; i < 2; i++) assertTrue(items.get(i).problem.contains("a.png and a.tif share the name a"), items.get(i).problem);
		assertNull(items.get(2).problem);
	}

	@Test
	void recognisesOnlyItsOwnTemporaryFiles() throws Exception {
		Path out = dir.resolve("img-labels.tif");
		Path tmp = AtomicFiles.temporarySibling(out);
		assertTrue(AtomicFiles.isTemporaryOf(tmp.getFileName().toString(), out));
		assertFalse(AtomicFiles.isTemporaryOf(tmp.getFileName().toString(), dir.resolve("img2-labels.tif")));
		assertFalse(AtomicFiles.isTemporaryOf(".img-labels.tif.backup.part", out));
		assertFalse(AtomicFiles.isTemporaryOf("img-labels.tif", out));
		Shard s = new Shard(2, 3);
		Path summary = BatchSummary.defaultFile(dir, "batch", s);
		String t = AtomicFiles.temporarySibling(summary).getFileName().toString();
		assertTrue(BatchSummary.isLeftover(t, "batch", s, dir), t);
		assertFalse(BatchSummary.isLeftover(t, "batch", new Shard(1, 3), dir), t);
		assertFalse(BatchSummary.isLeftover(t, "attention", s, dir), t);
	}
}

package io.github.m2n2.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StackEvaluateCommandTest {

	@TempDir
	Path dir;

	@Test
	void reportsNocOn3dIouWithTheClickedPlanesBaselineBeside() throws Exception {
		SegmentCommandTest.Run gen = SegmentCommandTest.run("sample", "--stack-datasets", dir.toString(), "--count", "1", "--size", "64");
		assertEquals(0, gen.code, gen.err);
		Path report = dir.resolve("report.json"), plot = dir.resolve("plot.png");
		SegmentCommandTest.Run r = SegmentCommandTest.run("evaluate", "--stacks", "--dataset", dir.resolve("nuclei3d").toString(), "--out",
			report.toString(), "--plot", plot.toString(), "--resolution", "16", "--max-clicks", "3");
		assertEquals(0, r.code, r.err);
		String[] lines = r.out.trim().split("\n");
		assertTrue(lines[lines.length - 1].matches("NoC70 \\d+\\.\\d\\d NoC80 \\d+\\.\\d\\d NoC90 \\d+\\.\\d\\d over \\d+ objects \\(clicked planes only: .*\\)"),
			lines[lines.length - 1]);
		String json = Files.readString(report);
		assertTrue(json.contains("\"propagation\"") && json.contains("\"clickedPlanesOnly\"") && json.contains("\"plane\""), json);
		assertTrue(Files.size(plot) > 1000);
		// with propagation one click reaches more of each object than the clicked plane alone
		var m = java.util.regex.Pattern.compile("\"mIoU\": \\[\\s*([0-9.e-]+)").matcher(json);
		assertTrue(m.find());
		double propagated = Double.parseDouble(m.group(1));
		assertTrue(m.find());
		double clickedOnly = Double.parseDouble(m.group(1));
		assertTrue(propagated > clickedOnly, propagated + " vs " + clickedOnly);
	}

	/** A second, smaller data set over the first leaves only its own stacks; without --overwrite nothing is written. */
	@Test
	void regeneratingTheStackDataReplacesItWhole() throws Exception {
		assertEquals(0, SegmentCommandTest.run("sample", "--stack-datasets", dir.toString(), "--count", "2", "--size", "32").code);
		SegmentCommandTest.Run refused = SegmentCommandTest.run("sample", "--stack-datasets", dir.toString(), "--count", "3", "--size", "32");
		assertEquals(2, refused.code);
		assertTrue(!Files.exists(dir.resolve("nuclei3d/images/nuclei3d-03.tif")), "refused before writing the third");
		assertEquals(0, SegmentCommandTest.run("sample", "--stack-datasets", dir.toString(), "--count", "1", "--size", "32", "--overwrite").code);
		for (String folder : new String[] { "nuclei3d/images", "nuclei3d/masks", "cells-t/images", "cells-t/masks" })
			try (var files = Files.list(dir.resolve(folder))) {
				assertEquals(1, files.count(), folder);
			}
	}
}

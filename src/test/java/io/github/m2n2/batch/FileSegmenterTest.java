package io.github.m2n2.batch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.process.ShortProcessor;

import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.EmbeddedBackbone;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.SegmentationSession;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.io.ImagePlusGuide;
import io.github.m2n2.io.NpyArray;
import io.github.m2n2.sample.SyntheticNuclei;

class FileSegmenterTest {

	@TempDir
	Path dir;

	@Test
	void anAttentionFileGivesTheLabelsOfTheSameAttentionInMemory() throws Exception {
		SyntheticNuclei sample = SyntheticNuclei.generate(128, 128, 5, 11);
		ImagePlus imp = new ImagePlus("n", new ShortProcessor(128, 128, sample.pixels, null));
		GuideImage guide = ImagePlusGuide.of(imp.getProcessor(), ImagePlusGuide.GreyMapping.DEFAULT);
		Attention attention = new EmbeddedBackbone().attention(guide, 16, ProgressListener.NONE);
		Path file = dir.resolve("attention.npy");
		NpyArray.write(file, attention.values().clone(), 256, 256);
		int[] a = sample.centre(sample.nuclei.get(0)), b = sample.centre(sample.nuclei.get(1));
		List<Click> clicks = List.of(new Click(a[0], a[1], 1), new Click(b[0], b[1], 2), new Click(1, 1, 0));
		Settings settings = new Settings();

		short[] inMemory = new SegmentationSession(guide, attention, settings, ProgressListener.NONE).segment(clicks, ProgressListener.NONE).labels();
		AttentionFileBackbone backbone = new AttentionFileBackbone(file);
		FileSegmenter.Result fromFile = FileSegmenter.segment(imp, clicks, backbone, 0, settings, ProgressListener.NONE);
		assertArrayEquals(inMemory, fromFile.segmentation.labels());
	}

	@Test
	void aMissingAttentionFileIsReportedAsTheBackbonesError() {
		ImagePlus imp = new ImagePlus("n", new ShortProcessor(32, 32));
		AttentionFileBackbone missing = new AttentionFileBackbone(dir.resolve("none.npy"));
		BackboneException e = assertThrows(BackboneException.class,
			() -> FileSegmenter.segment(imp, List.of(new Click(3, 3, 1)), missing, 0, new Settings(), ProgressListener.NONE));
		assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
	}
}

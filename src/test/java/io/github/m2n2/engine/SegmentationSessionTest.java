package io.github.m2n2.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class SegmentationSessionTest {

	private static final int W = 128, H = 96, R = 16;

	/** Two discs (labels 1, 2) on background, with the ideal attention of those regions. */
	private static int[] truth() {
		int[] t = new int[W * H];
		for (int y = 0; y < H; y++)
			for (int x = 0; x < W; x++) {
				if (Math.hypot(x - 36, y - 44) < 22) t[y * W + x] = 1;
				else if (Math.hypot(x - 94, y - 52) < 20) t[y * W + x] = 2;
			}
		return t;
	}

	private static SegmentationSession session(int[] truth) {
		float[] grey = new float[W * H];
		for (int i = 0; i < grey.length; i++) grey[i] = truth[i] == 0 ? 0.1f : truth[i] == 1 ? 0.8f : 0.55f;
		GuideImage guide = GuideImage.ofChannels(W, H, grey, grey.clone(), grey.clone());
		Attention a = TestImages.idealAttention(TestImages.tokenRegions(truth, W, H, R), R, 1e-4f);
		return new SegmentationSession(guide, a, new Settings(), ProgressListener.NONE);
	}

	@Test
	void oneClickPerObjectFindsEachObject() {
		int[] truth = truth();
		SegmentationSession s = session(truth);
		for (int[] c : new int[][] { { 36, 44, 1 }, { 94, 52, 2 } }) {
			// the label of a single click does not matter for the region; score each object on its own
			Segmentation seg = s.segment(List.of(new Click(c[0], c[1], 1)), ProgressListener.NONE);
			int[] objectTruth = new int[truth.length];
			for (int i = 0; i < truth.length; i++) objectTruth[i] = truth[i] == c[2] ? 1 : 0;
			double iou = TestImages.iou(seg.labels(), objectTruth, 1);
			assertTrue(iou >= 0.9, "object " + c[2] + " IoU " + iou);
		}
	}

	@Test
	void twoObjectsAndBackgroundGiveThreeDistinctLabels() {
		int[] truth = truth();
		SegmentationSession s = session(truth);
		Segmentation seg = s.segment(List.of(new Click(36, 44, 1), new Click(94, 52, 2), new Click(5, 5, 0)), ProgressListener.NONE);
		assertEquals(1, seg.label(36, 44));
		assertEquals(2, seg.label(94, 52));
		assertEquals(0, seg.label(64, 90));
		assertEquals(2, seg.objectCount());
		long[] counts = seg.pixelsPerLabel();
		assertTrue(counts[0] > 0 && counts[1] > 0 && counts[2] > 0);
		assertTrue(TestImages.iou(seg.labels(), truth, 1) >= 0.9, "label 1 IoU " + TestImages.iou(seg.labels(), truth, 1));
		assertTrue(TestImages.iou(seg.labels(), truth, 2) >= 0.9, "label 2 IoU " + TestImages.iou(seg.labels(), truth, 2));
	}

	@Test
	void addingAClickReusesTheCachedMaps() {
		SegmentationSession s = session(truth());
		Click a = new Click(36, 44, 1), b = new Click(94, 52, 2), bg = new Click(5, 5, 0);
		s.segment(List.of(a, b), ProgressListener.NONE);
		assertEquals(2, s.markovMapsComputed());
		s.segment(List.of(a, b, bg), ProgressListener.NONE);
		assertEquals(3, s.markovMapsComputed(), "one new click costs one Markov-map");
		assertEquals(3, s.cachedMaps());
		s.segment(List.of(a, bg), ProgressListener.NONE);
		s.segment(List.of(a, new Click(94, 52, 1), bg), ProgressListener.NONE);
		assertEquals(3, s.markovMapsComputed(), "removing or relabelling a click computes none");
		s.updateSettings(new Settings().maxAreaPrior(0.3), ProgressListener.NONE);
		s.segment(List.of(a), ProgressListener.NONE);
		assertEquals(4, s.markovMapsComputed(), "a setting that changes the profiles recomputes the map");
	}

	@Test
	void sessionResultEqualsAFreshSession() {
		int[] truth = truth();
		SegmentationSession incremental = session(truth);
		List<Click> clicks = List.of(new Click(36, 44, 1), new Click(94, 52, 2), new Click(5, 5, 0));
		incremental.segment(clicks.subList(0, 1), ProgressListener.NONE);
		incremental.segment(clicks.subList(0, 2), ProgressListener.NONE);
		short[] a = incremental.segment(clicks, ProgressListener.NONE).labels();
		short[] b = session(truth).segment(clicks, ProgressListener.NONE).labels();
		org.junit.jupiter.api.Assertions.assertArrayEquals(b, a);
	}

	@Test
	void pointsOutsideTheImageAreRefused() {
		SegmentationSession s = session(truth());
		IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> s.segment(List.of(new Click(W, 3, 1)), ProgressListener.NONE));
		assertTrue(e.getMessage().contains("outside"), e.getMessage());
	}
}

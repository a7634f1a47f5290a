package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.gui.PointRoi;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.EmbeddedBackbone;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.ProgressListener;

/** Live mode's logic without a display: coalescing, stale results, release on close. */
class LiveModeTest {

	/** Labels every pixel with the first click's label, after waiting for its gate. */
	private static final class GatedSegmenter implements LiveMode.Segmenter {
		final List<CountDownLatch> gates = Collections.synchronizedList(new ArrayList<>());
		final List<List<Click>> calls = Collections.synchronizedList(new ArrayList<>());
		final CountDownLatch firstStarted = new CountDownLatch(1);

		@Override
		public LabelResult segment(ImagePlus imp, List<Click> clicks, ProgressListener progress) {
			int n = calls.size();
			calls.add(clicks);
			firstStarted.countDown();
			CountDownLatch gate = n < gates.size() ? gates.get(n) : new CountDownLatch(0);
			try {
				assertTrue(gate.await(30, TimeUnit.SECONDS), "gate opened");
			} catch (InterruptedException e) {
				throw new IllegalStateException(e);
			}
			short[] labels = new short[imp.getWidth() * imp.getHeight()];
			java.util.Arrays.fill(labels, (short) clicks.get(0).label());
			return new LabelResult(imp.getWidth(), imp.getHeight(), labels, clicks, null);
		}
	}

	private static void points(ImagePlus imp, int... xyCounter) {
		double[][] p = new double[xyCounter.length / 3][];
		for (int i = 0; i < p.length; i++) p[i] = new double[] { xyCounter[3 * i], xyCounter[3 * i + 1], xyCounter[3 * i + 2] };
		imp.setRoi(TestImages.points(p));
	}

	@Test
	void rapidEditsAreCoalescedAndOnlyTheLatestIsShown() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		GatedSegmenter seg = new GatedSegmenter();
		CountDownLatch first = new CountDownLatch(1);
		seg.gates.add(first);
		LiveMode live = new LiveMode(imp, seg, () -> { }, Runnable::run);
		try {
			points(imp, 18, 20, 1);
			live.refresh();
			assertTrue(seg.firstStarted.await(30, TimeUnit.SECONDS));
			// ten edits while the first segmentation runs
			for (int i = 0; i < 10; i++) {
				points(imp, 18, 20, 1, 44, 42 - i, 2);
				live.refresh();
			}
			first.countDown();
			assertTrue(live.worker().awaitIdle(30_000));
			assertEquals(2, live.worker().computed(), "the first request, then only the latest of the ten");
			assertEquals(2, seg.calls.size());
			assertEquals(List.of(new Click(18, 20, 1), new Click(44, 33, 2)), seg.calls.get(1));
			assertEquals(seg.calls.get(1), live.latest().clicks());
			assertNotNull(imp.getOverlay());
			assertEquals(ObjectRois.PREFIX + "1", imp.getOverlay().get(0).getName());
		} finally {
			live.stop();
		}
	}

	@Test
	void aResultOvertakenByANewerEditIsDropped() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		GatedSegmenter seg = new GatedSegmenter();
		CountDownLatch first = new CountDownLatch(1), second = new CountDownLatch(1);
		seg.gates.add(first);
		seg.gates.add(second);
		LiveMode live = new LiveMode(imp, seg, () -> { }, Runnable::run);
		try {
			points(imp, 18, 20, 1);
			live.refresh();
			assertTrue(seg.firstStarted.await(30, TimeUnit.SECONDS));
			points(imp, 44, 42, 3, 18, 20, 1);
			live.refresh();
			first.countDown(); // the old request finishes now, after the newer edit
			long deadline = System.currentTimeMillis() + 30_000;
			while (seg.calls.size() < 2 && System.currentTimeMillis() < deadline) Thread.sleep(5);
			assertEquals(2, seg.calls.size(), "the newer edit is being computed");
			assertNull(live.latest(), "the stale result must not be shown");
			assertNull(imp.getOverlay());
			second.countDown();
			assertTrue(live.worker().awaitIdle(30_000));
			assertEquals(3, live.latest().label(0, 0));
		} finally {
			live.stop();
		}
	}

	@Test
	void unchangedPromptsDoNotRecompute() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		GatedSegmenter seg = new GatedSegmenter();
		LiveMode live = new LiveMode(imp, seg, () -> { }, Runnable::run);
		try {
			points(imp, 18, 20, 1);
			live.refresh();
			live.refresh();
			assertTrue(live.worker().awaitIdle(30_000));
			live.refresh();
			assertTrue(live.worker().awaitIdle(30_000));
			assertEquals(1, live.worker().computed());
		} finally {
			live.stop();
		}
	}

	@Test
	void singleCounterZeroSelectionBecomesObjectOneAndActionsSwitchCounters() {
		ImagePlus imp = TestImages.twoDiscs();
		points(imp, 18, 20, 0);
		LiveMode live = new LiveMode(imp, new GatedSegmenter(), () -> { }, Runnable::run);
		try {
			PointRoi roi = (PointRoi) imp.getRoi();
			assertEquals(1, roi.getCounter(0), "counter-0 points moved to counter 1, so background can be added");
			assertEquals(1, live.activeCounter());
			live.perform("next-object");
			assertEquals(2, live.activeCounter());
			live.perform("background");
			assertEquals(0, live.activeCounter());
			assertTrue(live.perform("status").contains("background"));
			live.perform("clear");
			assertNull(imp.getRoi());
		} finally {
			live.stop();
		}
	}

	@Test
	void closingTheImageStopsLiveModeAndReleasesAttentionAndBackbone() throws Exception {
		AtomicInteger closed = new AtomicInteger();
		SessionCache cache = new SessionCache(config -> new Backbone() {
			final EmbeddedBackbone inner = new EmbeddedBackbone();

			@Override
			public String name() { return "counting"; }

			@Override
			public Attention attention(RandomAccessibleInterval<FloatType> image, int r, ProgressListener p) throws io.github.m2n2.backbone.BackboneException {
				return inner.attention(image, r, p);
			}

			@Override
			public void close() { closed.incrementAndGet(); }
		});
		ImageSegmenter segmenter = new ImageSegmenter(cache);
		SegmentationRequest request = new SegmentationRequest(new io.github.m2n2.backbone.BackboneConfig(), 16,
			new io.github.m2n2.engine.Settings(), 1024);
		WindowedImage imp = new WindowedImage(TestImages.twoDiscs());
		LiveMode live = new LiveMode(imp, (i, c, p) -> segmenter.segment(i, c, request, p), () -> cache.release(imp.getID()),
			Runnable::run);
		live.listen();
		points(imp, 18, 20, 1, 44, 42, 2, 2, 2, 0);
		live.refresh();
		assertTrue(live.worker().awaitIdle(60_000));
		assertNotNull(live.latest());
		assertEquals(1, live.latest().label(18, 20));
		assertEquals(2, live.latest().label(44, 42));
		assertTrue(cache.holds(imp.getID()));
		assertEquals(1, cache.backbonesLoaded());

		imp.closeWindow();
		java.awt.EventQueue.invokeAndWait(() -> { }); // ImageJ tells image listeners on the event queue

		assertTrue(live.isStopped());
		assertFalse(cache.holds(imp.getID()));
		assertEquals(0, cache.backbonesLoaded());
		assertEquals(1, closed.get());
		assertTrue(live.worker().isClosed());
		assertNull(live.latest());
	}

	/** Closes as an image window does: ImageJ tells its image listeners. */
	/** Live mode over the real cache and engine, with the session's Markov-map counter at hand. */
	private static final class RealLive {
		final SessionCache cache = new SessionCache(config -> new EmbeddedBackbone());
		final SegmentationRequest request = new SegmentationRequest(new io.github.m2n2.backbone.BackboneConfig(), 16,
			new io.github.m2n2.engine.Settings(), 1024);
		final ImagePlus imp = TestImages.twoDiscs();
		final ImageSegmenter segmenter = new ImageSegmenter(cache);
		final LiveMode live = new LiveMode(imp, (i, c, p) -> segmenter.segment(i, c, request, p), () -> cache.release(imp.getID()),
			Runnable::run);

		long mapsComputed() throws Exception {
			io.github.m2n2.engine.GuideImage guide = io.github.m2n2.io.ImagePlusGuide.of(imp, request.grey);
			return cache.session(imp.getID(), "plane 1", guide, request, ProgressListener.NONE).markovMapsComputed();
		}

		LabelResult settle() throws InterruptedException {
			live.refresh();
			assertTrue(live.worker().awaitIdle(60_000));
			return live.latest();
		}
	}

	@Test
	void undoAndRedoRestoreTheClicksAndReuseTheCachedMaps() throws Exception {
		RealLive t = new RealLive();
		try {
			points(t.imp, 18, 20, 1);
			assertEquals(1, t.settle().label(18, 20));
			points(t.imp, 18, 20, 1, 44, 42, 2);
			assertEquals(2, t.settle().label(44, 42));
			long maps = t.mapsComputed();
			assertEquals(2, maps);

			t.live.perform("undo");
			LabelResult back = t.settle();
			assertEquals(1, ((PointRoi) t.imp.getRoi()).size(), "the point before the last click");
			assertEquals(List.of(new Click(18, 20, 1)), back.clicks());
			t.live.perform("redo");
			LabelResult again = t.settle();
			assertEquals(2, again.label(44, 42));
			assertEquals(2, ((PointRoi) t.imp.getRoi()).size());
			assertEquals(maps, t.mapsComputed(), "undo and redo compute no Markov-map");

			t.live.perform("undo");
			t.live.perform("undo");
			assertNull(t.settle(), "back to no points");
			assertNull(t.imp.getRoi());
			assertTrue(t.live.perform("undo").contains("nothing to undo"));
			t.live.perform("redo");
			assertEquals(1, t.settle().label(18, 20));
			assertEquals(maps, t.mapsComputed());
		} finally {
			t.live.stop();
		}
	}

	@Test
	void altClickRemovesTheNearestClickAsOneUndoableStep() throws Exception {
		RealLive t = new RealLive();
		try {
			points(t.imp, 18, 20, 1, 44, 42, 2);
			t.settle();
			t.live.removeNearest(40, 40); // on the second disc, near its click
			LabelResult r = t.settle();
			assertEquals(List.of(new Click(18, 20, 1)), r.clicks());
			t.live.perform("undo");
			assertEquals(2, t.settle().clicks().size());
		} finally {
			t.live.stop();
		}
	}

	@Test
	void aLineAddsPointsToTheCurrentObjectAndAnAreaClipsIt() throws Exception {
		RealLive t = new RealLive();
		try {
			points(t.imp, 18, 20, 1);
			t.settle();
			t.live.perform("next-object");
			t.imp.setRoi(new ij.gui.Line(38, 42, 50, 42));
			LabelResult r = t.settle();
			assertTrue(t.imp.getRoi() instanceof PointRoi, "the point selection is back, with the line's points");
			assertTrue(r.clicks().size() > 3, r.clicks().toString());
			assertEquals(1, r.label(18, 20));
			assertEquals(2, r.label(44, 42));
			assertEquals(2, r.label(44, 36), "the whole disc, not just the line");

			t.live.perform("next-object"); // object 3: a rectangle over the top of the first disc
			t.imp.setRoi(new ij.gui.Roi(9, 11, 19, 6));
			r = t.settle();
			assertEquals(3, r.label(18, 13));
			for (int y = 17; y < 64; y++)
				for (int x = 0; x < 64; x++) assertTrue(r.label(x, y) != 3, "object 3 stays inside its rectangle");
			t.live.perform("undo"); // the rectangle's click and its clip go together
			r = t.settle();
			for (int y = 0; y < 64; y++)
				for (int x = 0; x < 64; x++) assertTrue(r.label(x, y) != 3);
		} finally {
			t.live.stop();
		}
	}

	private static final class WindowedImage extends ImagePlus {
		WindowedImage(ImagePlus content) {
			super(content.getTitle(), content.getProcessor());
		}

		void closeWindow() {
			notifyListeners(CLOSED);
		}
	}

	@Test
	void stopRestoresTheUsersOverlay() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		ij.gui.Overlay mine = new ij.gui.Overlay(new ij.gui.TextRoi(1, 1, "mine"));
		imp.setOverlay(mine);
		LiveMode live = new LiveMode(imp, new GatedSegmenter(), () -> { }, Runnable::run);
		points(imp, 18, 20, 1);
		live.refresh();
		assertTrue(live.worker().awaitIdle(30_000));
		assertEquals(2, imp.getOverlay().size(), "user's part plus one object");
		live.stop();
		assertEquals(1, imp.getOverlay().size());
		assertEquals("mine", ((ij.gui.TextRoi) imp.getOverlay().get(0)).getText().trim());
		assertSame(null, LiveMode.of(imp));
	}
}

package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.ImageStack;

import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.real.FloatType;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.EmbeddedBackbone;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.Settings;
import io.github.m2n2.io.ImagePlusGuide.GreyMapping;

/** Re-running on the same plane reuses attention; anything that changes it does not. */
class SessionCacheTest {

	private final AtomicInteger attentions = new AtomicInteger();
	private final AtomicInteger created = new AtomicInteger();
	private final AtomicInteger closed = new AtomicInteger();
	private final SessionCache cache = new SessionCache(config -> {
		created.incrementAndGet();
		return new Backbone() {
			@Override
			public String name() { return "counting"; }

			@Override
			public Attention attention(RandomAccessibleInterval<FloatType> image, int r, ProgressListener p) throws BackboneException {
				attentions.incrementAndGet();
				return new EmbeddedBackbone().attention(image, r, p);
			}

			@Override
			public void close() { closed.incrementAndGet(); }
		};
	});
	private final ImageSegmenter segmenter = new ImageSegmenter(cache);

	private static SegmentationRequest request(double temperature, double theta) {
		return new SegmentationRequest(new BackboneConfig(), 16, new Settings().temperature(temperature).markovThreshold(theta), 1024);
	}

	@Test
	void morePointsOnTheSamePlaneReuseTheAttention() {
		ImagePlus imp = TestImages.twoDiscs();
		segmenter.segment(imp, List.of(new Click(18, 20, 1)), request(0.65, 0.3), ProgressListener.NONE);
		LabelResult r = segmenter.segment(imp, List.of(new Click(18, 20, 1), new Click(44, 42, 2)), request(0.65, 0.3), ProgressListener.NONE);
		assertEquals(2, r.label(44, 42));
		assertEquals(1, attentions.get());
		// a setting after the preparation (theta) keeps the attention too
		segmenter.segment(imp, List.of(new Click(18, 20, 1)), request(0.65, 0.25), ProgressListener.NONE);
		assertEquals(1, attentions.get());
	}

	@Test
	void aNewPlaneNewPixelsOrNewTemperatureRecomputeIt() {
		ImagePlus flat = TestImages.twoDiscs();
		ImageStack stack = new ImageStack(64, 64);
		stack.addSlice(flat.getProcessor().duplicate());
		ij.process.ImageProcessor other = flat.getProcessor().duplicate();
		other.flipHorizontal();
		stack.addSlice(other);
		ImagePlus imp = new ImagePlus("two planes", stack);
		List<Click> clicks = List.of(new Click(18, 20, 1));
		segmenter.segment(imp, clicks, request(0.65, 0.3), ProgressListener.NONE);
		imp.setSlice(2);
		segmenter.segment(imp, clicks, request(0.65, 0.3), ProgressListener.NONE);
		assertEquals(2, attentions.get());
		segmenter.segment(imp, clicks, request(0.5, 0.3), ProgressListener.NONE);
		assertEquals(3, attentions.get());
		imp.getProcessor().invert();
		segmenter.segment(imp, clicks, request(0.5, 0.3), ProgressListener.NONE);
		assertEquals(4, attentions.get());
		assertEquals(1, cache.size(), "one session per image");
		assertSame(1, created.get(), "one backbone for one configuration");
	}

	@Test
	void aChangedGreyMappingIsPartOfTheCacheKey() {
		Settings s = new Settings();
		java.util.Set<String> keys = new java.util.HashSet<>();
		for (GreyMapping g : GreyMapping.values())
			keys.add(new SegmentationRequest(new BackboneConfig(), 16, s, 1024, g).attentionKey());
		assertEquals(GreyMapping.values().length, keys.size(), "each mapping its own attention: " + keys);
		assertEquals(GreyMapping.DEFAULT, SegmentationRequest.defaults().grey, "Fiji's default is the command line's");
		// the display range is then what changes the guide: a grey image seen through a new range gets new attention
		ImagePlus imp = new ImagePlus("grey", TestImages.twoDiscs().getProcessor().convertToShort(false));
		List<Click> clicks = List.of(new Click(18, 20, 1));
		SegmentationRequest display = new SegmentationRequest(new BackboneConfig(), 16, s, 1024, GreyMapping.DISPLAY_RANGE);
		segmenter.segment(imp, clicks, display, ProgressListener.NONE);
		segmenter.segment(imp, clicks, display, ProgressListener.NONE);
		assertEquals(1, attentions.get());
		segmenter.segment(imp, clicks, new SegmentationRequest(new BackboneConfig(), 16, s, 1024, GreyMapping.STRETCH), ProgressListener.NONE);
		assertEquals(2, attentions.get());
	}

	@Test
	void releasingTheLastImageClosesTheBackbone() {
		ImagePlus a = TestImages.twoDiscs(), b = TestImages.twoDiscs();
		List<Click> clicks = List.of(new Click(18, 20, 1));
		segmenter.segment(a, clicks, request(0.65, 0.3), ProgressListener.NONE);
		segmenter.segment(b, clicks, request(0.65, 0.3), ProgressListener.NONE);
		assertEquals(1, cache.backbonesLoaded(), "shared between images");
		cache.release(a.getID());
		assertEquals(0, closed.get(), "b still uses it");
		assertTrue(cache.holds(b.getID()));
		cache.release(b.getID());
		assertFalse(cache.holds(b.getID()));
		assertEquals(1, closed.get());
		assertEquals(0, cache.backbonesLoaded());
	}

	@Test
	void atMostAFewImagesAreKept() {
		for (int i = 0; i < SessionCache.MAX_SESSIONS + 2; i++)
			segmenter.segment(TestImages.twoDiscs(), List.of(new Click(18, 20, 1)), request(0.65, 0.3), ProgressListener.NONE);
		assertEquals(SessionCache.MAX_SESSIONS, cache.size());
	}
}

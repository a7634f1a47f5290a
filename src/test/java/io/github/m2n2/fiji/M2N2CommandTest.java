package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.awt.GraphicsEnvironment;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandModule;
import org.scijava.command.CommandService;

import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.gui.TextRoi;
import ij.process.ImageProcessor;

/** The SciJava command run headless, inputs passed explicitly as Fiji's legacy layer would. */
class M2N2CommandTest {

	private static Context context;
	private static CommandService commands;

	@BeforeAll
	static void start() {
		// headless behaviour is what is tested here (outputs instead of windows and dialogs)
		assumeTrue(GraphicsEnvironment.isHeadless(), "headless tests; the display tests are ImageJUiTest");
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		if (context != null) context.dispose();
		SessionCache.shared().releaseAll();
	}

	private static CommandModule run(ImagePlus imp, Object... more) throws Exception {
		List<Object> args = new ArrayList<>(List.of("imp", imp, "resolution", 16));
		args.addAll(Arrays.asList(more));
		return commands.run(M2N2Command.class, false, args.toArray()).get();
	}

	@Test
	void segmentsTwoObjectsFromCountersIntoLabelsAndNamedRois() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		imp.setRoi(TestImages.points(new double[][] { { 18, 20, 1 }, { 44, 42, 2 }, { 5, 60, 0 } }));
		Overlay before = new Overlay(new TextRoi(2, 2, "keep me"));
		imp.setOverlay(before);
		byte[] pixelsBefore = ((byte[]) imp.getProcessor().getPixels()).clone();

		CommandModule m = run(imp);

		assertTrue(!m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		ImagePlus labels = (ImagePlus) m.getOutput("labelimage");
		assertEquals("discs-labels", labels.getTitle());
		assertEquals(16, labels.getBitDepth());
		ImageProcessor lp = labels.getProcessor();
		assertEquals(1, lp.get(18, 20));
		assertEquals(2, lp.get(44, 42));
		assertEquals(0, lp.get(5, 60));
		assertEquals(0, lp.get(60, 5), "far background");
		int inside1 = 0, outside = 0;
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 64; x++) {
				if (TestImages.inDisc(x, y, 18, 20) && lp.get(x, y) == 1) inside1++;
				if (!TestImages.inDisc(x, y, 18, 20) && !TestImages.inDisc(x, y, 44, 42) && lp.get(x, y) != 0) outside++;
			}
		assertTrue(inside1 > 200, "most of disc 1 is object 1: " + inside1);
		assertTrue(outside < 60, "little background is labelled: " + outside);

		assertEquals(0.25, labels.getCalibration().pixelWidth);
		assertEquals(0.5, labels.getCalibration().pixelHeight);
		assertEquals("mm", labels.getCalibration().getUnit());

		Roi[] objects = (Roi[]) m.getOutput("objects");
		assertEquals(2, objects.length);
		assertEquals("M2N2 object 1", objects[0].getName());
		assertEquals("M2N2 object 2", objects[1].getName());
		assertTrue(objects[0].contains(18, 20));
		assertTrue(objects[1].contains(44, 42));
		assertEquals("18,20,1;44,42,2;5,60,0", m.getOutput("prompts"));

		// the input is left as it was: pixels, selection and overlay
		assertArrayEquals(pixelsBefore, (byte[]) imp.getProcessor().getPixels());
		assertSame(before, imp.getOverlay());
		assertEquals(1, imp.getOverlay().size());
		assertEquals(3, ((ij.gui.PointRoi) imp.getRoi()).size());
	}

	@Test
	void singleCounterIsOneObjectAndOverlayOnRequestKeepsOtherParts() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		imp.setRoi(TestImages.points(new double[][] { { 18, 20, 0 }, { 16, 22, 0 } }));
		imp.setOverlay(new Overlay(new TextRoi(2, 2, "keep me")));

		CommandModule m = run(imp, "overlay", true, "labels", false);

		assertTrue(!m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		assertNull(m.getOutput("labelimage"));
		Roi[] objects = (Roi[]) m.getOutput("objects");
		assertEquals(1, objects.length);
		assertEquals("M2N2 object 1", objects[0].getName());
		Overlay ov = imp.getOverlay();
		assertEquals(2, ov.size());
		assertEquals("M2N2 object 1", ov.get(1).getName());
		assertNotNull(ov.get(1).getFillColor());
		assertTrue(ov.get(1).getFillColor().getAlpha() < 255, "translucent");

		run(imp, "overlay", true, "labels", false);
		assertEquals(2, imp.getOverlay().size(), "a second run replaces its overlay parts instead of adding more");
	}

	@Test
	void pointsTextOverridesTheSelection() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		imp.setRoi(TestImages.points(new double[][] { { 18, 20, 0 } }));
		CommandModule m = run(imp, "points", "44,42,3; 2,2,0");
		assertTrue(!m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		ImagePlus labels = (ImagePlus) m.getOutput("labelimage");
		assertEquals(3, labels.getProcessor().get(44, 42));
		assertEquals(0, labels.getProcessor().get(18, 20));
		assertEquals("M2N2 object 3", ((Roi[]) m.getOutput("objects"))[0].getName());
	}

	@Test
	void onAStackOnlyPointsOfTheCurrentPlaneCountAndRoisSitOnIt() throws Exception {
		ImagePlus flat = TestImages.twoDiscs();
		ImageStack stack = new ImageStack(64, 64);
		for (int z = 0; z < 3; z++) stack.addSlice(flat.getProcessor().duplicate());
		ImagePlus imp = new ImagePlus("stack", stack);
		imp.setDimensions(1, 3, 1);
		imp.setSlice(2);
		// point 1 on plane 2 (current), point 2 on plane 3: only the first counts
		int[] counters = { 1 | (2 << 8), 2 | (3 << 8) };
		ij.gui.PointRoi roi = new ij.gui.PointRoi(new float[] { 18, 44 }, new float[] { 20, 42 }, 2);
		roi.setCounters(counters);
		imp.setRoi(roi);

		CommandModule m = run(imp);

		assertTrue(!m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		assertEquals("18,20,1", m.getOutput("prompts"));
		Roi[] objects = (Roi[]) m.getOutput("objects");
		assertEquals(1, objects.length);
		assertEquals(2, objects[0].getPosition());
	}

	@Test
	void hyperstackRoisCarryChannelSliceAndFrame() throws Exception {
		ImagePlus flat = TestImages.twoDiscs();
		ImageStack stack = new ImageStack(64, 64);
		for (int i = 0; i < 2 * 2 * 3; i++) stack.addSlice(flat.getProcessor().duplicate());
		ImagePlus imp = new ImagePlus("hyper", stack);
		imp.setDimensions(2, 2, 3);
		imp.setOpenAsHyperStack(true);
		imp.setPosition(2, 1, 3);
		CommandModule m = run(imp, "points", "18,20,1");
		Roi roi = ((Roi[]) m.getOutput("objects"))[0];
		assertEquals(2, roi.getCPosition());
		assertEquals(1, roi.getZPosition());
		assertEquals(3, roi.getTPosition());
	}

	@Test
	void compositeImagesAreSegmentedAsDisplayedAndRoisCoverAllChannels() throws Exception {
		ImagePlus flat = TestImages.twoDiscs();
		ImageStack stack = new ImageStack(64, 64);
		stack.addSlice(flat.getProcessor().duplicate());
		ImageProcessor dark = flat.getProcessor().duplicate();
		dark.multiply(0.2);
		stack.addSlice(dark);
		ImagePlus imp = new ImagePlus("composite", stack);
		imp.setDimensions(2, 1, 1);
		ij.CompositeImage composite = new ij.CompositeImage(imp, ij.IJ.COMPOSITE);
		composite.setPosition(2, 1, 1);
		CommandModule m = run(composite, "points", "18,20,1;44,42,2;2,60,0");
		assertTrue(!m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		Roi[] objects = (Roi[]) m.getOutput("objects");
		assertEquals(2, objects.length);
		assertEquals(0, objects[0].getCPosition(), "a composite view segments all channels at once");
		assertEquals(2, ((ImagePlus) m.getOutput("labelimage")).getProcessor().get(44, 42));
	}

	@Test
	void mistakesEndWithOneClearMessage() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		CommandModule none = run(imp);
		assertTrue(none.isCanceled());
		assertTrue(none.getCancelReason().startsWith("No points"), none.getCancelReason());

		CommandModule bg = run(imp, "points", "5,5,0;6,6,0");
		assertTrue(bg.isCanceled());
		assertTrue(bg.getCancelReason().contains("Every point is background"), bg.getCancelReason());

		CommandModule outside = run(imp, "points", "80,10,1");
		assertTrue(outside.isCanceled());
		assertEquals("The point 80,10 lies outside the 64 x 64 image.", outside.getCancelReason());

		CommandModule malformed = run(imp, "points", "10;10;1");
		assertTrue(malformed.isCanceled());
		assertTrue(malformed.getCancelReason().contains("X,Y,LABEL"), malformed.getCancelReason());

		CommandModule noFile = run(imp, "points", "18,20,1", "backbone", "file");
		assertTrue(noFile.isCanceled());
		assertTrue(noFile.getCancelReason().contains("attention file"), noFile.getCancelReason());

		CommandModule badSetting = run(imp, "points", "18,20,1", "theta", 1.5);
		assertTrue(badSetting.isCanceled());
		assertTrue(badSetting.getCancelReason().toLowerCase().contains("markov threshold"), badSetting.getCancelReason());
	}

	/** The embedded backbone's options reach the backbone from the command's fields (Advanced, macro keys object_size etc.). */
	@Test
	void theEmbeddedBackbonesOptionsReachTheBackbone() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		CommandModule bad = run(imp, "points", "18,20,1;44,42,2", "object_size", "huge");
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("object-size") && bad.getCancelReason().contains("'huge'"), bad.getCancelReason());
		CommandModule badWeight = run(imp, "points", "18,20,1;44,42,2", "colour_weight", "-1");
		assertTrue(badWeight.isCanceled());
		assertTrue(badWeight.getCancelReason().contains("colour-weight") && badWeight.getCancelReason().contains("'-1'"), badWeight.getCancelReason());
		CommandModule weights = run(imp, "points", "18,20,1;44,42,2", "position_sigma", "0.5", "colour_weight", "6", "texture_weight", "0",
			"context_weight", "1");
		assertTrue(!weights.isCanceled(), () -> "weights: " + weights.getCancelReason());
		for (String size : new String[] { "auto", "14", "off" }) {
			CommandModule m = run(imp, "points", "18,20,1;44,42,2", "object_size", size);
			assertTrue(!m.isCanceled(), () -> size + ": " + m.getCancelReason());
			ImageProcessor lp = ((ImagePlus) m.getOutput("labelimage")).getProcessor();
			assertEquals(1, lp.get(18, 20), size);
			assertEquals(2, lp.get(44, 42), size);
		}
	}

	@Test
	void tinyImagesAndSelectionsThatAreNoPromptsAreNamed() throws Exception {
		CommandModule tiny = run(new ImagePlus("dot", new ij.process.ByteProcessor(1, 1)), "points", "0,0,1");
		assertTrue(tiny.isCanceled());
		assertTrue(tiny.getCancelReason().contains("1 x 1 pixels: too small"), tiny.getCancelReason());

		ImagePlus imp = TestImages.twoDiscs();
		imp.setRoi(new TextRoi(5, 5, "note"));
		CommandModule text = run(imp);
		assertTrue(text.isCanceled());
		assertTrue(text.getCancelReason().contains("M2N2 reads points") && text.getCancelReason().contains("rectangle"), text.getCancelReason());
	}

	@Test
	void aRectangleIsTheObjectInsideItClippedToIt() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		// the rectangle holds the top three quarters of the first disc (rows 11..25 of 11..29)
		imp.setRoi(new ij.gui.Roi(9, 11, 19, 15));
		CommandModule m = run(imp);
		assertTrue(!m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		ImagePlus labels = (ImagePlus) m.getOutput("labelimage");
		assertEquals(1, labels.getProcessor().get(18, 18), "the object at the rectangle's interior-most pixel");
		assertEquals(1, labels.getProcessor().get(18, 24));
		assertEquals(0, labels.getProcessor().get(18, 27), "the disc below the rectangle is clipped off");
		assertEquals(0, labels.getProcessor().get(44, 42));
		assertEquals("18,18,1", m.getOutput("prompts"));
		assertTrue(imp.getRoi().getType() == ij.gui.Roi.RECTANGLE, "the user's selection stays");
	}

	@Test
	void aLineIsPointsAlongItForOneObject() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		imp.setRoi(new ij.gui.Line(11, 20, 25, 20));
		CommandModule m = run(imp);
		assertTrue(!m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		ImagePlus labels = (ImagePlus) m.getOutput("labelimage");
		assertEquals(1, labels.getProcessor().get(18, 20));
		assertEquals(1, labels.getProcessor().get(18, 13), "the whole disc, not just the line");
		assertEquals(0, labels.getProcessor().get(44, 42));
		String prompts = (String) m.getOutput("prompts");
		assertTrue(prompts.split(";").length >= 5, "points along the line: " + prompts);
		assertTrue(prompts.startsWith("11,20,1") && prompts.contains("25,20,1") || prompts.endsWith("24,20,1") || prompts.endsWith("25,20,1"), prompts);
	}

	@Test
	void longThinImagesKeepEnoughRowsToFindALongObject() throws Exception {
		// 100:1 strip, an object 1200 px long: with the long side alone scaled to 256 it would be 3 rows high
		int w = 4000, h = 40;
		ij.process.ByteProcessor bp = new ij.process.ByteProcessor(w, h);
		int truth = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				boolean in = Math.pow((x - 1400) / 600.0, 2) + Math.pow((y - 20) / 12.0, 2) <= 1;
				truth += in ? 1 : 0;
				bp.set(x, y, in ? 200 : 30);
			}
		CommandModule m = run(new ImagePlus("strip", bp), "points", "1400,20,1;3500,20,0", "working_size", 256);
		assertTrue(!m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		ImagePlus labels = (ImagePlus) m.getOutput("labelimage");
		int n = 0, minX = w, maxX = 0;
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				if (labels.getProcessor().get(x, y) == 1) {
					n++;
					minX = Math.min(minX, x);
					maxX = Math.max(maxX, x);
				}
		assertTrue(maxX - minX > 1100 && n > 0.85 * truth && n < 1.15 * truth, "object " + minX + ".." + maxX + ", " + n + " px of " + truth);
	}

	@Test
	void workingCopyOfAStripKeepsItsShortSide() {
		ImagePlus strip = new ImagePlus("strip", new ij.process.ByteProcessor(20000, 200));
		WorkingCopy c = WorkingCopy.of(io.github.m2n2.io.ImagePlusGuide.of(strip, io.github.m2n2.io.ImagePlusGuide.GreyMapping.DISPLAY_RANGE), 1024);
		assertEquals(10240, c.working.width());
		assertEquals(102, c.working.height());
		ImagePlus wide = new ImagePlus("wide", new ij.process.ByteProcessor(2048, 1024));
		WorkingCopy d = WorkingCopy.of(io.github.m2n2.io.ImagePlusGuide.of(wide, io.github.m2n2.io.ImagePlusGuide.GreyMapping.DISPLAY_RANGE), 1024);
		assertEquals(1024, d.working.width(), "ordinary shapes: the long side is the working size");
		assertEquals(512, d.working.height());
	}

	@Test
	void largeImagesUseAWorkingCopyAndReturnFullSizeLabels() throws Exception {
		ImagePlus small = TestImages.twoDiscs();
		ImagePlus big = new ImagePlus("big", small.getProcessor().resize(256, 256));
		CommandModule m = run(big, "points", "72,80,1;176,168,2;10,240,0", "working_size", 64);
		assertTrue(!m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		ImagePlus labels = (ImagePlus) m.getOutput("labelimage");
		assertEquals(256, labels.getWidth());
		assertEquals(256, labels.getHeight());
		assertEquals(1, labels.getProcessor().get(72, 80));
		assertEquals(2, labels.getProcessor().get(176, 168));
		assertEquals(0, labels.getProcessor().get(250, 5));
		assertTrue(((String) labels.getProperty("Info")).contains("working copy"));
	}

	@Test
	void nanPixelsAndFloatImagesWork() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		ImageProcessor fp = imp.getProcessor().convertToFloat();
		for (int x = 0; x < 64; x++) fp.setf(x, 0, Float.NaN);
		ImagePlus f = new ImagePlus("nan", fp);
		f.resetDisplayRange();
		CommandModule m = run(f, "points", "18,20,1;44,42,0");
		assertTrue(!m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		ImagePlus labels = (ImagePlus) m.getOutput("labelimage");
		assertEquals(1, labels.getProcessor().get(18, 20));
		assertEquals(0, labels.getProcessor().get(44, 42));
	}

	@Test
	void rgbImagesWork() throws Exception {
		ImagePlus imp = TestImages.twoDiscs();
		ImagePlus rgb = new ImagePlus("rgb", imp.getProcessor().convertToRGB());
		CommandModule m = run(rgb, "points", "18,20,1;44,42,2");
		assertTrue(!m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		assertEquals(2, ((Roi[]) m.getOutput("objects")).length);
	}

}

package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.measure.Calibration;
import ij.process.ByteProcessor;

/** The M2N2 command with Planes: all, headless, on a z-stack and on a hyperstack. */
class StackCommandTest {

	private static Context context;
	private static CommandService commands;

	@BeforeAll
	static void start() {
		assumeTrue(GraphicsEnvironment.isHeadless(), "headless tests; the display tests are ImageJUiTest");
		context = new Context(CommandService.class);
		commands = context.service(CommandService.class);
	}

	@AfterAll
	static void stop() {
		if (context != null) context.dispose();
	}

	/** A disc of radius 9 at (24, 26) on slices {@code first..last} (1-based) of an 8-bit stack with background noise, at every frame. */
	static ImagePlus discStack(int slices, int frames, int first, int last) {
		ImageStack st = new ImageStack(64, 64);
		java.util.Random noise = new java.util.Random(7);
		for (int t = 1; t <= frames; t++)
			for (int z = 1; z <= slices; z++) {
				ByteProcessor bp = new ByteProcessor(64, 64);
				for (int y = 0; y < 64; y++)
					for (int x = 0; x < 64; x++) bp.set(x, y, z >= first && z <= last && TestImages.inDisc(x, y, 24, 26) ? 200 : 30 + (int) Math.round(2 * noise.nextGaussian()));
				st.addSlice(bp);
			}
		ImagePlus imp = new ImagePlus("stack.tif", st);
		imp.setDimensions(1, slices, frames);
		if (frames > 1) imp.setOpenAsHyperStack(true);
		Calibration cal = new Calibration();
		cal.pixelWidth = cal.pixelHeight = 0.25;
		cal.pixelDepth = 1.5;
		cal.frameInterval = 30;
		cal.setUnit("micron");
		imp.setCalibration(cal);
		return imp;
	}

	/** Points with their stack positions (1-based stack index), as the multi-point tool records them. */
	static PointRoi points(double[][] xyCounterIndex) {
		PointRoi roi = null;
		for (double[] p : xyCounterIndex) {
			if (roi == null) roi = new PointRoi(p[0], p[1]);
			else roi.addPoint(p[0], p[1]);
		}
		int[] counters = new int[xyCounterIndex.length];
		for (int i = 0; i < counters.length; i++) counters[i] = (int) xyCounterIndex[i][2] | ((int) xyCounterIndex[i][3] << 8);
		roi.setCounters(counters);
		return roi;
	}

	private static CommandModule run(ImagePlus imp, Object... more) throws Exception {
		List<Object> args = new ArrayList<>(List.of("imp", imp, "resolution", 16, "planes", M2N2Command.PLANES_ALL));
		args.addAll(Arrays.asList(more));
		return commands.run(M2N2Command.class, false, args.toArray()).get();
	}

	private static boolean hasLabel(ImagePlus labels, int index, int k) {
		for (short v : (short[]) labels.getStack().getPixels(index)) if (v == k) return true;
		return false;
	}

	@Test
	void aZStackGivesALabelStackWithItsCalibrationAndRoisOnTheRightSlices() throws Exception {
		ImagePlus imp = discStack(6, 1, 2, 5);
		// one object click on slice 3, a background click on slice 3
		imp.setRoi(points(new double[][] { { 24, 26, 1, 3 }, { 56, 6, 0, 3 } }));
		CommandModule m = run(imp);
		assertFalse(m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		ImagePlus labels = (ImagePlus) m.getOutput("labelimage");
		assertEquals(6, labels.getNSlices());
		assertEquals(1, labels.getNFrames());
		assertEquals(16, labels.getBitDepth());
		assertEquals(1.5, labels.getCalibration().pixelDepth, 1e-12);
		assertEquals(0.25, labels.getCalibration().pixelWidth, 1e-12);
		assertEquals("micron", labels.getCalibration().getUnit());
		for (int z = 1; z <= 6; z++) assertEquals(z >= 2 && z <= 5, hasLabel(labels, z, 1), "slice " + z);
		assertEquals(1, labels.getStack().getProcessor(3).get(24, 26));
		Roi[] rois = (Roi[]) m.getOutput("objects");
		assertEquals(4, rois.length, "one ROI per plane the object reaches");
		for (Roi r : rois) {
			assertEquals("M2N2 object 1", r.getName());
			assertTrue(r.getPosition() >= 2 && r.getPosition() <= 5, "ROI on slice " + r.getPosition());
			assertTrue(r.contains(24, 26));
		}
		assertEquals("24,26,3,1;56,6,3,0", m.getOutput("prompts"));
	}

	@Test
	void aStackLargerThanTheWorkingSizeIsSegmentedOnWorkingCopiesAndScaledBack() throws Exception {
		ImagePlus imp = discStack(6, 1, 2, 5);
		imp.setRoi(points(new double[][] { { 24, 26, 1, 3 }, { 56, 6, 0, 3 } }));
		CommandModule m = run(imp, "working_size", 32);
		assertFalse(m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		ImagePlus labels = (ImagePlus) m.getOutput("labelimage");
		assertEquals(64, labels.getWidth());
		assertEquals(64, labels.getHeight());
		assertEquals(6, labels.getNSlices());
		for (int z = 1; z <= 6; z++) assertEquals(z >= 2 && z <= 5, hasLabel(labels, z, 1), "slice " + z);
		// the disc (radius 9 at 24, 26) comes back at full size
		short[] plane = (short[]) labels.getStack().getPixels(4);
		int inside = 0, outside = 0;
		for (int y = 0; y < 64; y++)
			for (int x = 0; x < 64; x++) {
				boolean disc = TestImages.inDisc(x, y, 24, 26), object = plane[y * 64 + x] == 1;
				if (disc && object) inside++;
				if (!disc && object) outside++;
			}
		assertTrue(inside > 150 && outside < 60, inside + " disc pixels labelled, " + outside + " outside");
		assertEquals(1, labels.getStack().getProcessor(3).get(24, 26));
		assertEquals(0, labels.getStack().getProcessor(3).get(56, 6));
	}

	@Test
	void thePropagationSettingsAreParameters() throws Exception {
		// a disc that shrinks plane by plane: with a demanding min overlap it ends sooner
		ImageStack st = new ImageStack(64, 64);
		java.util.Random noise = new java.util.Random(3);
		for (int z = 1; z <= 8; z++) {
			ByteProcessor bp = new ByteProcessor(64, 64);
			int r2 = (16 - 2 * Math.abs(z - 1)) * (16 - 2 * Math.abs(z - 1));
			for (int y = 0; y < 64; y++)
				for (int x = 0; x < 64; x++)
					bp.set(x, y, (x - 32) * (x - 32) + (y - 32) * (y - 32) <= r2 ? 200 : 30 + (int) Math.round(2 * noise.nextGaussian()));
			st.addSlice(bp);
		}
		ImagePlus imp = new ImagePlus("shrinking.tif", st);
		imp.setRoi(points(new double[][] { { 32, 32, 1, 1 } }));
		CommandModule loose = run(imp);
		CommandModule strict = run(imp, "min_overlap", 0.95);
		assertFalse(loose.isCanceled(), () -> "canceled: " + loose.getCancelReason());
		assertFalse(strict.isCanceled(), () -> "canceled: " + strict.getCancelReason());
		int looseRois = ((Roi[]) loose.getOutput("objects")).length, strictRois = ((Roi[]) strict.getOutput("objects")).length;
		assertTrue(strictRois < looseRois, "min overlap 0.95 ends the object sooner: " + strictRois + " against " + looseRois + " planes");
		CommandModule bad = run(imp, "min_overlap", 1.5);
		assertTrue(bad.isCanceled());
		assertTrue(bad.getCancelReason().contains("Min overlap"), bad.getCancelReason());
	}

	@Test
	void aHyperstackPropagatesAlongZAtTheClickedFrame() throws Exception {
		ImagePlus imp = discStack(4, 2, 1, 4);
		int index = imp.getStackIndex(1, 2, 2);
		imp.setRoi(points(new double[][] { { 24, 26, 1, index } }));
		CommandModule m = run(imp);
		assertFalse(m.isCanceled(), () -> "canceled: " + m.getCancelReason());
		ImagePlus labels = (ImagePlus) m.getOutput("labelimage");
		assertEquals(4, labels.getNSlices());
		assertEquals(2, labels.getNFrames());
		assertEquals(30, labels.getCalibration().frameInterval, 1e-12);
		for (int z = 1; z <= 4; z++) {
			assertTrue(hasLabel(labels, labels.getStackIndex(1, z, 2), 1), "z" + z + " t2");
			assertFalse(hasLabel(labels, labels.getStackIndex(1, z, 1), 1), "z" + z + " t1 was not clicked");
		}
		for (Roi r : (Roi[]) m.getOutput("objects")) assertEquals(2, r.getTPosition());
	}

	@Test
	void aCorrectionOnALaterSliceRecomputesOnlyFromItAndKeepsThePreparedPlanes() throws Exception {
		ImagePlus imp = discStack(8, 1, 1, 8);
		imp.setRoi(points(new double[][] { { 24, 26, 1, 2 } }));
		CommandModule first = run(imp);
		assertFalse(first.isCanceled(), () -> "canceled: " + first.getCancelReason());
		StackCache cache = StackCache.shared();
		assertTrue(cache.holds(imp.getID()));
		long segmented = cache.segmentations(), prepared = cache.planesPrepared();
		assertEquals(8, prepared);
		// one more point: background on slice 6
		imp.setRoi(points(new double[][] { { 24, 26, 1, 2 }, { 56, 6, 0, 6 } }));
		CommandModule second = run(imp);
		assertFalse(second.isCanceled(), () -> "canceled: " + second.getCancelReason());
		assertEquals(prepared, cache.planesPrepared(), "no plane prepared again");
		long again = cache.segmentations() - segmented;
		assertTrue(again > 0 && again <= 3, "only slices 6 to 8 can change, " + again + " segmented again");
		ImagePlus labels = (ImagePlus) second.getOutput("labelimage");
		for (int z = 1; z <= 8; z++) assertTrue(hasLabel(labels, z, 1), "slice " + z);
		// a background click on the object's centre ends it there: nothing after it is segmented
		imp.setRoi(points(new double[][] { { 24, 26, 1, 2 }, { 56, 6, 0, 6 }, { 24, 26, 0, 7 } }));
		CommandModule third = run(imp);
		assertFalse(third.isCanceled(), () -> "canceled: " + third.getCancelReason());
		ImagePlus ended = (ImagePlus) third.getOutput("labelimage");
		assertTrue(hasLabel(ended, 6, 1));
		assertFalse(hasLabel(ended, 7, 1));
		assertFalse(hasLabel(ended, 8, 1));
		long before = cache.segmentations();
		assertTrue(before > 8);
		// another setting is another cache entry: its counters start again
		CommandModule other = run(imp, "resolution", 8);
		assertFalse(other.isCanceled(), () -> "canceled: " + other.getCancelReason());
		assertTrue(cache.segmentations() <= 6 && cache.planesPrepared() == cache.segmentations(), cache.segmentations() + " / " + cache.planesPrepared());
		imp.close();
	}

	@Test
	void theFileBackboneOnAStackSaysItNeedsOneAttentionPerPlane() throws Exception {
		ImagePlus imp = discStack(3, 1, 1, 3);
		imp.setRoi(points(new double[][] { { 24, 26, 1, 2 } }));
		CommandModule m = run(imp, "backbone", "file", "attention", new java.io.File("/nonexistent.npy"));
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("one attention per plane"), m.getCancelReason());
	}

	@Test
	void aPointOnAMissingSliceIsRefused() throws Exception {
		ImagePlus imp = discStack(3, 1, 1, 3);
		CommandModule m = run(imp, "points", "24,26,9,1");
		assertTrue(m.isCanceled());
		assertTrue(m.getCancelReason().contains("slice 9"), m.getCancelReason());
	}
}

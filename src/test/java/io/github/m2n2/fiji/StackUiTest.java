package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.plugin.frame.RoiManager;

/**
 * A stack in ImageJ 1.54 under a (virtual) display: a macro gives six nuclei clicks on five
 * different slices (as x,y,z,label text: a macro's makePoint does not record slices) and
 * propagates; skipped without a display.
 */
@Timeout(value = 300, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class StackUiTest {

	private static final Path SAMPLE = Path.of("sample-data", "nuclei3d.tif");
	private static final Path SHOTS = Path.of("target", "screenshots");

	private static ij.ImageJ started;

	@BeforeAll
	static void startImageJ() throws Exception {
		assumeTrue(io.github.m2n2.TestDisplay.works(), "needs a display: run the build under xvfb-run");
		if (IJ.getInstance() == null) started = ImageJLauncher.start(null, false);
		Files.createDirectories(SHOTS);
	}

	/** The window tests share one JVM: an ImageJ this class started must not outlive it (IJ.log would go to its window). */
	@org.junit.jupiter.api.AfterAll
	static void quitImageJ() {
		if (started == null) return;
		started.exitWhenQuitting(false);
		started.quit();
		for (int i = 0; i < 100 && IJ.getInstance() != null; i++) IJ.wait(100);
	}


	@Test
	void aMacroWithPointsOnSeveralSlicesPropagatesEveryObject() throws Exception {
		ImagePlus imp = io.github.m2n2.io.ImageFiles.open(SAMPLE);
		imp.show();
		IJ.wait(500);
		RoiManager rm = RoiManager.getRoiManager();
		rm.reset();
		// the six nuclei of sample-data/nuclei3d-points.csv, clicked on five different slices
		String out = IJ.runMacro(String.join("\n",
			"selectImage('nuclei3d.tif');",
			"run('M2N2 Segment (IJ1)', 'points=[23,27,13,1;88,77,4,2;108,80,5,3;44,99,6,4;16,80,7,5;39,60,7,6] planes=[all (propagate)] resolution=32 labels rois overlay');",
			"return getTitle() + ' ' + nSlices;"));
		assertEquals("nuclei3d-labels 16", out);
		ImagePlus labels = WindowManager.getCurrentImage();
		assertEquals(imp.getCalibration().pixelDepth, labels.getCalibration().pixelDepth, 1e-12);
		assertEquals(1, labels.getStack().getProcessor(13).get(23, 27), "object 1 where it was clicked");
		assertEquals(2, labels.getStack().getProcessor(4).get(88, 77), "object 2 where it was clicked");
		int slices1 = 0, slices2 = 0;
		for (Roi r : rm.getRoisAsArray()) {
			assertTrue(r.getPosition() >= 1 && r.getPosition() <= 16, "ROI on a slice: " + r.getPosition());
			if (r.getName().equals(ObjectRois.PREFIX + 1)) slices1++;
			if (r.getName().equals(ObjectRois.PREFIX + 2)) slices2++;
		}
		assertTrue(slices1 >= 3 && slices2 >= 3, "each object on several slices: " + slices1 + ", " + slices2);
		java.util.Set<String> names = new java.util.TreeSet<>();
		for (Roi r : rm.getRoisAsArray()) names.add(r.getName());
		assertEquals(6, names.size(), "six objects in the ROI Manager: " + names);
		// for the README: both windows enlarged side by side on a slice where both nuclei show
		int x = 0;
		for (ImagePlus w : new ImagePlus[] { imp, labels }) {
			w.setSlice(7);
			w.getWindow().toFront();
			WindowManager.setCurrentWindow(w.getWindow());
			IJ.run(w, "Set... ", "zoom=300");
			w.getWindow().setLocation(x, 110);
			x += w.getWindow().getWidth() + 10;
		}
		rm.setLocation(x, 110);
		IJ.wait(1000);
		ImagePlus shot = new ij.plugin.ScreenGrabber().captureScreen();
		assertNotNull(shot);
		assertTrue(new FileSaver(shot).saveAsPng(SHOTS.resolve("imagej-stack-propagated.png").toString()));
		// the other window tests share this ImageJ: leave it as found
		rm.reset();
		for (ImagePlus open : new ImagePlus[] { labels, imp }) {
			open.changes = false;
			open.close();
		}
	}
}

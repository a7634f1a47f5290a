package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

import ij.IJ;
import ij.ImageJ;
import ij.ImagePlus;
import ij.Menus;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.io.FileSaver;
import ij.plugin.frame.RoiManager;

/**
 * ImageJ 1.54 as a user meets it (windows, menus from plugins.config, macros), under a real or
 * virtual display; skipped where there is none. Saves screenshots under target/screenshots.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 600, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ImageJUiTest {

	private static final Path SAMPLE = Path.of("sample-data", "nuclei.tif");
	private static final Path SHOTS = Path.of("target", "screenshots");
	private static ImageJ ij;

	@BeforeAll
	static void startImageJ() throws Exception {
		assumeTrue(io.github.m2n2.TestDisplay.works(), "needs a display: run the build under xvfb-run (as .ci/run does)");
		ij = ImageJLauncher.start(SAMPLE, false);
		Files.createDirectories(SHOTS);
	}


	/** Windows stay open: closing them could ask "save changes?"; the test JVM exits anyway. */
	@AfterAll
	static void quit() {
		if (ij == null) return;
		LiveMode live = LiveMode.of(WindowManager.getImage("nuclei.tif"));
		if (live != null) live.stop();
	}

	@Test
	@Order(1)
	void pluginsConfigPutsTheCommandsInTheMenus() {
		assertEquals("io.github.m2n2.fiji.LivePlugin", Menus.getCommands().get("M2N2 Live"));
		assertEquals("io.github.m2n2.fiji.SegmentPlugin", Menus.getCommands().get("M2N2 Segment (IJ1)"));
	}

	@Test
	@Order(2)
	void macroPointSelectionSegmentsIntoALabelImageAndTheRoiManager() throws Exception {
		String out = IJ.runMacro(String.join("\n",
			"selectImage('nuclei.tif');",
			"makeSelection('point', newArray(173, 362), newArray(159, 207));",
			"run('M2N2 Segment (IJ1)', 'resolution=32 labels rois');",
			"return getTitle();"));
		assertEquals("nuclei-labels", out);
		ImagePlus labels = WindowManager.getImage("nuclei-labels");
		assertNotNull(labels);
		assertEquals(16, labels.getBitDepth());
		// one counter used: both clicked nuclei belong to object 1
		assertEquals(1, labels.getProcessor().get(173, 159));
		assertEquals(1, labels.getProcessor().get(362, 207));
		assertEquals(0, labels.getProcessor().get(496, 8));
		int pixels = pixelsOf(labels, 1);
		assertTrue(pixels > 4000 && pixels < 20000, "two nuclei of about 3600 px each, got " + pixels);
		RoiManager rm = RoiManager.getInstance();
		assertNotNull(rm);
		assertEquals(1, rm.getCount());
		assertEquals("M2N2 object 1", rm.getName(0));
		ImagePlus nuclei = WindowManager.getImage("nuclei.tif");
		assertTrue(nuclei.getRoi() instanceof PointRoi, "the user's points are left in place");
	}

	@Test
	@Order(3)
	void pointsTextMakesOneObjectPerLabelWithAnOverlay() throws Exception {
		IJ.runMacro(String.join("\n",
			"selectImage('nuclei.tif');",
			"run('M2N2 Segment (IJ1)', 'points=[173,159,1;362,207,2;398,112,3;290,364,4;219,466,5;496,8,0] resolution=32 labels rois overlay');"));
		ImagePlus labels = WindowManager.getCurrentImage();
		for (int k = 1; k <= 5; k++) {
			int[][] at = { { 173, 159 }, { 362, 207 }, { 398, 112 }, { 290, 364 }, { 219, 466 } };
			assertEquals(k, labels.getProcessor().get(at[k - 1][0], at[k - 1][1]), "object " + k);
		}
		for (int k = 1; k <= 5; k++) assertTrue(pixelsOf(labels, k) > 1000, "object " + k + " is a nucleus, not a dot");
		RoiManager rm = RoiManager.getInstance();
		assertEquals(6, rm.getCount());
		assertEquals("M2N2 object 5", rm.getName(5));
		Overlay ov = WindowManager.getImage("nuclei.tif").getOverlay();
		assertEquals(5, ov.size());
		IJ.wait(500);
		screenshot("imagej-segment.png");
	}

	@Test
	@Order(4)
	void liveModeFollowsThePointsAndIsDrivenByMacroActions() throws Exception {
		ImagePlus nuclei = WindowManager.getImage("nuclei.tif");
		nuclei.setOverlay(null);
		IJ.selectWindow("nuclei.tif");
		IJ.runMacro("run('M2N2 Live', 'resolution=32');");
		LiveMode live = LiveMode.of(nuclei);
		assertNotNull(live, "live mode started on the image");
		PointRoi points = new PointRoi(173.5, 159.5);
		points.addPoint(362.5, 207.5);
		points.addPoint(496.5, 8.5);
		points.setCounters(new int[] { 1, 2, 0 });
		nuclei.setRoi(points);
		String status = (String) IJ.runMacro("return call('io.github.m2n2.fiji.LiveMode.action', 'wait');");
		assertTrue(status.contains("2 objects"), status);
		Overlay ov = nuclei.getOverlay();
		assertEquals(2, ov.size());
		assertEquals("M2N2 object 2", ov.get(1).getName());
		IJ.runMacro("s = call('io.github.m2n2.fiji.LiveMode.action', 'next-object');");
		assertEquals(3, live.activeCounter());
		IJ.wait(500);
		screenshot("imagej-live.png");
		// test 3 listed the same two objects already; start from an empty manager
		RoiManager.getInstance().reset();
		IJ.runMacro("run('M2N2 Live', 'action=add-to-manager');");
		assertEquals(2, RoiManager.getInstance().getCount());
		assertEquals("M2N2 object 2", RoiManager.getInstance().getName(1));
		int listed = RoiManager.getInstance().getCount();
		IJ.runMacro("run('M2N2 Live', 'action=add-to-manager');");
		assertEquals(listed, RoiManager.getInstance().getCount(), "adding the same objects again lists them once");
		IJ.runMacro("run('M2N2 Live', 'action=stop');");
		assertTrue(live.isStopped());
		assertEquals(null, nuclei.getOverlay(), "the user's overlay (none) is back");
	}

	@Test
	@Order(5)
	void folderMacroSegmentsEveryImageWithAPointsCsv(@TempDir Path dir) throws Exception {
		for (String name : new String[] { "a", "b" }) {
			ImagePlus imp = TestImages.twoDiscs();
			assertTrue(new FileSaver(imp).saveAsTiff(dir.resolve(name + ".tif").toString()));
		}
		Files.writeString(dir.resolve("a.csv"), "x,y,label\n18,20,1\n44,42,2\n2,60,0\n");
		Files.writeString(dir.resolve("b.csv"), "x,y,label\n44,42,1\n");
		ImagePlus c = TestImages.twoDiscs();
		assertTrue(new FileSaver(c).saveAsTiff(dir.resolve("c.tif").toString())); // no points: skipped
		// one bad file: a point outside its image; the batch says so and goes on, no dialog
		assertTrue(new FileSaver(TestImages.twoDiscs()).saveAsTiff(dir.resolve("d.tif").toString()));
		Files.writeString(dir.resolve("d.csv"), "x,y,label\n18,20,1\n999,5,1\n");
		IJ.log("\\Clear");
		String macro = Files.readString(Path.of("scripts", "m2n2-segment-folder.ijm")).replace("resolution=64", "resolution=16");
		IJ.runMacro(macro, dir.toString());
		ImagePlus a = IJ.openImage(dir.resolve("a-labels.tif").toString());
		assertNotNull(a, "a-labels.tif written");
		assertEquals(1, a.getProcessor().get(18, 20));
		assertEquals(2, a.getProcessor().get(44, 42));
		ImagePlus b = IJ.openImage(dir.resolve("b-labels.tif").toString());
		assertEquals(1, b.getProcessor().get(44, 42));
		assertEquals(0, b.getProcessor().get(18, 20));
		assertTrue(!Files.exists(dir.resolve("c-labels.tif")));
		assertTrue(!Files.exists(dir.resolve("d-labels.tif")));
		String log = IJ.getLog();
		assertTrue(log.contains("M2N2: d.tif: The point 999,5 lies outside") && log.contains("failed on d.tif")
			&& log.contains("segmented 2 images"), log);
		assertEquals(null, WindowManager.getWindow("M2N2"), "no dialog");
	}

	@Test
	@Order(6)
	void liveModeMacroAsDocumentedKeepsTheFirstObject() throws Exception {
		ImagePlus nuclei = WindowManager.getImage("nuclei.tif");
		IJ.selectWindow("nuclei.tif");
		nuclei.deleteRoi();
		IJ.setTool("rectangle");
		IJ.runMacro("run('M2N2 Live', 'resolution=32');");
		LiveMode live = LiveMode.of(nuclei);
		assertNotNull(live);
		assertEquals("multipoint", IJ.getToolName());
		IJ.runMacro("makeSelection('point', newArray(173, 180), newArray(159, 165));");
		String status = (String) IJ.runMacro("return call('io.github.m2n2.fiji.LiveMode.action', 'wait');");
		assertTrue(status.contains("1 object from 2 points") && status.contains("new points: object 1"), status);
		String next = (String) IJ.runMacro("return call('io.github.m2n2.fiji.LiveMode.action', 'next-object');");
		assertTrue(next.contains("object 2"), next);
		click(nuclei, 362, 207);
		status = (String) IJ.runMacro("return call('io.github.m2n2.fiji.LiveMode.action', 'wait');");
		assertTrue(status.contains("2 objects from 3 points"), status);
		assertEquals(1, live.latest().label(173, 159), "the first nucleus stays object 1");
		assertEquals(2, live.latest().label(362, 207));
		// Alt-click on the second nucleus removes its click; Ctrl+Z on the image brings it back
		click(nuclei, 366, 214, java.awt.event.InputEvent.ALT_DOWN_MASK);
		status = (String) IJ.runMacro("return call('io.github.m2n2.fiji.LiveMode.action', 'wait');");
		assertTrue(status.contains("1 object from 2 points"), status);
		assertEquals(2, ((PointRoi) nuclei.getRoi()).size());
		key(nuclei, java.awt.event.KeyEvent.VK_Z, java.awt.event.InputEvent.CTRL_DOWN_MASK);
		IJ.wait(500); // the key's action runs on its own thread
		status = (String) IJ.runMacro("return call('io.github.m2n2.fiji.LiveMode.action', 'wait');");
		assertTrue(status.contains("2 objects from 3 points"), status);
		String labels = (String) IJ.runMacro("return call('io.github.m2n2.fiji.LiveMode.action', 'labels');");
		assertTrue(labels.contains("label image") && !labels.contains("ROIs"), labels);
		IJ.selectWindow("nuclei.tif");
		IJ.runMacro("run('M2N2 Live', 'action=stop');");
		assertTrue(live.isStopped());
		assertEquals("rectangle", IJ.getToolName(), "the user's tool is back");
		IJ.setTool("multipoint");
	}

	@Test
	@Order(7)
	void thePointToolsCountersAreLeftAsImageJHasThem() {
		IJ.runMacro("run('Point Tool...', 'type=Dot color=Yellow size=Small counter=2');");
		assertEquals("2", PointRoi.getCounterChoices()[2]);
		assertEquals("0", PointRoi.getCounterChoices()[0]);
	}

	@Test
	@Order(8)
	void theDialogIsShortWithTheSettingsBehindAdvanced() throws Exception {
		ImagePlus nuclei = WindowManager.getImage("nuclei.tif");
		IJ.selectWindow("nuclei.tif");
		nuclei.setRoi(new PointRoi(173.5, 159.5));
		int images = WindowManager.getImageCount();
		Thread user = new Thread(() -> new SegmentPlugin().run(""), "a person"); // no macro options on this thread
		user.start();
		java.awt.Dialog main = dialog("M2N2");
		int fields = inputs(main);
		assertTrue(fields <= 8, fields + " fields");
		assertTrue(main.getHeight() < 520, "fits a laptop screen: " + main.getHeight() + " px");
		screenshot("imagej-dialog.png");
		java.awt.Button advanced = button(main, "Advanced...");
		Thread opener = new Thread(() -> press(advanced));
		opener.start();
		java.awt.Dialog more = dialog("M2N2 Advanced");
		assertTrue(inputs(more) >= io.github.m2n2.engine.Settings.ALL.size(), "every engine setting is under Advanced");
		press(button(more, "OK"));
		opener.join(10_000);
		press(button(main, "OK"));
		user.join(120_000);
		assertEquals(images + 1, WindowManager.getImageCount(), "the label image came");
	}

	private static java.awt.Dialog dialog(String title) {
		for (int i = 0; i < 200; i++) {
			for (java.awt.Window w : java.awt.Window.getWindows())
				if (w instanceof java.awt.Dialog && w.isVisible() && title.equals(((java.awt.Dialog) w).getTitle())) {
					IJ.wait(300);
					return (java.awt.Dialog) w;
				}
			IJ.wait(50);
		}
		throw new AssertionError("no dialog " + title);
	}

	private static int inputs(java.awt.Container c) {
		int n = 0;
		for (java.awt.Component k : c.getComponents()) {
			if (k instanceof java.awt.TextField || k instanceof java.awt.Choice || k instanceof java.awt.Checkbox) n++;
			else if (k instanceof java.awt.Container) n += inputs((java.awt.Container) k);
		}
		return n;
	}

	private static java.awt.Button button(java.awt.Container c, String label) {
		for (java.awt.Component k : c.getComponents()) {
			if (k instanceof java.awt.Button && label.equals(((java.awt.Button) k).getLabel().trim())) return (java.awt.Button) k;
			if (k instanceof java.awt.Container) {
				java.awt.Button b = button((java.awt.Container) k, label);
				if (b != null) return b;
			}
		}
		return null;
	}

	private static void press(java.awt.Button b) {
		assertNotNull(b);
		for (java.awt.event.ActionListener l : b.getActionListeners())
			l.actionPerformed(new java.awt.event.ActionEvent(b, java.awt.event.ActionEvent.ACTION_PERFORMED, b.getLabel()));
	}

	/** A left click with the multi-point tool, as ImageJ's canvas receives it. */
	private static void click(ImagePlus imp, int x, int y) throws Exception {
		click(imp, x, y, 0);
	}

	private static void key(ImagePlus imp, int code, int modifiers) throws Exception {
		java.awt.EventQueue.invokeAndWait(() -> {
			ij.gui.ImageCanvas c = imp.getCanvas();
			c.dispatchEvent(new java.awt.event.KeyEvent(c, java.awt.event.KeyEvent.KEY_PRESSED, System.currentTimeMillis(), modifiers, code,
				java.awt.event.KeyEvent.CHAR_UNDEFINED));
		});
	}

	private static void click(ImagePlus imp, int x, int y, int modifiers) throws Exception {
		java.awt.EventQueue.invokeAndWait(() -> {
			IJ.setTool("multipoint");
			ij.gui.ImageCanvas c = imp.getCanvas();
			int sx = c.screenX(x) + 1, sy = c.screenY(y) + 1;
			long t = System.currentTimeMillis();
			c.dispatchEvent(new java.awt.event.MouseEvent(c, java.awt.event.MouseEvent.MOUSE_PRESSED, t, java.awt.event.InputEvent.BUTTON1_DOWN_MASK | modifiers, sx, sy, 1, false, java.awt.event.MouseEvent.BUTTON1));
			c.dispatchEvent(new java.awt.event.MouseEvent(c, java.awt.event.MouseEvent.MOUSE_RELEASED, t + 5, modifiers, sx, sy, 1, false, java.awt.event.MouseEvent.BUTTON1));
		});
		java.awt.EventQueue.invokeAndWait(() -> { });
	}

	/**
	 * A batch-mode macro with no ROI Manager window gets the objects in its own hidden manager,
	 * which its roiManager(...) calls read (they used to go to a throw-away manager: count 0).
	 * Also: an angle selection is not a line prompt, and the label image keeps the title's spaces.
	 */
	@Test
	@Order(20)
	void aBatchModeMacroReadsTheObjectsFromItsRoiManager() throws Exception {
		java.awt.EventQueue.invokeAndWait(() -> {
			RoiManager open = RoiManager.getRawInstance();
			if (open != null) open.close();
		});
		String out = (String) IJ.runMacro(String.join("\n",
			"setBatchMode(true);",
			"newImage('two blobs', '8-bit black', 128, 128, 1);",
			"setColor(200); fillOval(19, 19, 32, 32); fillOval(70, 64, 36, 36);",
			"makeSelection('point', newArray(35, 88), newArray(35, 82));",
			"run('M2N2 Segment (IJ1)', 'resolution=32 labels rois');",
			"t = getTitle(); n = roiManager('count');",
			"selectImage('two blobs');",
			"makeSelection('angle', newArray(10, 30, 50), newArray(10, 30, 10));",
			"run('M2N2 Segment (IJ1)', 'resolution=32 labels');",
			"a = getTitle();",
			"setBatchMode(false);",
			"return t + '|' + n + '|' + a;"));
		String[] parts = out.split("\\|");
		assertEquals("two blobs-labels", parts[0]);
		assertEquals("1", parts[1], "objects in the macro's ROI Manager");
		assertEquals("two blobs", parts[2], "no label image from an angle selection");
	}

	private static int pixelsOf(ImagePlus labels, int k) {
		int n = 0;
		for (int i = 0; i < labels.getWidth() * labels.getHeight(); i++) if (labels.getProcessor().get(i) == k) n++;
		return n;
	}

	private static void screenshot(String name) {
		ImagePlus shot = new ij.plugin.ScreenGrabber().captureScreen();
		assertNotNull(shot, "screen captured");
		assertTrue(new FileSaver(shot).saveAsPng(SHOTS.resolve(name).toString()));
	}
}

package io.github.m2n2.fiji;

import java.awt.Dialog;
import java.awt.EventQueue;
import java.awt.Window;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.Toolbar;
import ij.io.FileSaver;
import ij.process.FloatProcessor;

/**
 * The walkthrough of issue 10, as a new user would meet the plugin in plain ImageJ 1.54p: each
 * scenario ends in a result or one message, and leaves the image, its selection, its overlay
 * and the tools as they were. Screenshots go to the folder given (default target/walkthrough).
 * Not a unit test (it takes minutes and is looked at by a person):
 * {@code xvfb-run -a -s "-screen 0 1400x1000x24" java -cp target/test-classes:target/classes:$(cat target/classpath.txt) io.github.m2n2.fiji.Walkthrough}
 */
public final class Walkthrough {

	private static Path shots;
	private static final List<String> findings = new ArrayList<>();

	public static void main(String[] args) throws Exception {
		shots = Path.of(args.length > 0 ? args[0] : "target/walkthrough");
		Files.createDirectories(shots);
		ImageJLauncher.start(Path.of("sample-data", "nuclei.tif"), false);
		IJ.wait(1500);
		String[] counters = PointRoi.getCounterChoices().clone();

		ImagePlus nuclei = WindowManager.getImage("nuclei.tif");
		PointRoi p = new PointRoi(new float[] { 173, 362, 496 }, new float[] { 159, 207, 8 }, 3);
		p.setCounters(new int[] { 1, 2, 0 });
		nuclei.setRoi(p);
		segment("01-sample", nuclei, "resolution=32 labels rois overlay");

		ImagePlus photo = IJ.openImage("../shared/data/grabcut/images/106024.jpg");
		if (photo != null) {
			photo.show();
			IJ.wait(500);
			photo.setRoi(new PointRoi(photo.getWidth() / 2.0, photo.getHeight() / 2.0));
			segment("02-rgb-photo", photo, "resolution=32 labels rois");
		} else finding("02-rgb-photo: no GrabCut image found at ../shared/data/grabcut");

		ImagePlus hyper = IJ.createHyperStack("hyper", 200, 160, 2, 3, 1, 8);
		for (int i = 1; i <= hyper.getStackSize(); i++) {
			hyper.getStack().getProcessor(i).setColor(40 * i);
			hyper.getStack().getProcessor(i).fillOval(60, 40, 80, 60);
		}
		hyper = new ij.CompositeImage(hyper, ij.CompositeImage.COMPOSITE);
		hyper.show();
		IJ.wait(500);
		hyper.setPosition(1, 2, 1);
		hyper.setRoi(new PointRoi(100, 70));
		segment("03-composite-hyperstack", hyper, "resolution=16 labels rois");

		FloatProcessor fp = new FloatProcessor(120, 100);
		for (int y = 0; y < 100; y++)
			for (int x = 0; x < 120; x++) fp.setf(x, y, (x - 60) * (x - 60) + (y - 50) * (y - 50) < 400 ? 5f : (x < 10 ? Float.NaN : 1f));
		ImagePlus nan = new ImagePlus("nan", fp);
		nan.resetDisplayRange();
		nan.show();
		IJ.wait(300);
		nan.setRoi(new PointRoi(60, 50));
		segment("04-nan", nan, "resolution=16 labels rois");

		ImagePlus tiny = IJ.createImage("tiny", "8-bit black", 1, 1, 1);
		tiny.show();
		IJ.wait(300);
		tiny.setRoi(new PointRoi(0, 0));
		segment("05-tiny", tiny, "resolution=16 labels");

		ImagePlus huge = IJ.createImage("huge", "8-bit ramp", 6000, 4000, 1);
		huge.getProcessor().setColor(255);
		huge.getProcessor().fillOval(2000, 1000, 1500, 1500);
		huge.show();
		IJ.wait(500);
		huge.setRoi(new PointRoi(2750, 1750));
		segment("06-huge", huge, "resolution=32 labels");

		nuclei.deleteRoi();
		segment("07-no-selection", nuclei, "resolution=32 labels");
		nuclei.setRoi(new Roi(150, 140, 60, 50));
		segment("08-rectangle", nuclei, "resolution=32 labels");

		// live mode on two images, then closing one during a computation, then Esc
		ImagePlus second = nuclei.duplicate();
		second.setTitle("second.tif");
		second.show();
		IJ.wait(500);
		IJ.selectWindow("nuclei.tif");
		nuclei.deleteRoi();
		IJ.runMacro("run('M2N2 Live', 'resolution=32');");
		IJ.selectWindow("second.tif");
		IJ.runMacro("run('M2N2 Live', 'resolution=32');");
		nuclei.setRoi(new PointRoi(173, 159));
		second.setRoi(new PointRoi(362, 207));
		LiveMode a = LiveMode.of(nuclei), b = LiveMode.of(second);
		a.refresh();
		b.refresh();
		a.awaitResult();
		b.awaitResult();
		IJ.wait(500);
		shot("09-two-images-live");
		finding("09-two-images-live: " + a.message() + " | " + b.message());
		IJ.runMacro("selectImage('second.tif'); run('M2N2 Live', 'action=undo');");
		b.awaitResult();
		finding("09b-undo on second: " + b.message() + "; first still " + a.message());
		a.stop();

		// closing the image while live mode computes a fresh attention (r = 64 on a 2400 px copy)
		ImagePlus big = IJ.createImage("closing", "8-bit ramp", 2400, 2400, 1);
		big.show();
		IJ.wait(300);
		IJ.selectWindow("closing");
		IJ.runMacro("run('M2N2 Live', 'resolution=64 working_size=2400');");
		big.setRoi(new PointRoi(1200, 1200));
		LiveMode c = LiveMode.of(big);
		c.refresh();
		IJ.wait(1500);
		big.changes = false;
		big.close();
		IJ.wait(2000);
		finding("10-close-during-computation: stopped=" + c.isStopped() + ", status " + c.message());
		shot("10-closed-during-computation");

		// Esc during a segment command
		ImagePlus esc = IJ.createImage("esc", "8-bit ramp", 2400, 2400, 1);
		esc.show();
		IJ.wait(300);
		esc.setRoi(new PointRoi(1200, 1200));
		Thread t = new Thread(() -> IJ.runMacro("selectImage('esc'); run('M2N2 Segment (IJ1)', 'resolution=64 working_size=2400 labels');"));
		t.start();
		IJ.wait(1500);
		IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
		t.join(120_000);
		finding("11-esc: thread ended=" + !t.isAlive() + ", status '" + status() + "', images open "
			+ String.join(",", WindowManager.getImageTitles()));
		shot("11-esc");

		// Esc while live mode computes
		ImagePlus escLive = IJ.createImage("esc-live", "8-bit ramp", 2400, 2400, 1);
		escLive.show();
		IJ.wait(300);
		IJ.selectWindow("esc-live");
		IJ.runMacro("run('M2N2 Live', 'resolution=64 working_size=2400');");
		LiveMode e = LiveMode.of(escLive);
		escLive.setRoi(new PointRoi(1200, 1200));
		e.refresh();
		IJ.wait(1500);
		IJ.setKeyDown(java.awt.event.KeyEvent.VK_ESCAPE);
		e.worker().awaitIdle(120_000);
		IJ.wait(500);
		finding("12-esc-live: " + e.message() + "; overlay " + (escLive.getOverlay() == null ? "none" : escLive.getOverlay().size()));
		shot("12-esc-live");
		e.stop();

		boolean sameCounters = java.util.Arrays.equals(counters, PointRoi.getCounterChoices());
		finding("tools: point tool counters unchanged=" + sameCounters + ", tool " + Toolbar.getToolName());
		Files.write(shots.resolve("findings.txt"), findings);
		for (String f : findings) System.out.println(f);
		System.exit(0);
	}

	/** Runs the IJ1 command from a macro on its own thread, closes a message dialog if one comes, checks what it left. */
	private static void segment(String name, ImagePlus imp, String options) throws Exception {
		IJ.selectWindow(imp.getID());
		Roi roiBefore = imp.getRoi();
		Overlay ovBefore = imp.getOverlay() == null ? null : imp.getOverlay().duplicate();
		int tool = Toolbar.getToolId();
		int windows = WindowManager.getImageCount();
		Thread t = new Thread(() -> IJ.runMacro("run('M2N2 Segment (IJ1)', '" + options + "');"));
		t.start();
		String dialog = null;
		for (int i = 0; i < 600 && t.isAlive(); i++) {
			IJ.wait(100);
			Dialog d = visibleDialog();
			if (d != null) {
				IJ.wait(300);
				shot(name);
				dialog = d.getTitle() + ": " + text(d);
				EventQueue.invokeAndWait(d::dispose);
			}
		}
		t.join(60_000);
		IJ.wait(500);
		if (dialog == null) shot(name);
		String result = WindowManager.getImageCount() > windows ? "result " + WindowManager.getCurrentImage().getTitle() : "no new image";
		boolean sameRoi = roiBefore == null ? imp.getRoi() == null : roiBefore.equals(imp.getRoi());
		boolean sameOverlay = options.contains("overlay") || (ovBefore == null ? imp.getOverlay() == null : imp.getOverlay() != null && ovBefore.size() == imp.getOverlay().size());
		finding(name + ": " + result + (dialog != null ? "; dialog " + dialog : "")
			+ "; selection kept=" + sameRoi + ", overlay kept=" + sameOverlay + ", tool kept=" + (tool == Toolbar.getToolId()));
	}

	private static String status() {
		return text(IJ.getInstance().getStatusBar());
	}

	private static Dialog visibleDialog() {
		for (Window w : Window.getWindows()) if (w instanceof Dialog && w.isVisible()) return (Dialog) w;
		return null;
	}

	private static String text(java.awt.Container c) {
		StringBuilder sb = new StringBuilder();
		for (java.awt.Component k : c.getComponents()) {
			if (k instanceof java.awt.Label) sb.append(((java.awt.Label) k).getText()).append(' ');
			else if (k instanceof javax.swing.JLabel) sb.append(((javax.swing.JLabel) k).getText()).append(' ');
			else if (k instanceof ij.gui.MultiLineLabel) {
				try { // no getter: the lines it draws
					java.lang.reflect.Field f = ij.gui.MultiLineLabel.class.getDeclaredField("lines");
					f.setAccessible(true);
					sb.append(String.join(" ", (String[]) f.get(k))).append(' ');
				} catch (ReflectiveOperationException e) {
					sb.append("(text not readable) ");
				}
			}
			else if (k instanceof java.awt.Container) sb.append(text((java.awt.Container) k));
		}
		return sb.toString().replace('\n', ' ').trim();
	}

	private static void shot(String name) {
		ImagePlus s = new ij.plugin.ScreenGrabber().captureScreen();
		if (s != null) new FileSaver(s).saveAsPng(shots.resolve(name + ".png").toString());
	}

	private static void finding(String s) {
		findings.add(s);
		System.out.println(s);
	}
}

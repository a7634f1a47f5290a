package io.github.m2n2.fiji;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.measure.Calibration;
import ij.process.ByteProcessor;

/** Small images whose right answer is obvious, so tests stay fast and assertions sharp. */
final class TestImages {

	static final int SIZE = 64;

	private TestImages() { }

	/** Two bright discs (radius 9) at (18,20) and (44,42) on a dark background, 64 x 64, 8-bit. */
	static ImagePlus twoDiscs() {
		ByteProcessor bp = new ByteProcessor(SIZE, SIZE);
		for (int y = 0; y < SIZE; y++)
			for (int x = 0; x < SIZE; x++) {
				boolean in = inDisc(x, y, 18, 20) || inDisc(x, y, 44, 42);
				bp.set(x, y, in ? 200 : 30);
			}
		ImagePlus imp = new ImagePlus("discs.tif", bp);
		Calibration cal = new Calibration();
		cal.pixelWidth = 0.25;
		cal.pixelHeight = 0.5;
		cal.setUnit("mm");
		imp.setCalibration(cal);
		return imp;
	}

	static boolean inDisc(int x, int y, int cx, int cy) {
		return (x - cx) * (x - cx) + (y - cy) * (y - cy) <= 81;
	}

	static PointRoi points(double[][] xyCounter) {
		PointRoi roi = null;
		for (double[] p : xyCounter) {
			if (roi == null) roi = new PointRoi(p[0], p[1]);
			else roi.addPoint(p[0], p[1]);
		}
		int[] counters = new int[xyCounter.length];
		for (int i = 0; i < counters.length; i++) counters[i] = (int) xyCounter[i][2];
		roi.setCounters(counters);
		return roi;
	}
}

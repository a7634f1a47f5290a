package io.github.m2n2.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;

import io.github.m2n2.input.UserError;
import io.github.m2n2.engine.Click;
import io.github.m2n2.engine.stack.DerivedClicks;
import io.github.m2n2.engine.stack.PlaneClick;
import io.github.m2n2.eval.StackClickSimulator;
import io.github.m2n2.eval.StackGroundTruth;
import io.github.m2n2.io.AtomicFiles;
import io.github.m2n2.io.ImageFiles;
import io.github.m2n2.sample.SyntheticStack;

/**
 * The synthetic stacks of {@code sample}: a z-stack of nuclei and a time-lapse of moving cells,
 * each with its ground truth and a click file (one click per object on the plane where it is
 * largest, plus one background click), and on request data sets of them for {@code evaluate --stacks}.
 */
public final class StackSamples {

	/** Pixel size written into the calibration, in microns; planes are {@link #SPACING} pixels apart. */
	static final double PIXEL_MICRONS = 0.2;
	static final double SPACING = 3;
	static final double FRAME_MINUTES = 5;
	/** Side of the sample stacks: small enough for a few hundred KB per file. */
	static final int SAMPLE_SIZE = 128;

	private StackSamples() { }

	static SyntheticStack nuclei(int size, int seedOffset) {
		return SyntheticStack.nuclei(size, size, Math.max(8, size / 8), Math.max(4, size / 20), SPACING, 4242 + seedOffset);
	}

	static SyntheticStack cells(int size, int seedOffset) {
		return SyntheticStack.movingCells(size, size, Math.max(8, size / 12), Math.max(3, size / 30), 777 + seedOffset);
	}

	/** The two samples with their truth and clicks, in {@code dir}. */
	static List<Path> write(Path dir, boolean overwrite, PrintStream out) throws IOException {
		SyntheticStack n = nuclei(SAMPLE_SIZE, 0), c = cells(SAMPLE_SIZE, 0);
		List<Path> files = files(dir);
		for (Path p : files) if (Files.exists(p) && !overwrite) throw new UserError(p + " already exists; pass --overwrite to replace it");
		ImageFiles.saveTiff(image(n, "nuclei3d", false), files.get(0));
		ImageFiles.saveTiff(image(n, "nuclei3d-truth", true), files.get(1));
		writeText(files.get(2), clicks(n));
		ImageFiles.saveTiff(image(c, "cells-t", false), files.get(3));
		ImageFiles.saveTiff(image(c, "cells-t-truth", true), files.get(4));
		writeText(files.get(5), clicks(c));
		out.println("wrote " + files.get(0) + " (" + n.objects + " nuclei, " + n.planes + " slices) and " + files.get(3) + " (" + c.objects
			+ " cells, " + c.planes + " frames) with their truth and points");
		return files;
	}

	/** The files {@link #write} writes. */
	static List<Path> files(Path dir) {
		return List.of(dir.resolve("nuclei3d.tif"), dir.resolve("nuclei3d-truth.tif"), dir.resolve("nuclei3d-points.csv"),
			dir.resolve("cells-t.tif"), dir.resolve("cells-t-truth.tif"), dir.resolve("cells-t-points.csv"));
	}

	/** {@code count} stacks of each kind as {@code dir/nuclei3d} and {@code dir/cells-t}, each with images/ and masks/. */
	static void writeDatasets(Path dir, int count, int size, boolean overwrite, PrintStream out) throws IOException {
		List<String> kinds = List.of("nuclei3d", "cells-t");
		// every file is checked before the first is written: a refusal half way left a mixed data set
		if (!overwrite)
			for (String kind : kinds)
				for (int i = 0; i < count; i++)
					for (String folder : List.of("images", "masks")) {
						Path p = dir.resolve(kind).resolve(folder).resolve(name(kind, i) + ".tif");
						if (Files.exists(p)) throw new UserError(p + " already exists; pass --overwrite to replace it");
					}
		for (String kind : kinds) {
			Path images = dir.resolve(kind).resolve("images"), masks = dir.resolve(kind).resolve("masks");
			Files.createDirectories(images);
			Files.createDirectories(masks);
			for (int i = 0; i < count; i++) {
				SyntheticStack s = kind.equals("nuclei3d") ? nuclei(size, 1 + i) : cells(size, 1 + i);
				String name = name(kind, i);
				ImageFiles.saveTiff(image(s, name, false), images.resolve(name + ".tif"));
				ImageFiles.saveTiff(image(s, name + "-truth", true), masks.resolve(name + ".tif"));
			}
			int removed = removeFurtherStacks(images, kind, count) + removeFurtherStacks(masks, kind, count);
			out.println("wrote " + count + " stacks of " + size + " x " + size + " to " + dir.resolve(kind)
				+ (removed > 0 ? " (removed " + removed + " files of an earlier run's further stacks)" : ""));
		}
	}

	/**
	 * Deletes an earlier run's stacks numbered above {@code count} (this command's own names only),
	 * which would otherwise mix into the new data set; returns how many files went.
	 */
	private static int removeFurtherStacks(Path folder, String kind, int count) throws IOException {
		Pattern ours = Pattern.compile(Pattern.quote(kind) + "-(\\d{2,})\\.tif");
		int removed = 0;
		try (Stream<Path> files = Files.list(folder)) {
			for (Path f : (Iterable<Path>) files::iterator) {
				Matcher m = ours.matcher(f.getFileName().toString());
				if (m.matches() && Integer.parseInt(m.group(1)) > count) {
					Files.delete(f);
					removed++;
				}
			}
		}
		return removed;
	}

	private static String name(String kind, int i) {
		return String.format("%s-%02d", kind, i + 1);
	}

	/** The intensities or the truth as an ImageJ stack with slices (z-stack) or frames (time-lapse) and calibration. */
	public static ImagePlus image(SyntheticStack s, String title, boolean truth) {
		ImageStack st = new ImageStack(s.width, s.height);
		for (int p = 0; p < s.planes; p++) {
			ImageProcessor ip = new ShortProcessor(s.width, s.height, truth ? s.labelPlane(p) : s.pixelPlane(p), null);
			// a truth with few labels fits 8 bits: half the file
			if (truth && s.objects <= 255) ip = ip.convertToByte(false);
			st.addSlice((s.timeLapse ? "t" : "z") + (p + 1), ip);
		}
		ImagePlus imp = new ImagePlus(title, st);
		imp.setDimensions(1, s.timeLapse ? 1 : s.planes, s.timeLapse ? s.planes : 1);
		Calibration cal = imp.getCalibration();
		cal.setUnit("micron");
		cal.pixelWidth = cal.pixelHeight = PIXEL_MICRONS;
		cal.pixelDepth = s.timeLapse ? PIXEL_MICRONS : PIXEL_MICRONS * s.planeSpacing;
		if (s.timeLapse) {
			cal.frameInterval = FRAME_MINUTES;
			cal.setTimeUnit("min");
		}
		if (truth) imp.setDisplayRange(0, Math.max(1, s.objects));
		else imp.resetDisplayRange();
		return imp;
	}

	/** One click per object at its interior-most pixel on the plane where it is largest, and one background click. */
	public static String clicks(SyntheticStack s) {
		String column = s.timeLapse ? "t" : "z";
		StringBuilder csv = new StringBuilder("x,y," + column + ",label\n");
		int[] values = new int[s.labels.length];
		for (int i = 0; i < values.length; i++) values[i] = s.labels[i] & 0xffff;
		PlaneClick firstClick = null;
		for (int k = 1; k <= s.objects; k++) {
			PlaneClick c = StackClickSimulator.first(StackGroundTruth.fromLabels(s.width, s.height, s.planes, values, k));
			if (c == null) continue;
			if (firstClick == null) firstClick = c;
			csv.append(c.x()).append(',').append(c.y()).append(',').append(c.plane() + 1).append(',').append(k).append('\n');
		}
		if (firstClick != null) {
			short[] plane = s.labelPlane(firstClick.plane());
			boolean[] bg = new boolean[plane.length];
			for (int i = 0; i < bg.length; i++) bg[i] = plane[i] == 0;
			for (Click b : DerivedClicks.of(bg, s.width, s.height, 0, 1))
				csv.append(b.x()).append(',').append(b.y()).append(',').append(firstClick.plane() + 1).append(",0\n");
		}
		return csv.toString();
	}

	private static void writeText(Path p, String text) throws IOException {
		Path tmp = AtomicFiles.temporarySibling(p);
		try {
			Files.write(tmp, text.getBytes(StandardCharsets.UTF_8));
			Files.move(tmp, p, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}

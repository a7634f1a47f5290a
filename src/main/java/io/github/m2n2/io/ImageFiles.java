package io.github.m2n2.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.io.Opener;
import ij.measure.Calibration;
import ij.process.ShortProcessor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.integer.UnsignedShortType;

import io.github.m2n2.engine.Segmentation;

/** Reading images with ImageJ's openers and writing label images as TIFF, atomically. */
public final class ImageFiles {

	private ImageFiles() { }

	/** Opens anything ImageJ opens; an IOException names the problem otherwise. */
	public static ImagePlus open(Path path) throws IOException {
		if (!Files.exists(path)) throw new IOException("the image " + path + " does not exist");
		if (!Files.isRegularFile(path)) throw new IOException(path + " is not a file");
		if (!Files.isReadable(path)) throw new IOException("the image " + path + " cannot be read (permissions)");
		int type = new Opener().getFileType(path.toString());
		if (type == Opener.UNKNOWN || type == Opener.TEXT || type == Opener.JAVA_OR_TEXT || type == Opener.ROI
			|| type == Opener.TABLE)
			throw new IOException("the file " + path + " is not an image ImageJ can open (TIFF, PNG, JPEG, GIF, BMP...)");
		if (type == Opener.TIFF) {
			int compression = TiffCompression.of(path);
			if (compression == TiffCompression.JPEG || compression == TiffCompression.OLD_JPEG)
				throw new IOException("the image " + path + " is a TIFF compressed with JPEG, which ImageJ does not read correctly;"
					+ " save it uncompressed or with LZW (Fiji: File > Save As > Tiff...)");
		}
		ImagePlus imp;
		try {
			imp = IJ.openImage(path.toString());
		} catch (RuntimeException e) {
			throw new IOException("the image " + path + " could not be read: " + e.getMessage());
		}
		if (imp == null || imp.getProcessor() == null)
			throw new IOException("the image " + path + " could not be read (corrupt or unsupported)");
		return imp;
	}

	/** The session's labels as a 16-bit ImageJ image with the given calibration (may be null). */
	public static ImagePlus labelImage(Segmentation s, String title, Calibration calibration) {
		return labelImage(s.labelImg(), title, calibration);
	}

	/** An X-Y label image as a 16-bit ImageJ image (a copy) with the given calibration (may be null). */
	public static ImagePlus labelImage(RandomAccessibleInterval<UnsignedShortType> labels, String title, Calibration calibration) {
		ShortProcessor sp = ImagePlusImgs.labelProcessor(labels);
		int max = 0;
		for (short v : (short[]) sp.getPixels()) max = Math.max(max, v & 0xffff);
		sp.setMinAndMax(0, Math.max(1, max));
		ImagePlus imp = new ImagePlus(title, sp);
		if (calibration != null) imp.setCalibration(calibration.copy());
		return imp;
	}

	/** Writes a TIFF through a temporary sibling and an atomic move: never a half-written file. */
	public static void saveTiff(ImagePlus imp, Path destination) throws IOException {
		Path tmp = AtomicFiles.temporarySibling(destination);
		try {
			if (!new FileSaver(imp).saveAsTiff(tmp.toString())) throw new IOException("could not write " + destination);
			Files.move(tmp, destination, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
		} finally {
			Files.deleteIfExists(tmp);
		}
	}
}

package io.github.m2n2.fiji;

import java.util.ArrayList;
import java.util.List;

import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.plugin.filter.ThresholdToSelection;
import ij.plugin.frame.RoiManager;
import ij.process.ByteProcessor;
import ij.process.ImageProcessor;

/** Objects of a label result as ImageJ selections: for the ROI Manager and the overlay. */
public final class ObjectRois {

	/** Name prefix of every ROI this plugin makes; also how its overlay parts are found again. */
	public static final String PREFIX = "M2N2 object ";

	private ObjectRois() { }

	/**
	 * One ROI per object, named {@code M2N2 object k}, on the plane it was segmented on. In a
	 * composite view all channels were segmented together, so the ROI belongs to all channels.
	 */
	public static List<Roi> of(LabelResult result, ImagePlus imp) {
		List<Roi> rois = new ArrayList<>();
		int w = result.width(), h = result.height();
		short[] labels = result.labels();
		for (int k : result.objectLabels()) {
			Roi roi = outline(labels, w, h, k);
			if (roi == null) continue;
			place(roi, imp);
			rois.add(roi);
		}
		return rois;
	}

	/** The outline of label {@code k} in a {@code w x h} label plane, named {@code M2N2 object k}; null when it is absent. */
	static Roi outline(short[] labels, int w, int h, int k) {
		ByteProcessor mask = new ByteProcessor(w, h);
		byte[] m = (byte[]) mask.getPixels();
		for (int i = 0; i < m.length; i++) if ((labels[i] & 0xffff) == k) m[i] = (byte) 255;
		mask.setThreshold(255, 255, ImageProcessor.NO_LUT_UPDATE);
		Roi roi = new ThresholdToSelection().convert(mask);
		if (roi != null) roi.setName(PREFIX + k);
		return roi;
	}

	static void place(Roi roi, ImagePlus imp) {
		if (imp.isHyperStack() || imp.getNChannels() > 1 || imp.getNFrames() > 1) {
			int c = imp.isComposite() && imp.getCompositeMode() == ij.IJ.COMPOSITE ? 0 : imp.getC();
			roi.setPosition(c, imp.getZ(), imp.getT());
		} else if (imp.getStackSize() > 1) {
			roi.setPosition(imp.getCurrentSlice());
		}
	}

	/** Adds the ROIs to the manager, replacing earlier ones of this image plane with the same name. */
	/**
	 * The ROI Manager a user or macro sees: the window when there is one; in a batch-mode macro
	 * without one, the macro's own hidden manager (what its {@code roiManager(...)} calls read).
	 * {@code RoiManager.getRoiManager()} alone made a throw-away manager there, and the objects
	 * were lost to the macro.
	 */
	public static RoiManager manager() {
		RoiManager rm = RoiManager.getInstance();
		return rm != null ? rm : RoiManager.getRoiManager();
	}

	public static void addToManager(List<Roi> rois, RoiManager rm, ImagePlus imp) {
		for (Roi roi : rois) {
			if (alreadyIn(rm, roi)) continue;
			Roi copy = (Roi) roi.clone();
			rm.add(imp, copy, -1);
			// RoiManager.add prefixes names with positions; users and macros look objects up by name
			rm.rename(rm.getCount() - 1, roi.getName());
		}
	}

	/**
	 * The same object (name, plane, bounds and pixels) is in the manager already: pressing "add"
	 * twice should not list it twice. A changed object with the same name is still added, since
	 * it may be another cell annotated after a clear.
	 */
	private static boolean alreadyIn(RoiManager rm, Roi roi) {
		java.awt.Rectangle bounds = roi.getBounds();
		int pixels = roi.getContainedPoints().length;
		for (Roi r : rm.getRoisAsArray())
			if (roi.getName().equals(r.getName()) && bounds.equals(r.getBounds()) && r.getCPosition() == roi.getCPosition()
				&& r.getZPosition() == roi.getZPosition() && r.getTPosition() == roi.getTPosition() && r.getPosition() == roi.getPosition()
				&& r.getContainedPoints().length == pixels)
				return true;
		return false;
	}

	/** The overlay parts: each object filled in its translucent colour, background left clear. */
	public static List<Roi> overlayParts(List<Roi> rois) {
		List<Roi> parts = new ArrayList<>();
		for (Roi roi : rois) {
			Roi part = (Roi) roi.clone();
			int k = Integer.parseInt(roi.getName().substring(PREFIX.length()));
			part.setFillColor(Palette.translucent(k));
			parts.add(part);
		}
		return parts;
	}

	/** The image's overlay with earlier M2N2 parts replaced by these; other parts kept as they were. */
	public static Overlay replaceInOverlay(Overlay existing, List<Roi> parts) {
		Overlay out = new Overlay();
		if (existing != null)
			for (Roi r : existing.toArray()) if (r.getName() == null || !r.getName().startsWith(PREFIX)) out.add(r);
		for (Roi p : parts) out.add(p);
		return out;
	}
}

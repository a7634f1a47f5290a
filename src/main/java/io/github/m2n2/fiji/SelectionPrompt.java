package io.github.m2n2.fiji;

import java.util.List;

import ij.ImagePlus;
import ij.gui.PointRoi;
import ij.gui.Roi;

import io.github.m2n2.engine.Click;

/**
 * What the current selection of an image asks the segment commands for: the clicks of a point
 * selection, or of a line or area drawn around one object (see {@link ShapePrompts}), with the
 * area the object must stay inside.
 */
final class SelectionPrompt {

	final List<Click> clicks;
	/** The area object 1 is clipped to, or null. */
	private final Roi area;

	private SelectionPrompt(List<Click> clicks, Roi area) {
		this.clicks = clicks;
		this.area = area;
	}

	/** @throws io.github.m2n2.input.UserError for a selection that is no prompt (text, an angle...) */
	static SelectionPrompt of(ImagePlus imp) {
		Roi roi = imp.getRoi();
		if (roi == null || roi instanceof PointRoi) return new SelectionPrompt(PointPrompts.of(imp), null);
		if (!ShapePrompts.isPrompt(roi))
			throw new io.github.m2n2.input.UserError("The selection is " + article(roi.getTypeAsString().toLowerCase()) + "; " + ShapePrompts.SHAPES + ".");
		if (imp.getStackSize() > 1 && roi.getPosition() != 0 && roi.getPosition() != imp.getCurrentSlice())
			return new SelectionPrompt(List.of(), null);
		List<Click> clicks = ShapePrompts.clicks(roi, 1, imp.getWidth(), imp.getHeight());
		return new SelectionPrompt(clicks, roi.isArea() ? roi : null);
	}

	/** The result with object 1 kept inside the drawn area, if one was drawn. */
	LabelResult apply(LabelResult r) {
		return area == null ? r : ShapePrompts.clip(r, area, 1);
	}

	private static String article(String noun) {
		return (noun.matches("^[aeiou].*") ? "an " : "a ") + noun;
	}
}

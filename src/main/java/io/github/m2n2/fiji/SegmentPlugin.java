package io.github.m2n2.fiji;

import java.util.List;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.gui.Roi;
import ij.plugin.PlugIn;

import io.github.m2n2.input.PointsParser;
import io.github.m2n2.input.UserError;
import io.github.m2n2.engine.CanceledException;
import io.github.m2n2.engine.Click;

/**
 * Plugins > Segmentation > M2N2 Segment (IJ1): the segment action for plain ImageJ 1.x and
 * macros, without the ImageJ2 layer. Uses the current point selection (or the points field),
 * shows the label image, fills the ROI Manager. Same macro keys as the Fiji command "M2N2":
 * {@code run("M2N2 Segment (IJ1)", "backbone=embedded resolution=32 labels rois")}; on a stack
 * {@code planes=[all (propagate)]} carries the objects through it.
 */
public class SegmentPlugin implements PlugIn {

	@Override
	public void run(String arg) {
		ImagePlus imp = IJ.getImage();
		if (imp == null) return;
		// the points first: a dialog for an image without prompts only delays the message
		String given = Macro.getOptions() == null ? null : Macro.getValue(Macro.getOptions(), "points", null);
		// on a stack, points on other slices or frames count too (Planes: all)
		boolean clickedElsewhere = io.github.m2n2.io.StackImages.isStack(imp) && !StackPrompts.of(imp).isEmpty();
		if ((given == null || given.isBlank()) && !clickedElsewhere) {
			try {
				ImageSegmenter.check(SelectionPrompt.of(imp).clicks, imp.getWidth(), imp.getHeight());
			} catch (UserError e) {
				UserMessages.error("M2N2", imp.getTitle() + ": " + e.getMessage());
				return;
			}
		}
		GenericDialog gd = new GenericDialog("M2N2");
		gd.addMessage(PointPrompts.LEGEND.replace(". ", ".\n"));
		// a person's points are the selection, checked above; macros may give them as text
		if (RequestDialog.fromMacro()) gd.addStringField("Points (x,y,label;... empty = point selection)", "", 30);
		boolean stack = io.github.m2n2.io.StackImages.isStack(imp);
		if (stack) gd.addChoice("Planes", new String[] { M2N2Command.PLANES_CURRENT, M2N2Command.PLANES_ALL }, M2N2Command.PLANES_CURRENT);
		RequestDialog.addFields(gd);
		gd.setInsets(10, 20, 0);
		gd.addCheckbox("Labels (16-bit label image)", true);
		gd.addCheckbox("Rois (add to ROI Manager)", true);
		gd.addCheckbox("Overlay (objects on the image)", false);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		try {
			String points = RequestDialog.fromMacro() ? gd.getNextString() : "";
			String chosen = stack ? gd.getNextChoice() : M2N2Command.PLANES_CURRENT;
			// a macro's value as written: ImageJ falls back to the default for a value not among the choices
			String written = Macro.getOptions() == null ? null : Macro.getValue(Macro.getOptions(), "planes", null);
			boolean all = stack && M2N2Command.allPlanes(written != null ? written : chosen);
			SegmentationRequest request = RequestDialog.read(gd);
			boolean labels = gd.getNextBoolean(), rois = gd.getNextBoolean(), overlay = gd.getNextBoolean();
			if (!labels && !rois && !overlay) throw new UserError("No output chosen: tick Labels, Rois or Overlay (macro keys labels, rois, overlay).");
			if (all) {
				List<StackPrompts.Prompt> prompts = points.isBlank() ? StackPrompts.of(imp) : StackPrompts.parse(points, imp);
				Progress progress = Progress.statusBar(false);
				StackRun.Result result = StackRun.run(imp, prompts, request, progress);
				progress.done();
				if (overlay) imp.setOverlay(ObjectRois.replaceInOverlay(imp.getOverlay(), ObjectRois.overlayParts(result.rois)));
				if (rois) ObjectRois.addToManager(result.rois, ObjectRois.manager(), imp);
				if (labels) result.labels.show();
				IJ.showStatus("M2N2: " + result.summary() + " from " + prompts.size() + " points");
				return;
			}
			SelectionPrompt prompt = points.isBlank() ? SelectionPrompt.of(imp) : null;
			List<Click> clicks = prompt != null ? prompt.clicks : PointsParser.parseList(points);
			Progress progress = Progress.statusBar(false);
			LabelResult result = new ImageSegmenter(SessionCache.shared()).segment(imp, clicks, request, progress);
			if (prompt != null) result = prompt.apply(result);
			progress.done();
			List<Roi> list = ObjectRois.of(result, imp);
			if (overlay) imp.setOverlay(ObjectRois.replaceInOverlay(imp.getOverlay(), ObjectRois.overlayParts(list)));
			if (rois) ObjectRois.addToManager(list, ObjectRois.manager(), imp);
			if (labels) LabelImages.of(result, imp).show();
			IJ.showStatus("M2N2: " + UserMessages.summary(list.size(), clicks.size()));
			if (result.note() != null) IJ.log(result.note());
		} catch (UserError e) {
			UserMessages.error("M2N2", imp.getTitle() + ": " + e.getMessage());
		} catch (CanceledException e) {
			IJ.showStatus("M2N2 was canceled.");
		}
	}
}

package io.github.m2n2.fiji;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import io.github.m2n2.input.UserError;

/**
 * Plugins > Segmentation > M2N2 Live. Without an action it starts live mode on the current
 * image (after the settings dialog); with one it drives the running live mode, so macros can
 * script it: {@code run("M2N2 Live", "action=next-object")}. Actions: see {@link LiveMode#ACTIONS}.
 */
public class LivePlugin implements PlugIn {

	@Override
	public void run(String arg) {
		ImagePlus imp = IJ.getImage();
		if (imp == null) return;
		String options = Macro.getOptions();
		String action = options == null ? null : Macro.getValue(options, "action", null);
		if (action == null && arg != null && !arg.isEmpty()) action = arg;
		if (action != null) {
			String result = LiveMode.action(action);
			if (result.startsWith("Error:")) UserMessages.error("M2N2 Live", result.substring(6).trim());
			return;
		}
		if (java.awt.GraphicsEnvironment.isHeadless() || ij.gui.Toolbar.getInstance() == null) {
			// live mode follows clicks in an image window: without ImageJ's window there are none
			UserMessages.error("M2N2 Live", "Live mode follows your clicks in an image window, so it needs ImageJ's window"
				+ " (this ImageJ runs headless or with -batch). In macros use M2N2 or M2N2 Segment (IJ1).");
			return;
		}
		LiveMode running = LiveMode.of(imp);
		if (running != null) {
			IJ.showStatus("M2N2 live mode already runs on " + imp.getTitle() + ". " + LivePanel.KEYS);
			return;
		}
		GenericDialog gd = new GenericDialog("M2N2 Live");
		gd.addMessage(PointPrompts.LEGEND.replace(". ", ".\n") + "\n" + LivePanel.KEYS + "\n" + LivePanel.EDIT_KEYS);
		RequestDialog.addFields(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		try {
			SegmentationRequest request = RequestDialog.read(gd);
			String tool = IJ.getToolName();
			IJ.setTool("multipoint");
			LiveMode live = LiveMode.start(imp, request);
			// the user's tool comes back when live mode ends, unless they picked another one meanwhile
			live.whenStopped(() -> {
				if (IJ.getToolName().equals("multipoint")) IJ.setTool(tool);
			});
		} catch (UserError e) {
			UserMessages.error("M2N2 Live", e.getMessage());
		}
	}
}

// M2N2: segment the current image from its clicks.
// Click objects with the multi-point tool first. One counter = one object; with several
// counters, counter 0 = background and counter k = object k (double-click the point tool to
// choose the counter). Works with Fiji's "M2N2" command and with plain ImageJ's
// "M2N2 Segment (IJ1)": both read the same keys.
if (nImages == 0) exit("Open an image and click objects with the multi-point tool first.");
if (selectionType() != 10) exit("Click objects with the multi-point tool first (no point selection on " + getTitle() + ").");
// Fiji has the SciJava command "M2N2"; plain ImageJ 1.x only the IJ1 one
List.setCommands;
command = "M2N2 Segment (IJ1)";
if (List.get("M2N2") != "") command = "M2N2";
List.clear();
run(command, "backbone=embedded resolution=64 working_size=1024 labels rois");
print("M2N2: " + roiManager("count") + " ROIs in the ROI Manager; label image: " + getTitle());

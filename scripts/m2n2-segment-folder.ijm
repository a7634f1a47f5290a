// M2N2: segment every image of a folder whose points lie beside it as NAME.csv
// (header x,y,label; label 0 = background, k = object k), saving NAME-labels.tif next to it.
// Run headless with:  ImageJ --headless -batch scripts/m2n2-segment-folder.ijm /path/to/folder
// (Fiji uses the "M2N2" command; plain ImageJ's "M2N2 Segment (IJ1)" needs a display or Xvfb.)
dir = getArgument();
if (dir == "") dir = getDirectory("Folder with images and their NAME.csv points");
if (!endsWith(dir, File.separator) && !endsWith(dir, "/")) dir = dir + "/";
// Fiji has the SciJava command "M2N2"; plain ImageJ 1.x only the IJ1 one
List.setCommands;
command = "M2N2 Segment (IJ1)";
if (List.get("M2N2") != "") command = "M2N2";
List.clear();
setBatchMode(true);
files = getFileList(dir);
done = 0;
for (i = 0; i < files.length; i++) {
	name = files[i];
	if (endsWith(name, ".csv") || endsWith(name, "/") || indexOf(name, "-labels.") >= 0) continue;
	base = substring(name, 0, lastIndexOf(name, "."));
	csv = dir + base + ".csv";
	if (!File.exists(csv)) { print("skipped " + name + ": no " + base + ".csv"); continue; }
	points = csvToPoints(csv);
	if (points == "") { print("skipped " + name + ": " + base + ".csv has no points"); continue; }
	open(dir + name);
	image = getTitle();
	run(command, "points=[" + points + "] backbone=embedded resolution=64 labels");
	if (getTitle() == image) { print("failed on " + name); close(); continue; }
	saveAs("Tiff", dir + base + "-labels.tif");
	close(); // labels
	close(); // image
	done++;
}
print("M2N2: segmented " + done + " images in " + dir);

// "x,y,label" lines after the header, joined as x,y,label;x,y,label
function csvToPoints(path) {
	lines = split(File.openAsString(path), "\n");
	if (lines.length == 0 || replace(toLowerCase(lines[0]), " ", "") != "x,y,label") exit(path + " must start with the header x,y,label");
	out = "";
	for (j = 1; j < lines.length; j++) {
		line = replace(lines[j], " ", "");
		if (line == "" || startsWith(line, "#")) continue;
		if (out != "") out = out + ";";
		out = out + line;
	}
	return out;
}

// M2N2: segment every image NAME.tif of a folder from its NAME.csv points (header x,y,label)
// with the same code as `scripts/m2n2 batch`: OUT/NAME-labels.tif, a summary CSV in OUT, images
// whose labels exist skipped (so a stopped run continues), problems in the Log, never a dialog.
//   ImageJ --headless -batch scripts/m2n2-batch-folder.ijm "images=/data/img out=/data/labels"
// The argument takes the options of Plugins > Segmentation > M2N2 Batch (folder): images, points
// (default: the images folder), out, attention_folder, shard (I/N), backbone, resolution, ...
args = getArgument();
if (args == "") {
	dir = getDirectory("Folder with images and their NAME.csv points");
	args = "images=[" + dir + "] out=[" + dir + "labels]";
}
setBatchMode(true);
// options given first win; the defaults follow
run("M2N2 Batch (folder)", args + " backbone=embedded resolution=64");

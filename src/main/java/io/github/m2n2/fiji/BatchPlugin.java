package io.github.m2n2.fiji;

import java.awt.GraphicsEnvironment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import ij.IJ;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import io.github.m2n2.backbone.AttentionFileBackbone;
import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.batch.BatchSummary;
import io.github.m2n2.batch.FolderRun;
import io.github.m2n2.batch.SegmentJob;
import io.github.m2n2.batch.StackFileSegmenter;
import io.github.m2n2.batch.Shard;
import io.github.m2n2.input.UserError;
import io.github.m2n2.engine.CanceledException;
import io.github.m2n2.io.Channels;

/**
 * Plugins > Segmentation > M2N2 Batch (folder): the command line's {@code batch} from ImageJ,
 * through the same code ({@link FolderRun} with a {@link SegmentJob}), so its labels equal those
 * of {@code scripts/m2n2 batch}: the full-size image, grey values through the dialog's grey
 * mapping (the working size of the dialog is not used), stacks with {@code x,y,z,label} points
 * through {@link io.github.m2n2.batch.StackFileSegmenter}, propagated when asked. Each image's
 * result goes to the Log; a mistake in the dialog goes through {@link UserMessages} (the Log in a
 * batch-mode macro, never a dialog there):
 * {@code run("M2N2 Batch (folder)", "images=/data/img points=/data/img out=/data/labels propagate backbone=embedded resolution=64")}.
 */
public class BatchPlugin implements PlugIn {

	@Override
	public void run(String arg) {
		GenericDialog gd = new GenericDialog("M2N2 Batch");
		gd.addMessage("Every image NAME.tif of the folder with a NAME.csv (x,y,label; stacks x,y,z,label) gives OUT/NAME-labels.tif,\n"
			+ "as scripts/m2n2 batch does. Images with labels already in OUT are skipped; problems go to the Log and the summary CSV.");
		gd.addDirectoryField("Images", "");
		gd.addDirectoryField("Points (folder of NAME.csv; empty = images folder)", "");
		gd.addDirectoryField("Out (folder for the labels)", "");
		gd.addDirectoryField("Attention_folder (NAME.npy per image; optional)", "");
		gd.addStringField("Shard (I/N; empty = all images)", "");
		gd.addCheckbox("Propagate (stacks: carry each object through the stack)", false);
		gd.addNumericField("Channel (images with several channels; 0 = none named)", Channels.NOT_CHOSEN, 0);
		RequestDialog.addFields(gd);
		gd.showDialog();
		if (gd.wasCanceled()) return;
		try {
			Path images = folder(gd.getNextString(), "Images", true);
			Path points = folder(gd.getNextString(), "Points", false);
			Path out = Path.of(required(gd.getNextString(), "Out"));
			Path attention = folder(gd.getNextString(), "Attention_folder", false);
			String shardText = gd.getNextString().trim();
			StackFileSegmenter.Options stacks = new StackFileSegmenter.Options();
			stacks.propagate = gd.getNextBoolean();
			RequestDialog.checkMacroNumbers(List.of("channel"));
			int channel = (int) gd.getNextNumber();
			SegmentationRequest request = RequestDialog.read(gd);
			stacks.grey = request.grey;
			stacks.propagation = request.propagation;
			if (request.backbone.path(AttentionFileBackbone.ATTENTION) != null)
				throw new UserError("One attention file cannot serve a folder: leave Attention empty and choose an Attention_folder with NAME.npy per image.");
			Shard shard = shardText.isEmpty() ? Shard.ALL : Shard.parse(shardText);
			Files.createDirectories(out);
			Progress progress = Progress.statusBar(GraphicsEnvironment.isHeadless());
			try (Backbone backbone = attention != null ? null : Backbones.create(request.backbone)) {
				BatchSummary summary = new FolderRun("batch", shard, out, false).run(images, points != null ? points : images,
					name -> SegmentJob.output(out, name), new SegmentJob(backbone, attention, request.resolution, request.settings).stacks(stacks).channel(channel), null,
					progress, IJ::log);
				IJ.showStatus("M2N2 Batch: " + summary.count(BatchSummary.Status.DONE) + " done, " + summary.count(BatchSummary.Status.FAILED)
					+ " failed");
			}
			progress.done();
		} catch (UserError | IllegalArgumentException | BackboneException | java.io.IOException e) {
			UserMessages.error("M2N2 Batch", e.getMessage());
		} catch (CanceledException e) {
			IJ.log("M2N2 Batch: canceled; images done so far are kept, a new run continues with the others.");
		}
	}

	private static String required(String text, String field) {
		if (text == null || text.isBlank()) throw new UserError("Choose a folder for " + field + ".");
		return text.trim();
	}

	private static Path folder(String text, String field, boolean required) {
		if (!required && (text == null || text.isBlank())) return null;
		Path p = Path.of(required(text, field));
		if (!Files.isDirectory(p)) throw new UserError(field + ": " + p + " is not a folder.");
		return p;
	}
}

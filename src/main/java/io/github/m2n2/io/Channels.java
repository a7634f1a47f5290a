package io.github.m2n2.io;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.LUT;

import io.github.m2n2.input.UserError;

/**
 * Which channel of a multi-channel image file is segmented. The commands segment one grey or
 * colour plane per position; an image with several channels has to say which one, because
 * taking the first silently (as ImageJ's current processor would) segments the wrong stain
 * without a word. Fiji's interactive commands use what the user sees instead (see
 * {@link ImagePlusGuide#of(ImagePlus, ImagePlusGuide.GreyMapping)}).
 */
public final class Channels {

	/** No channel named: an image with one channel is used as it is, one with several is refused. */
	public static final int NOT_CHOSEN = 0;

	private Channels() { }

	/**
	 * The image reduced to {@code channel} (1-based): every z plane and time point of that
	 * channel, with the image's calibration and the channel's display range. An image with one
	 * channel comes back as it is.
	 *
	 * @param name how messages name the image (its file name)
	 * @throws UserError when several channels are there and none (or one that is not there) is named
	 */
	public static ImagePlus select(ImagePlus imp, int channel, String name) {
		int channels = imp.getNChannels();
		if (channel < 0) throw new UserError("--channel needs a channel number of 1 or more, got " + channel);
		if (channels == 1) {
			if (channel > 1) throw new UserError(name + " has one channel; leave --channel out or give 1, not " + channel);
			return imp;
		}
		if (channel == NOT_CHOSEN)
			throw new UserError(name + " has " + channels + " channels; name the one to segment with --channel N (in Fiji's batch: Channel), 1 to " + channels);
		if (channel > channels) throw new UserError(name + " has " + channels + " channels; --channel " + channel + " is not one of them");
		int slices = imp.getNSlices(), frames = imp.getNFrames();
		ImageStack all = imp.getStack(), one = new ImageStack(imp.getWidth(), imp.getHeight());
		for (int t = 1; t <= frames; t++)
			for (int z = 1; z <= slices; z++) {
				int i = imp.getStackIndex(channel, z, t);
				one.addSlice(all.getSliceLabel(i), all.getProcessor(i));
			}
		ImagePlus out = new ImagePlus(imp.getTitle(), one);
		out.setDimensions(1, slices, frames);
		if (slices > 1 && frames > 1) out.setOpenAsHyperStack(true);
		out.setCalibration(imp.getCalibration().copy());
		if (imp.isComposite()) {
			LUT lut = ((CompositeImage) imp).getChannelLut(channel);
			out.getProcessor().setMinAndMax(lut.min, lut.max);
		}
		return out;
	}
}

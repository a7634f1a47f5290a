package io.github.m2n2.cli;

import java.util.List;
import java.util.Locale;

import io.github.m2n2.input.UserError;
import io.github.m2n2.io.Channels;
import io.github.m2n2.io.ImagePlusGuide.GreyMapping;

/** How a grey image becomes the guide that backbones and the upsampler see. */
public final class GuideOptions {

	public static final String GREY = "grey";
	public static final String CHANNEL = "channel";
	public static final List<String> NAMES = List.of(GREY, CHANNEL);
	public static final GreyMapping DEFAULT = GreyMapping.DEFAULT;

	public static final String USAGE = String.join("\n",
		"Guide (grey images; colour images are used as they are):",
		"  --grey stretch|minmax  stretch (default): " + GreyMapping.STRETCH_HELP + " (16-bit fluorescence);",
		"                         minmax: the plane's own minimum and maximum, linear",
		"  --channel N            the channel to segment in an image with several (1 = the first); such images need it");

	private GuideOptions() { }

	/** The channel named by {@code --channel}, or {@link Channels#NOT_CHOSEN}. */
	public static int channel(Args a) {
		int c = a.integer(CHANNEL, Channels.NOT_CHOSEN);
		if (a.has(CHANNEL) && c < 1) throw new UserError("--channel needs a channel number of 1 or more, got " + c);
		return c;
	}

	public static GreyMapping mapping(Args a) {
		String v = a.get(GREY, DEFAULT.key()).trim().toLowerCase(Locale.ROOT);
		if (v.equals(GreyMapping.STRETCH.key())) return GreyMapping.STRETCH;
		if (v.equals(GreyMapping.MIN_MAX.key())) return GreyMapping.MIN_MAX;
		throw new UserError("--grey needs stretch or minmax, got '" + v + "'");
	}
}

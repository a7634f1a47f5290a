package io.github.m2n2.fiji;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import ij.ImageListener;
import ij.ImagePlus;
import ij.ImageStack;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.engine.Setting;
import io.github.m2n2.engine.stack.PlaneGuides;
import io.github.m2n2.engine.stack.StackPropagation;
import io.github.m2n2.io.StackImages.Axis;

/**
 * The propagations of the stack propagated last, kept so that the next run on it (Propagate
 * again after a correction click, or the command run again with one more point) segments only
 * the planes whose clicks changed: each plane's prepared attention and its last results stay in
 * its {@link StackPropagation}, and the backbone (an SD2 network) stays loaded. One stack at a
 * time, since its prepared planes may fill a good part of the heap; released when that image
 * closes, when its pixels or any setting change, or when another stack is propagated.
 */
final class StackCache implements ImageListener {

	private static StackCache shared;

	private final SessionCache.BackboneFactory factory;
	private int imageId;
	private String key;
	private Backbone backbone;
	private final Map<Integer, StackPropagation<BackboneException>> byOther = new HashMap<>();
	private boolean listening;

	StackCache(SessionCache.BackboneFactory factory) {
		this.factory = factory;
	}

	/** The cache the M2N2 command and live mode share. */
	static synchronized StackCache shared() {
		if (shared == null) shared = new StackCache(Backbones::create);
		return shared;
	}

	/**
	 * The loaded backbone for this image and request, releasing whatever was cached for another
	 * image, other pixels or other settings.
	 */
	synchronized Backbone backbone(ImagePlus imp, Axis axis, int channel, SegmentationRequest request) throws BackboneException {
		listen();
		String k = key(imp, axis, channel, request);
		if (imp.getID() != imageId || !k.equals(key)) {
			release();
			imageId = imp.getID();
			key = k;
		}
		if (backbone == null) backbone = factory.create(request.backbone);
		return backbone;
	}

	/**
	 * The propagation through the planes at position {@code other} on the other axis, made on
	 * first use; call {@link #backbone} for the same image and request first.
	 */
	synchronized StackPropagation<BackboneException> propagation(int other, PlaneGuides guides, int resolution, SegmentationRequest request) {
		if (backbone == null) throw new IllegalStateException("no backbone: call backbone(...) first");
		Backbone b = backbone;
		return byOther.computeIfAbsent(other, o -> new StackPropagation<>(guides, (guide, p, pr) -> b.attention(guide, resolution, pr), resolution,
			request.settings, request.propagation));
	}

	/** Segmentations computed so far by the cached propagations (tests). */
	synchronized long segmentations() {
		long n = 0;
		for (StackPropagation<?> p : byOther.values()) n += p.segmentations();
		return n;
	}

	/** Planes prepared so far by the cached propagations (tests). */
	synchronized long planesPrepared() {
		long n = 0;
		for (StackPropagation<?> p : byOther.values()) n += p.planesPrepared();
		return n;
	}

	/** Whether planes are kept prepared for the image and request last given to {@link #backbone}. */
	synchronized boolean warm() { return !byOther.isEmpty(); }

	/** Whether anything is cached (tests, and releasing memory after an out-of-memory error). */
	synchronized boolean holds(int id) { return backbone != null && imageId == id; }

	/** Drops the prepared planes and results and closes the backbone. */
	synchronized void release() {
		for (StackPropagation<?> p : byOther.values()) p.release();
		byOther.clear();
		if (backbone != null) backbone.close();
		backbone = null;
		key = null;
		imageId = 0;
	}

	/**
	 * What the cached planes depend on: the request (backbone, grid, grey mapping and every
	 * engine setting, since a plane's session keeps the settings it was made with), the axis,
	 * the channel, the display range (the grey mapping may use it) and the pixels.
	 */
	private static String key(ImagePlus imp, Axis axis, int channel, SegmentationRequest request) {
		ImageStack st = imp.getStack();
		int h = 17;
		for (int i = 1; i <= st.getSize(); i++) {
			Object px = st.getPixels(i);
			int ph = px instanceof byte[] ? Arrays.hashCode((byte[]) px) : px instanceof short[] ? Arrays.hashCode((short[]) px)
				: px instanceof float[] ? Arrays.hashCode((float[]) px) : px instanceof int[] ? Arrays.hashCode((int[]) px) : 0;
			h = h * 31 + ph;
		}
		return String.join("|", request.attentionKey(), request.settings.key(Setting.Effect.SCORES), request.propagation.key(), axis.name(), "c=" + channel,
			imp.getWidth() + "x" + imp.getHeight() + "x" + st.getSize(), "range=" + imp.getDisplayRangeMin() + "-" + imp.getDisplayRangeMax(),
			Integer.toHexString(h));
	}

	private void listen() {
		if (listening) return;
		ImagePlus.addImageListener(this);
		listening = true;
	}

	@Override
	public void imageOpened(ImagePlus imp) { }

	@Override
	public synchronized void imageClosed(ImagePlus imp) {
		if (imp.getID() == imageId) release();
	}

	@Override
	public void imageUpdated(ImagePlus imp) { }
}

package io.github.m2n2.fiji;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ij.ImageListener;
import ij.ImagePlus;

import io.github.m2n2.backbone.Backbone;
import io.github.m2n2.backbone.BackboneConfig;
import io.github.m2n2.backbone.BackboneException;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.SegmentationSession;

/**
 * Keeps the prepared attention of recently segmented images, so that running again with more
 * points on the same plane costs only the new points. One session per image (the latest plane
 * and configuration); loaded backbones (an SD2 network) are shared between images and closed
 * when no cached image needs them. Closing an image releases its session.
 */
public final class SessionCache implements ImageListener {

	/** Sessions kept at most: each holds a prepared r^4 matrix (packed: 32 MiB at r = 64, 512 MiB at r = 128; twice that in floats). */
	static final int MAX_SESSIONS = 3;

	private static SessionCache shared;

	/** Creates backbones; tests count and close them. */
	public interface BackboneFactory {
		Backbone create(BackboneConfig config) throws BackboneException;
	}

	private final BackboneFactory factory;
	private final LinkedHashMap<Integer, Entry> byImage = new LinkedHashMap<>(8, 0.75f, true);
	private final Map<String, Backbone> backbones = new HashMap<>();
	private boolean listening;

	/** The attention of one image plane under one configuration; computed on first use. */
	private static final class Entry {
		final String key;
		final String backboneKey;
		SegmentationSession session;

		Entry(String key, String backboneKey) {
			this.key = key;
			this.backboneKey = backboneKey;
		}
	}

	public SessionCache(BackboneFactory factory) {
		this.factory = factory;
	}

	/** The cache the plugin's commands and live mode share. */
	public static synchronized SessionCache shared() {
		if (shared == null) shared = new SessionCache(Backbones::create);
		return shared;
	}

	/**
	 * The session for this image plane, computing attention when it is not cached. The
	 * returned session is locked by the caller while it segments (sessions are not thread-safe).
	 *
	 * @param plane identifies what the guide was made from (stack index and display state)
	 */
	public SegmentationSession session(int imageId, String plane, GuideImage guide, SegmentationRequest request,
		ProgressListener progress) throws BackboneException {
		String key = request.attentionKey() + "|" + plane + "|" + fingerprint(guide);
		Entry entry;
		Backbone backbone;
		List<Backbone> toClose = List.of();
		synchronized (this) {
			listen();
			entry = byImage.get(imageId);
			if (entry == null || !entry.key.equals(key)) {
				entry = new Entry(key, request.backboneKey());
				byImage.put(imageId, entry);
				trim();
				toClose = unusedBackbones();
			}
			backbone = backbones.get(entry.backboneKey);
			if (backbone == null) {
				backbone = factory.create(request.backbone);
				backbones.put(entry.backboneKey, backbone);
			}
		}
		for (Backbone b : toClose) b.close();
		synchronized (entry) {
			if (entry.session == null) {
				int r = request.resolution > 0 ? request.resolution : backbone.defaultResolution();
				Attention attention = backbone.attention(guide, r, progress);
				// prepared in place: the cache key holds the preparation settings, so they never change under it
				entry.session = new SegmentationSession(guide, attention, request.settings, true, progress);
			}
			entry.session.updateSettings(request.settings, progress);
			return entry.session;
		}
	}

	/** Forgets the image's attention, and closes backbones that no cached image uses any more. */
	public void release(int imageId) {
		List<Backbone> toClose;
		synchronized (this) {
			if (byImage.remove(imageId) == null) return;
			toClose = unusedBackbones();
		}
		for (Backbone b : toClose) b.close();
	}

	public void releaseAll() {
		List<Backbone> toClose;
		synchronized (this) {
			byImage.clear();
			toClose = unusedBackbones();
		}
		for (Backbone b : toClose) b.close();
	}

	public synchronized boolean holds(int imageId) { return byImage.containsKey(imageId); }

	public synchronized int size() { return byImage.size(); }

	/** Loaded backbones: each may hold a network's weights. */
	public synchronized int backbonesLoaded() { return backbones.size(); }

	private void trim() {
		Iterator<Integer> it = byImage.keySet().iterator();
		while (byImage.size() > MAX_SESSIONS && it.hasNext()) {
			it.next();
			it.remove();
		}
	}

	private List<Backbone> unusedBackbones() {
		List<Backbone> out = new ArrayList<>();
		backbones.entrySet().removeIf(e -> {
			for (Entry en : byImage.values()) if (en.backboneKey.equals(e.getKey())) return false;
			out.add(e.getValue());
			return true;
		});
		return out;
	}

	private void listen() {
		if (listening) return;
		ImagePlus.addImageListener(this);
		listening = true;
	}

	/** Edited pixels or a changed display range give a new guide, and so new attention. */
	private static String fingerprint(GuideImage g) {
		int h = 17;
		for (int c = 0; c < 3; c++) h = h * 31 + Arrays.hashCode(g.channel(c));
		return g.width() + "x" + g.height() + "#" + Integer.toHexString(h);
	}

	@Override
	public void imageOpened(ImagePlus imp) { }

	@Override
	public void imageClosed(ImagePlus imp) {
		release(imp.getID());
	}

	@Override
	public void imageUpdated(ImagePlus imp) { }
}

package io.github.m2n2.engine.stack;

import io.github.m2n2.engine.GuideImage;

/** The planes of a stack along the propagation axis, each as the guide a segmentation works on. */
public interface PlaneGuides {

	int width();

	int height();

	int planes();

	/** Plane {@code plane} (0-based); may be computed on each call, callers keep what they need. */
	GuideImage guide(int plane);
}

package io.github.m2n2.engine.stack;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;

/**
 * Where a plane's attention comes from: adapters pass a backbone here. The exception type is
 * the backbone's own, so the adapter gets back exactly what its backbone threw.
 */
@FunctionalInterface
public interface PlaneAttention<E extends Exception> {

	Attention compute(GuideImage guide, int plane, ProgressListener progress) throws E;
}

package io.github.m2n2.engine.stack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.engine.Settings;

class StackPropagationTest {

	private static StackPropagation<RuntimeException> propagation(IdealStack stack, PropagationSettings ps) {
		return new StackPropagation<>(stack, stack::attention, IdealStack.R, new Settings(), ps);
	}

	private static StackPropagation<RuntimeException> propagation(IdealStack stack) {
		return propagation(stack, new PropagationSettings());
	}

	@Test
	void anObjectEndingMidStackStopsThere() {
		IdealStack stack = new IdealStack();
		for (int p = 0; p < 10; p++) stack.plane(p < 6 ? new int[] { 8 + p, 8, 20 + p, 20 } : null);
		StackSegmentation s = propagation(stack).run(List.of(new PlaneClick(14, 14, 2, 1)), true, ProgressListener.NONE);
		for (int p = 0; p < 6; p++) assertTrue(stack.iou(s, p, 1) > 0.8, "plane " + p + " IoU " + stack.iou(s, p, 1));
		for (int p = 6; p < 10; p++) assertEquals(0, stack.pixels(s, p, 1), "plane " + p + " after the object ended");
	}

	@Test
	void anObjectThatFadesIntoTheBackgroundEndsWhereItFades() {
		IdealStack stack = new IdealStack();
		for (int p = 0; p < 8; p++) stack.plane(new int[] { 8, 8, 20, 20 });
		for (int p = 5; p < 8; p++) stack.faded.add(p);
		List<PlaneClick> click = List.of(new PlaneClick(14, 14, 1, 1));
		StackSegmentation s = propagation(stack).run(click, true, ProgressListener.NONE);
		for (int p = 0; p < 5; p++) assertTrue(stack.iou(s, p, 1) > 0.8, "plane " + p + " IoU " + stack.iou(s, p, 1));
		for (int p = 5; p < 8; p++) assertEquals(0, stack.pixels(s, p, 1), "plane " + p + " where the object has faded");
		// without the contrast check the attention alone carries it on
		StackSegmentation off = propagation(stack, new PropagationSettings().minContrast(0)).run(click, true, ProgressListener.NONE);
		for (int p = 5; p < 8; p++) assertTrue(off.labels(p) != null && stack.pixels(off, p, 1) > 0, "plane " + p + " with min contrast 0");
	}

	@Test
	void touchingObjectsKeepTheirLabels() {
		IdealStack stack = new IdealStack();
		// two boxes sharing an edge that moves one pixel per plane
		for (int p = 0; p < 8; p++) stack.plane(new int[] { 4, 8, 14 + p, 24 }, new int[] { 14 + p, 8, 28, 24 });
		List<PlaneClick> clicks = List.of(new PlaneClick(8, 16, 3, 1), new PlaneClick(23, 16, 3, 2));
		StackSegmentation s = propagation(stack).run(clicks, true, ProgressListener.NONE);
		for (int p = 0; p < 8; p++) {
			assertTrue(stack.iou(s, p, 1) > 0.8, "plane " + p + " object 1 IoU " + stack.iou(s, p, 1));
			assertTrue(stack.iou(s, p, 2) > 0.8, "plane " + p + " object 2 IoU " + stack.iou(s, p, 2));
		}
	}

	/**
	 * Object 1 clicked on plane 0, object 2 (which starts on plane 3) clicked on plane 3: the
	 * background clicks that plane 3 derives from plane 2's background fall where object 2 now is
	 * (the interior-most background pixel), and used to cut it to a sliver that plane 4 then
	 * dropped. The user's object click inside their disc overrules them.
	 */
	@Test
	void anObjectClickedWhereItStartsIsCarriedBesideOneClickedEarlier() {
		IdealStack stack = new IdealStack();
		for (int p = 0; p < 8; p++) stack.plane(new int[] { 2, 2, 10, 10 }, p >= 3 ? new int[] { 14, 14, 30, 30 } : null);
		List<PlaneClick> clicks = List.of(new PlaneClick(6, 6, 0, 1), new PlaneClick(22, 22, 3, 2));
		StackSegmentation s = propagation(stack).run(clicks, true, ProgressListener.NONE);
		for (int p = 0; p < 8; p++) assertTrue(stack.iou(s, p, 1) > 0.8, "plane " + p + " object 1 IoU " + stack.iou(s, p, 1));
		for (int p = 3; p < 8; p++) assertTrue(stack.iou(s, p, 2) > 0.8, "plane " + p + " object 2 IoU " + stack.iou(s, p, 2));
		for (int p = 0; p < 3; p++) assertEquals(0, stack.pixels(s, p, 2), "plane " + p + " before object 2 starts");
	}

	@Test
	void aUserClickOnALaterPlaneOverridesTheDerivedOnes() {
		IdealStack stack = new IdealStack();
		// object A on the left through all planes; from plane 5 on a second box B on the right
		for (int p = 0; p < 8; p++) stack.plane(new int[] { 2, 8, 12, 20 }, p >= 5 ? new int[] { 20, 8, 30, 20 } : null);
		List<PlaneClick> clicks = new ArrayList<>(List.of(new PlaneClick(6, 14, 1, 1)));
		StackPropagation<RuntimeException> prop = propagation(stack);
		StackSegmentation before = prop.run(clicks, true, ProgressListener.NONE);
		for (int p = 0; p < 8; p++) assertEquals(1, before.label(6, 14, p), "label 1 is carried along A to plane " + p);
		// the user says: on plane 5 the carried centre of A is background
		clicks.add(new PlaneClick(7, 14, 5, 0));
		StackSegmentation after = prop.run(clicks, true, ProgressListener.NONE);
		for (int p = 5; p < 8; p++) assertEquals(0, stack.pixels(after, p, 1), "plane " + p + ": the derived clicks lost to the user's");
		for (int p = 0; p < 5; p++) assertEquals(1, after.label(6, 14, p), "plane " + p + " below the click is unchanged");
		// an object click beside the derived ones adds to them: label 1 also covers B from plane 6 on
		clicks.add(new PlaneClick(25, 14, 6, 1));
		StackSegmentation both = prop.run(clicks, true, ProgressListener.NONE);
		for (int p = 6; p < 8; p++) assertEquals(1, both.label(25, 14, p), "plane " + p + ": B follows the user's click");
	}

	@Test
	void aBackgroundClickOnALeakedPartCutsItAwayInsteadOfEndingTheObject() {
		IdealStack stack = new IdealStack();
		// planes 0 to 3: one square; from plane 4 on it is two touching halves, A (label 1) and B
		for (int p = 0; p < 8; p++) {
			if (p < 4) stack.plane(new int[] { 2, 2, 26, 26 });
			else stack.plane(new int[] { 2, 2, 18, 26 }, new int[] { 18, 2, 26, 26 });
		}
		List<PlaneClick> clicks = new ArrayList<>(List.of(new PlaneClick(8, 14, 0, 1)));
		StackPropagation<RuntimeException> prop = propagation(stack);
		StackSegmentation before = prop.run(clicks, true, ProgressListener.NONE);
		assertTrue(before.label(8, 14, 4) == 1, "the object reaches plane 4");
		// on plane 4 the user marks B, off the carried centre of the square, as background
		clicks.add(new PlaneClick(22, 14, 4, 0));
		StackSegmentation after = prop.run(clicks, true, ProgressListener.NONE);
		for (int p = 4; p < 8; p++) {
			assertTrue(stack.iou(after, p, 1) > 0.8, "plane " + p + ": A goes on, IoU " + stack.iou(after, p, 1));
			assertEquals(0, after.label(22, 14, p), "plane " + p + ": B is not the object");
		}
	}

	@Test
	void aCorrectionRecomputesOnlyThePlanesFromIt() {
		IdealStack stack = new IdealStack();
		for (int p = 0; p < 8; p++) stack.plane(new int[] { 6, 6, 18 + p, 18 });
		StackPropagation<RuntimeException> prop = propagation(stack);
		List<PlaneClick> clicks = new ArrayList<>(List.of(new PlaneClick(10, 10, 2, 1)));
		prop.run(clicks, true, ProgressListener.NONE);
		long[] before = new long[8];
		for (int p = 0; p < 8; p++) {
			before[p] = prop.segmentationsOn(p);
			assertTrue(before[p] >= 1, "plane " + p + " was segmented");
		}
		int prepared = stack.attentionsComputed;
		// a background click on plane 5, outside the object
		clicks.add(new PlaneClick(28, 28, 5, 0));
		prop.run(clicks, true, ProgressListener.NONE);
		for (int p = 0; p < 5; p++) assertEquals(before[p], prop.segmentationsOn(p), "plane " + p + " before the correction");
		assertTrue(prop.segmentationsOn(5) > before[5], "the corrected plane is segmented again");
		assertEquals(prepared, stack.attentionsComputed, "no plane's attention is computed twice while it fits in memory");
		// the same clicks again: nothing at all is recomputed
		long total = prop.segmentations();
		prop.run(clicks, true, ProgressListener.NONE);
		assertEquals(total, prop.segmentations());
	}

	@Test
	void withoutPropagationOnlyClickedPlanesAreSegmented() {
		IdealStack stack = new IdealStack();
		for (int p = 0; p < 6; p++) stack.plane(new int[] { 6, 6, 20, 20 });
		StackSegmentation s = propagation(stack).run(List.of(new PlaneClick(10, 10, 1, 1), new PlaneClick(12, 12, 4, 1)), false,
			ProgressListener.NONE);
		for (int p = 0; p < 6; p++) assertEquals(p == 1 || p == 4, s.segmented(p), "plane " + p);
		assertTrue(stack.iou(s, 4, 1) > 0.8);
		assertEquals(2, stack.attentionsComputed);
	}

	@Test
	void aMemoryBudgetOfOnePlaneGivesTheSameLabels() {
		IdealStack stack = new IdealStack();
		for (int p = 0; p < 7; p++) stack.plane(new int[] { 4 + p, 6, 16 + p, 18 }, new int[] { 20, 20 - p, 30, 30 });
		List<PlaneClick> clicks = List.of(new PlaneClick(10, 10, 1, 1), new PlaneClick(25, 25, 5, 2));
		StackSegmentation roomy = propagation(stack).run(clicks, true, ProgressListener.NONE);
		StackPropagation<RuntimeException> tight = propagation(stack, new PropagationSettings().memoryFraction(1e-9));
		assertEquals(1, tight.preparedPlanesKept());
		StackSegmentation s = tight.run(clicks, true, ProgressListener.NONE);
		for (int p = 0; p < 7; p++) assertTrue(java.util.Arrays.equals(roomy.labels(p), s.labels(p)), "plane " + p);
		tight.release();
		assertFalse(tight.planesPrepared() < 7);
	}
	@Test
	void theNextPlaneIsPreparedAheadButTheBackboneNeverRunsTwiceAtOnce() {
		IdealStack stack = new IdealStack();
		for (int p = 0; p < 8; p++) stack.plane(p < 5 ? new int[] { 4 + p, 6, 16 + p, 18 } : null, new int[] { 20, 20 - p, 30, 30 });
		java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger(), most = new java.util.concurrent.atomic.AtomicInteger();
		java.util.Set<String> threads = java.util.concurrent.ConcurrentHashMap.newKeySet();
		PlaneAttention<RuntimeException> counting = (guide, plane, progress) -> {
			most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
			threads.add(Thread.currentThread().getName());
			try {
				Thread.sleep(20); // long enough for a second call to overlap, were one allowed
				return stack.attention(guide, plane, progress);
			} catch (InterruptedException e) {
				throw new IllegalStateException(e);
			} finally {
				inFlight.decrementAndGet();
			}
		};
		StackPropagation<RuntimeException> prop = new StackPropagation<>(stack, counting, IdealStack.R, new Settings(), new PropagationSettings());
		StackSegmentation s = prop.run(List.of(new PlaneClick(10, 10, 1, 1), new PlaneClick(25, 25, 6, 2)), true, ProgressListener.NONE);
		assertEquals(1, most.get(), "the backbone ran twice at once");
		assertTrue(threads.size() > 1, "no plane was prepared ahead: " + threads);
		// every plane with an object was prepared once and counted once
		assertEquals(8, prop.planesPrepared());
		for (int p = 0; p < 5; p++) assertTrue(stack.iou(s, p, 1) > 0.8, "plane " + p);
		for (int p = 0; p < 8; p++) assertTrue(stack.iou(s, p, 2) > 0.8, "plane " + p);
		prop.release();
	}
}

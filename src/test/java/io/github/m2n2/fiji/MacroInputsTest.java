package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import ij.ImagePlus;
import ij.Macro;
import ij.process.ByteProcessor;

import io.github.m2n2.input.UserError;

/** What a macro writes that ImageJ's dialog reading would get wrong or hang on. */
class MacroInputsTest {

	@Test
	void planesTakesItsChoicesAndRefusesOthers() {
		assertTrue(M2N2Command.allPlanes("all (propagate)"));
		assertTrue(M2N2Command.allPlanes("all"));
		assertTrue(M2N2Command.allPlanes(" All "));
		assertFalse(M2N2Command.allPlanes("current"));
		assertFalse(M2N2Command.allPlanes(null));
		UserError e = assertThrows(UserError.class, () -> M2N2Command.allPlanes("foo"));
		assertTrue(e.getMessage().contains("current or all (propagate)"), e.getMessage());
	}

	@Test
	void aValueThatIsNoNumberIsRefusedBeforeImageJReadsIt() throws Exception {
		Throwable[] failure = new Throwable[1];
		// ImageJ keeps macro options for threads named as its macro threads are
		Thread t = new Thread(() -> {
			try {
				Macro.setOptions("points=[1,1,1] resolution=abc labels");
				UserError e = assertThrows(UserError.class, () -> RequestDialog.checkMacroNumbers(List.of("resolution", "working_size")));
				assertEquals("resolution=abc is not a number; write a number, e.g. resolution=64.", e.getMessage());
				Macro.setOptions("resolution=32 working_size=512");
				RequestDialog.checkMacroNumbers(List.of("resolution", "working_size"));
			} catch (Throwable x) {
				failure[0] = x;
			} finally {
				Macro.setOptions(null);
			}
		}, "Run$_macro-inputs-test");
		t.start();
		t.join();
		if (failure[0] != null) throw new AssertionError(failure[0]);
	}

	@Test
	void onePixelWithTwoLabelsIsRefused() {
		List<io.github.m2n2.engine.Click> clicks = io.github.m2n2.input.PointsParser.parseList("25,25,1;25,25,0");
		UserError e = assertThrows(UserError.class, () -> ImageSegmenter.check(clicks, 64, 64));
		assertTrue(e.getMessage().startsWith("The point 25,25 is clicked both as object 1 and as background"), e.getMessage());
	}

	@Test
	void theLabelImageKeepsTheTitleButItsExtension() {
		assertEquals("my image with spaces-labels", LabelImages.title(new ImagePlus("my image with spaces.tif", new ByteProcessor(8, 8))));
		assertEquals("a=b [x] c-labels", LabelImages.title(new ImagePlus("a=b [x] c.tif", new ByteProcessor(8, 8))));
		assertEquals("cells 2.5x-labels", LabelImages.title(new ImagePlus("cells 2.5x", new ByteProcessor(8, 8))));
		assertEquals("nuclei-labels", LabelImages.title(new ImagePlus("nuclei.tif", new ByteProcessor(8, 8))));
	}
}

package io.github.m2n2.fiji;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Field;

import org.junit.jupiter.api.Test;

import ij.IJ;
import ij.gui.GenericDialog;

import io.github.m2n2.backbone.BackboneOption;
import io.github.m2n2.backbone.BackboneProvider;
import io.github.m2n2.backbone.Backbones;
import io.github.m2n2.engine.Setting;
import io.github.m2n2.engine.Settings;

/**
 * The SciJava command's Advanced... button (its callback) opens the ImageJ 1.x Advanced dialog
 * and writes what was chosen back into the command's hidden inputs; "Published defaults"
 * puts the defaults back.
 */
class AdvancedButtonUiTest {

	@Test
	void theButtonWritesTheAdvancedDialogBackIntoTheInputs() throws Exception {
		assumeTrue(io.github.m2n2.TestDisplay.works(),
			"needs a display: run the build under xvfb-run");
		M2N2Command command = new M2N2Command();
		Thread user = new Thread(command::editAdvanced, "Advanced button");
		user.start();
		GenericDialog more = dialog("M2N2 Advanced");
		((java.awt.TextField) more.getNumericFields().get(numericIndexOf("theta"))).setText("0.6");
		press(more, "OK");
		user.join(10_000);
		assertEquals(0.6, field(command, "theta"));
		assertEquals(new Settings().sinkhornIterations(), field(command, "sinkhorn"), "untouched: the default");

		user = new Thread(command::editAdvanced, "Advanced button");
		user.start();
		press(dialog("M2N2 Advanced"), "Published defaults");
		user.join(10_000);
		assertEquals(new Settings().markovThreshold(), field(command, "theta"));
	}

	/** Position of a setting's field among the dialog's numeric fields: integer backbone options come first. */
	private static int numericIndexOf(String key) {
		int i = 0;
		for (BackboneProvider p : Backbones.providers())
			for (BackboneOption o : p.options()) if (o.kind() == BackboneOption.Kind.INTEGER) i++;
		for (Setting d : Settings.ALL) {
			if (d.key().equals(key)) return i;
			if (d.choices().isEmpty()) i++;
		}
		throw new AssertionError(key);
	}

	private static Object field(M2N2Command c, String name) throws Exception {
		Field f = M2N2Command.class.getDeclaredField(name);
		f.setAccessible(true);
		return f.get(c);
	}

	private static GenericDialog dialog(String title) {
		for (int i = 0; i < 200; i++) {
			for (java.awt.Window w : java.awt.Window.getWindows())
				if (w instanceof GenericDialog && w.isVisible() && title.equals(((GenericDialog) w).getTitle())) {
					IJ.wait(300);
					return (GenericDialog) w;
				}
			IJ.wait(50);
		}
		throw new AssertionError("no dialog " + title);
	}

	private static void press(java.awt.Container c, String label) {
		java.awt.Button b = button(c, label);
		assertNotNull(b, label);
		for (java.awt.event.ActionListener l : b.getActionListeners())
			l.actionPerformed(new java.awt.event.ActionEvent(b, java.awt.event.ActionEvent.ACTION_PERFORMED, b.getLabel()));
	}

	private static java.awt.Button button(java.awt.Container c, String label) {
		for (java.awt.Component k : c.getComponents()) {
			if (k instanceof java.awt.Button && label.equals(((java.awt.Button) k).getLabel().trim())) return (java.awt.Button) k;
			if (k instanceof java.awt.Container) {
				java.awt.Button b = button((java.awt.Container) k, label);
				if (b != null) return b;
			}
		}
		return null;
	}
}

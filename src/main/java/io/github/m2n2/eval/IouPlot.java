package io.github.m2n2.eval;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;

/**
 * Mean IoU against the number of clicks as a small PNG-ready image: axes with ticks and
 * labels, the 0.85 / 0.90 / 0.95 levels dashed, the curve with a marker per click. Drawn
 * with plain java.awt so it works headless.
 */
public final class IouPlot {

	private IouPlot() { }

	/**
	 * @param meanIou mean IoU after click 1, 2, ...
	 * @param title   one line above the plot
	 */
	public static BufferedImage draw(double[] meanIou, String title) {
		return draw(new double[][] { meanIou }, null, NumberOfClicks.THRESHOLDS, title);
	}

	private static final Color[] CURVE_COLOURS = { new Color(30, 90, 200), new Color(120, 120, 120), new Color(0, 150, 80) };

	/**
	 * Several curves on one plot, each with a legend entry (no legend when {@code names} is null),
	 * and the given IoU levels dashed.
	 */
	public static BufferedImage draw(double[][] curves, String[] names, double[] levels, String title) {
		double[] meanIou = curves[0];
		for (double[] c : curves) if (c.length > meanIou.length) meanIou = c;
		int width = 640, height = 420;
		int left = 70, right = 20, top = 40, bottom = 55;
		BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
		Graphics2D g = img.createGraphics();
		try {
			g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
			g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
			g.setColor(Color.WHITE);
			g.fillRect(0, 0, width, height);
			int pw = width - left - right, ph = height - top - bottom;
			int clicks = Math.max(1, meanIou.length);
			// the IoU axis starts at a round tenth below the lowest value, so the curve fills the plot
			double min = 1;
			for (double[] c : curves)
				for (double v : c) if (Double.isFinite(v)) min = Math.min(min, v);
			double yMin = Math.max(0, Math.floor(min * 10 - 1e-9) / 10), yMax = 1;
			if (yMax - yMin < 0.1) yMin = yMax - 0.1;
			final double y0 = yMin;
			java.util.function.DoubleUnaryOperator sx = k -> left + (clicks == 1 ? pw / 2.0 : (k - 1) * pw / (double) (clicks - 1));
			java.util.function.DoubleUnaryOperator sy = v -> top + ph - (v - y0) / (yMax - y0) * ph;

			Font font = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
			g.setFont(font);
			FontMetrics fm = g.getFontMetrics();
			// grid and ticks
			for (int t = 0; t <= Math.round((yMax - yMin) * 20); t++) {
				double v = yMin + t * 0.05;
				if (v > yMax + 1e-9) break;
				int y = (int) Math.round(sy.applyAsDouble(v));
				boolean labelled = Math.abs(Math.round(v * 10) - v * 10) < 1e-6 || (yMax - yMin) <= 0.3;
				g.setColor(new Color(235, 235, 235));
				g.drawLine(left, y, left + pw, y);
				g.setColor(Color.BLACK);
				g.drawLine(left - 4, y, left, y);
				if (labelled) {
					String s = String.format(java.util.Locale.ROOT, "%.2f", v);
					g.drawString(s, left - 8 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
				}
			}
			for (int k = 1; k <= clicks; k++) {
				int x = (int) Math.round(sx.applyAsDouble(k));
				g.setColor(Color.BLACK);
				g.drawLine(x, top + ph, x, top + ph + 4);
				if (clicks <= 20 || k % 5 == 0 || k == 1) {
					String s = Integer.toString(k);
					g.drawString(s, x - fm.stringWidth(s) / 2, top + ph + 6 + fm.getAscent());
				}
			}
			// reference levels
			g.setStroke(new BasicStroke(1f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] { 5f, 4f }, 0f));
			for (double level : levels) {
				if (level < yMin) continue;
				int y = (int) Math.round(sy.applyAsDouble(level));
				g.setColor(new Color(200, 120, 0));
				g.drawLine(left, y, left + pw, y);
				g.drawString(String.format(java.util.Locale.ROOT, "%.0f%%", level * 100), left + pw - 32, y - 3);
			}
			// axes
			g.setStroke(new BasicStroke(1.2f));
			g.setColor(Color.BLACK);
			g.drawLine(left, top, left, top + ph);
			g.drawLine(left, top + ph, left + pw, top + ph);
			// curves, the first on top
			g.setStroke(new BasicStroke(2f));
			for (int c = curves.length - 1; c >= 0; c--) {
				g.setColor(CURVE_COLOURS[c % CURVE_COLOURS.length]);
				int prevX = -1, prevY = -1;
				for (int k = 1; k <= curves[c].length; k++) {
					if (!Double.isFinite(curves[c][k - 1])) continue;
					int x = (int) Math.round(sx.applyAsDouble(k)), y = (int) Math.round(sy.applyAsDouble(curves[c][k - 1]));
					if (prevX >= 0) g.drawLine(prevX, prevY, x, y);
					g.fillOval(x - 3, y - 3, 7, 7);
					prevX = x;
					prevY = y;
				}
				if (names != null) {
					int ly = top + ph - 12 - 18 * (curves.length - 1 - c);
					g.fillRect(left + pw - 190, ly - 5, 18, 4);
					g.setColor(Color.BLACK);
					g.drawString(names[c], left + pw - 165, ly);
				}
			}
			// labels
			g.setColor(Color.BLACK);
			String xl = "number of clicks";
			g.drawString(xl, left + pw / 2 - fm.stringWidth(xl) / 2, height - 14);
			AffineTransform saved = g.getTransform();
			g.rotate(-Math.PI / 2);
			String yl = "mean IoU";
			g.drawString(yl, -(top + ph / 2) - fm.stringWidth(yl) / 2, 20);
			g.setTransform(saved);
			g.setFont(font.deriveFont(Font.BOLD, 13f));
			FontMetrics tm = g.getFontMetrics();
			g.drawString(title, width / 2 - tm.stringWidth(title) / 2, 24);
		} finally {
			g.dispose();
		}
		return img;
	}
}

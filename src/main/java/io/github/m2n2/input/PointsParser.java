package io.github.m2n2.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.m2n2.engine.Click;

/** Clicks from {@code X,Y,LABEL} text and from CSV files with the header {@code x,y,label}. */
public final class PointsParser {

	private PointsParser() { }

	/** One point {@code X,Y,LABEL}; X and Y may have decimals (rounded down to the pixel). */
	public static Click parse(String text) {
		String[] parts = text.trim().split("\\s*,\\s*");
		if (parts.length != 3) throw new UserError("malformed point '" + text + "': write X,Y,LABEL (label 0 = background, k = object k)");
		try {
			double x = Double.parseDouble(parts[0]), y = Double.parseDouble(parts[1]);
			int label = Integer.parseInt(parts[2]);
			if (!Double.isFinite(x) || !Double.isFinite(y)) throw new NumberFormatException();
			if (label < 0 || label > 65535) throw new UserError("malformed point '" + text + "': the label must lie in 0..65535 (0 = background)");
			return new Click((int) Math.floor(x), (int) Math.floor(y), label);
		} catch (NumberFormatException e) {
			throw new UserError("malformed point '" + text + "': write X,Y,LABEL with numbers, e.g. 120,80,1");
		}
	}

	/** Several points separated by ';' (the macro and plugin format). */
	public static List<Click> parseList(String text) {
		List<Click> clicks = new ArrayList<>();
		for (String p : text.split(";")) if (!p.isBlank()) clicks.add(parse(p));
		return clicks;
	}

	/**
	 * The lines of a points file. A byte-order mark is dropped (spreadsheets write one with
	 * "CSV UTF-8", and it would stand invisibly in front of the header), and bytes that are not
	 * UTF-8 (a comment in another encoding) do not stop the numbers from being read.
	 */
	public static List<String> lines(Path csv) {
		boolean regular = Files.isRegularFile(csv);
		String key = csv.toAbsolutePath().toString();
		String text = regular ? null : PIPED.get(key);
		try {
			if (text == null) text = new String(Files.readAllBytes(csv), StandardCharsets.UTF_8);
		} catch (java.nio.file.NoSuchFileException e) {
			throw new UserError("the points file " + csv + " does not exist");
		} catch (IOException e) {
			throw new UserError("the points file " + csv + " cannot be read: " + e.getMessage());
		}
		if (!regular) PIPED.putIfAbsent(key, text);
		if (text.startsWith("\uFEFF")) text = text.substring(1);
		return List.of(text.split("\r?\n|\r", -1));
	}

	/**
	 * The text of points files that are not regular files ({@code --points <(...)}, a named pipe):
	 * those can be read once, and a command reads its points file twice (once to see whether the
	 * header names planes).
	 */
	private static final Map<String, String> PIPED = new ConcurrentHashMap<>();

	public static List<Click> readCsv(Path csv) {
		List<String> lines = lines(csv);
		List<Click> clicks = new ArrayList<>();
		boolean header = true;
		int lineNo = 0;
		for (String line : lines) {
			lineNo++;
			String t = line.trim();
			if (t.isEmpty() || t.startsWith("#")) continue;
			if (header) {
				header = false;
				if (!t.replace(" ", "").equalsIgnoreCase("x,y,label"))
					throw new UserError("the points file " + csv + " must start with the header x,y,label (found '" + t + "')");
				continue;
			}
			try {
				clicks.add(parse(t));
			} catch (UserError e) {
				throw new UserError(csv + " line " + lineNo + ": " + e.getMessage());
			}
		}
		return clicks;
	}

	/** Checks the points against the image; names the first problem. */
	public static void validate(List<Click> clicks, int width, int height) {
		if (clicks.isEmpty()) throw new UserError("no points given: add --point X,Y,LABEL or --points FILE.csv");
		for (Click c : clicks)
			if (c.x() < 0 || c.y() < 0 || c.x() >= width || c.y() >= height)
				throw new UserError("point " + c + " lies outside the " + width + " x " + height + " image (x in 0.." + (width - 1)
					+ ", y in 0.." + (height - 1) + ")");
		if (clicks.stream().allMatch(Click::isBackground))
			throw new UserError("every point is background (label 0): give at least one object point (label 1 or more)");
		requireOneLabelPerPixel(clicks, "point");
	}

	/**
	 * Refuses one pixel clicked with two labels; {@code point} is how the message names a click
	 * ("point", "The point").
	 */
	public static void requireOneLabelPerPixel(List<Click> clicks, String point) {
		Map<Long, Click> at = new HashMap<>();
		for (Click c : clicks) {
			Click before = at.putIfAbsent(pixel(c.x(), c.y(), 0, 0), c);
			if (before != null && before.label() != c.label()) throw contradiction(point + " " + c.x() + "," + c.y(), before.label(), c.label());
		}
	}

	/** One key per pixel of a stack (x, y below 2^20, planes below 2^12 each). */
	public static long pixel(int x, int y, int z, int t) {
		return ((long) t << 52) | ((long) z << 40) | ((long) y << 20) | x;
	}

	/**
	 * One pixel clicked with two labels: the engine would keep one of them silently (a
	 * background click there removes the object), so the user is asked to remove one.
	 */
	public static UserError contradiction(String where, int first, int second) {
		return new UserError(where + " is clicked both as " + describe(first) + " and as " + describe(second) + "; remove one of the two");
	}

	private static String describe(int label) {
		return label == 0 ? "background (label 0)" : "object " + label;
	}
}

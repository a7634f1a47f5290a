package io.github.m2n2.input;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

	public static List<Click> readCsv(Path csv) {
		List<String> lines;
		try {
			lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
		} catch (java.nio.file.NoSuchFileException e) {
			throw new UserError("the points file " + csv + " does not exist");
		} catch (IOException e) {
			throw new UserError("the points file " + csv + " cannot be read: " + e.getMessage());
		}
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
	}
}

package io.github.m2n2.input;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;


/**
 * Clicks on a stack from a CSV whose header is {@code x,y,z,label}, {@code x,y,t,label} or
 * {@code x,y,z,t,label}: x and y in pixels from 0, z and t as ImageJ numbers slices and frames,
 * from 1. Every row has the header's columns; a row with fewer or more is refused, so 2D and 3D
 * rows cannot be mixed by accident.
 */
public final class StackPoints {

	/** One row; z or t is 0 when the file has no such column. */
	public static final class Row {
		public final int x, y, z, t, label, line;

		Row(int x, int y, int z, int t, int label, int line) {
			this.x = x;
			this.y = y;
			this.z = z;
			this.t = t;
			this.label = label;
			this.line = line;
		}

		@Override
		public String toString() {
			return x + "," + y + (z > 0 ? "," + z : "") + (t > 0 ? "," + t : "") + "," + label;
		}
	}

	public final boolean hasZ;
	public final boolean hasT;
	public final List<Row> rows;

	private StackPoints(boolean hasZ, boolean hasT, List<Row> rows) {
		this.hasZ = hasZ;
		this.hasT = hasT;
		this.rows = rows;
	}

	/** The header of a points file, lower case without spaces; null when it has none. */
	public static String header(Path csv) {
		for (String line : lines(csv)) {
			String t = line.trim();
			if (t.isEmpty() || t.startsWith("#")) continue;
			return t.replace(" ", "").toLowerCase(Locale.ROOT);
		}
		return null;
	}

	/** Whether the file's header names a z or t column. */
	public static boolean hasPlaneColumns(Path csv) {
		String h = header(csv);
		return h != null && (h.equals("x,y,z,label") || h.equals("x,y,t,label") || h.equals("x,y,z,t,label"));
	}

	public static StackPoints read(Path csv) {
		String head = null;
		boolean hasZ = false, hasT = false;
		int columns = 0;
		List<Row> rows = new ArrayList<>();
		int lineNo = 0;
		for (String line : lines(csv)) {
			lineNo++;
			String t = line.trim();
			if (t.isEmpty() || t.startsWith("#")) continue;
			if (head == null) {
				head = t.replace(" ", "").toLowerCase(Locale.ROOT);
				hasZ = head.equals("x,y,z,label") || head.equals("x,y,z,t,label");
				hasT = head.equals("x,y,t,label") || head.equals("x,y,z,t,label");
				if (!hasZ && !hasT)
					throw new UserError("the points file " + csv + " must start with the header x,y,z,label, x,y,t,label or x,y,z,t,label for a stack (found '" + t + "')");
				columns = head.split(",").length;
				continue;
			}
			String[] parts = t.split("\\s*,\\s*");
			if (parts.length != columns)
				throw new UserError(csv + " line " + lineNo + " has " + parts.length + " values but the header " + head + " names " + columns
					+ ": every row needs the same columns (2D rows x,y,label cannot be mixed with " + head + ")");
			try {
				int x = (int) Math.floor(Double.parseDouble(parts[0])), y = (int) Math.floor(Double.parseDouble(parts[1]));
				int z = hasZ ? Integer.parseInt(parts[2]) : 0;
				int tt = hasT ? Integer.parseInt(parts[hasZ ? 3 : 2]) : 0;
				int label = Integer.parseInt(parts[columns - 1]);
				if (label < 0 || label > 65535) throw new UserError(csv + " line " + lineNo + ": the label must lie in 0..65535 (0 = background)");
				if ((hasZ && z < 1) || (hasT && tt < 1))
					throw new UserError(csv + " line " + lineNo + ": z and t count slices and frames from 1, as ImageJ does (got '" + t + "')");
				rows.add(new Row(x, y, z, tt, label, lineNo));
			} catch (NumberFormatException e) {
				throw new UserError(csv + " line " + lineNo + ": write " + head + " with numbers (z, t and label whole), e.g. 120,80,"
					+ (hasZ ? "5," : "") + (hasT ? "3," : "") + "1");
			}
		}
		if (head == null) throw new UserError("the points file " + csv + " is empty: write the header " + "x,y,z,label and one click per line");
		return new StackPoints(hasZ, hasT, rows);
	}

	private static List<String> lines(Path csv) {
		return PointsParser.lines(csv);
	}
}

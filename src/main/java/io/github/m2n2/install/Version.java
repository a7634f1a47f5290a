package io.github.m2n2.install;

import java.util.ArrayList;
import java.util.List;

/**
 * Orders library versions the way their authors mean them: numbers numerically
 * ({@code 10.0 > 9.2}), a release above its own pre-releases ({@code 1.0 > 1.0-SNAPSHOT},
 * {@code 1.0 > 1.0-beta-2}). Enough for the jars that sit in a Fiji or ImageJ folder; not a
 * complete implementation of Maven's rules.
 */
final class Version implements Comparable<Version> {

	private final String text;
	private final List<Object> parts = new ArrayList<>();

	Version(String text) {
		this.text = text;
		for (String token : text.split("[.\\-_]")) {
			if (token.isEmpty()) continue;
			// "1a2" -> 1, "a", 2: digits and letters alternate within a token
			for (String piece : token.split("(?<=\\d)(?=\\D)|(?<=\\D)(?=\\d)"))
				parts.add(piece.chars().allMatch(Character::isDigit) ? (Object) Long.valueOf(piece.length() > 18 ? piece.substring(0, 18) : piece)
					: piece.toLowerCase());
		}
	}

	@Override
	public int compareTo(Version o) {
		int n = Math.max(parts.size(), o.parts.size());
		for (int i = 0; i < n; i++) {
			Object a = i < parts.size() ? parts.get(i) : null, b = i < o.parts.size() ? o.parts.get(i) : null;
			int c = comparePart(a, b);
			if (c != 0) return c;
		}
		return 0;
	}

	/**
	 * A missing part counts as a release (0 against a number, above a qualifier such as
	 * "snapshot" or "beta"); a number is above a qualifier.
	 */
	private static int comparePart(Object a, Object b) {
		if (a instanceof Long && b instanceof Long) return Long.compare((Long) a, (Long) b);
		if (a == null) return b instanceof Long ? -Long.signum((Long) b) : 1;
		if (b == null) return a instanceof Long ? Long.signum((Long) a) : -1;
		if (a instanceof Long) return 1;
		if (b instanceof Long) return -1;
		return ((String) a).compareTo((String) b);
	}

	@Override
	public boolean equals(Object o) { return o instanceof Version && compareTo((Version) o) == 0; }

	@Override
	public int hashCode() { return 0; } // equal versions may be spelt differently ("1.0" and "1")

	@Override
	public String toString() { return text; }
}

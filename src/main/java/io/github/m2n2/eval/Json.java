package io.github.m2n2.eval;

import java.util.Locale;

/** Just enough JSON writing for the report: objects, arrays, numbers, strings, indented. */
final class Json {

	private final StringBuilder sb = new StringBuilder();
	private int depth;
	private boolean first = true;

	Json beginObject() { return open('{'); }

	Json endObject() { return close('}'); }

	Json beginArray() { return open('['); }

	Json endArray() { return close(']'); }

	Json name(String name) {
		separate();
		string(name);
		sb.append(": ");
		first = true; // the value follows without a separator
		pendingValue = true;
		return this;
	}

	private boolean pendingValue;

	Json value(String s) {
		separate();
		if (s == null) sb.append("null");
		else string(s);
		return this;
	}

	Json value(double d) {
		separate();
		// JSON has no NaN or infinity
		sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replaceAll("\\.(e|$)", "$1") : "null");
		return this;
	}

	Json value(long v) {
		separate();
		sb.append(v);
		return this;
	}

	Json value(boolean b) {
		separate();
		sb.append(b);
		return this;
	}

	Json array(double[] values) {
		beginArray();
		for (double v : values) value(v);
		return endArray();
	}

	private Json open(char c) {
		separate();
		sb.append(c);
		depth++;
		first = true;
		return this;
	}

	private Json close(char c) {
		depth--;
		if (!first) newline();
		sb.append(c);
		first = false;
		return this;
	}

	private void separate() {
		if (pendingValue) {
			pendingValue = false;
			first = false;
			return;
		}
		if (!first) sb.append(',');
		if (depth > 0) newline();
		first = false;
	}

	private void newline() {
		sb.append('\n');
		for (int i = 0; i < depth; i++) sb.append("  ");
	}

	private void string(String s) {
		sb.append('"');
		for (int i = 0; i < s.length(); i++) {
			char c = s.charAt(i);
			switch (c) {
				case '"': sb.append("\\\""); break;
				case '\\': sb.append("\\\\"); break;
				case '\n': sb.append("\\n"); break;
				case '\r': sb.append("\\r"); break;
				case '\t': sb.append("\\t"); break;
				default:
					if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
					else sb.append(c);
			}
		}
		sb.append('"');
	}

	@Override
	public String toString() { return sb.toString() + "\n"; }
}

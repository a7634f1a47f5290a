package io.github.m2n2.sd.checkpoint;

/** Gson's parse errors carry Java exception names; users get only the part that locates the problem. */
public final class JsonErrors {

	private JsonErrors() { }

	public static String reason(Throwable e) {
		Throwable t = e;
		while (t.getCause() != null && t.getCause() != t) t = t.getCause();
		String m = t.getMessage() == null ? "unreadable" : t.getMessage();
		if (t instanceof java.io.EOFException) m = "it ends too early: " + m;
		int see = m.indexOf("\nSee ");
		if (see >= 0) m = m.substring(0, see);
		return m.replaceAll("[a-zA-Z.]+Exception: ", "");
	}
}

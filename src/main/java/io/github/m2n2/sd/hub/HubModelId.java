package io.github.m2n2.sd.hub;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A model on the hub: {@code owner/name}, optionally pinned with {@code @revision} (a branch,
 * a tag or a commit hash). Parsing is strict because the parts become folder names in the cache
 * and segments of URLs: nothing that could climb out of the cache or change the URL's meaning.
 */
public final class HubModelId {

	/** What the hub serves when no revision is named. */
	public static final String DEFAULT_REVISION = "main";
	/** The model of the published method, used when none is named. */
	public static final String DEFAULT = "stabilityai/stable-diffusion-2-1-base";

	// The hub's own rules are similar: letters, digits, '-', '_', '.', at most 96 characters.
	private static final Pattern PART = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,95}");
	private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._/-]{0,199}");

	private final String owner;
	private final String name;
	private final String revision;

	private HubModelId(final String owner, final String name, final String revision) {
		this.owner = owner;
		this.name = name;
		this.revision = revision;
	}

	/** True when the text has the shape of a hub model id (it may still not exist on the hub). */
	public static boolean looksLikeId(final String text) {
		try {
			parse(text);
			return true;
		}
		catch (final IllegalArgumentException e) {
			return false;
		}
	}

	/** @throws IllegalArgumentException when the text is not {@code owner/name[@revision]} */
	public static HubModelId parse(final String text) {
		Objects.requireNonNull(text, "model id");
		final String trimmed = text.trim();
		final int at = trimmed.indexOf('@');
		final String repo = at < 0 ? trimmed : trimmed.substring(0, at);
		final String revision = at < 0 ? DEFAULT_REVISION : trimmed.substring(at + 1);
		final String[] parts = repo.split("/", -1);
		if (parts.length != 2 || !validPart(parts[0]) || !validPart(parts[1]))
			throw new IllegalArgumentException("not a hub model id (owner/name[@revision]): " + text);
		if (!REVISION.matcher(revision).matches() || revision.contains("..") ||
			revision.endsWith("/") || revision.contains("//"))
			throw new IllegalArgumentException("not a valid revision in " + text);
		return new HubModelId(parts[0], parts[1], revision);
	}

	private static boolean validPart(final String part) {
		return PART.matcher(part).matches() && !part.contains("..") && !part.endsWith(".");
	}

	public String owner() { return owner; }

	public String name() { return name; }

	public String revision() { return revision; }

	/** {@code owner/name}, as the hub's URLs spell it. */
	public String repoId() {
		return owner + "/" + name;
	}

	/** {@code owner--name}: one folder per repository, like the hub's own cache. */
	String cacheFolderName() {
		return owner + "--" + name;
	}

	/** The revision as one folder name: "refs/pr/1" becomes "refs--pr--1". */
	String revisionFolderName() {
		return revision.replace("/", "--");
	}

	@Override
	public String toString() {
		return DEFAULT_REVISION.equals(revision) ? repoId() : repoId() + "@" + revision;
	}

	@Override
	public boolean equals(final Object o) {
		if (!(o instanceof HubModelId)) return false;
		final HubModelId other = (HubModelId) o;
		return owner.equals(other.owner) && name.equals(other.name) && revision.equals(other.revision);
	}

	@Override
	public int hashCode() {
		return Objects.hash(owner, name, revision);
	}
}

package io.github.m2n2.sd.hub;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The files of a repository at one commit. Downloads name the commit rather than the branch so
 * that every file comes from the same state even if the branch moves during a long download.
 */
final class RepoSnapshot {

	private final String commit;
	private final Map<String, RepoFile> files;

	/** @param commit the commit hash, or null when the hub did not say (then the revision is used) */
	RepoSnapshot(final String commit, final Map<String, RepoFile> files) {
		this.commit = commit;
		this.files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
	}

	String commit() { return commit; }

	/** Files by repository path. */
	Map<String, RepoFile> files() { return files; }
}

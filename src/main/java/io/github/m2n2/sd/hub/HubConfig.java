package io.github.m2n2.sd.hub;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Function;

/**
 * Where models come from and go to: hub endpoint, cache folder, access token, offline mode and
 * the patience of the downloader. Immutable; {@code with...} methods return changed copies.
 * <p>
 * Read from the environment with the precedence a user expects: an explicit setting (code)
 * beats a Java system property, which beats an environment variable, which beats the default.
 * The environment and properties are passed in so tests never depend on the real ones.
 */
public final class HubConfig {

	public static final String DEFAULT_ENDPOINT = "https://huggingface.co";
	/** System property and environment variable naming the cache folder. */
	public static final String CACHE_PROPERTY = "m2n2.cache", CACHE_ENV = "M2N2_CACHE";
	/** System property and environment variable switching offline mode on. */
	public static final String OFFLINE_PROPERTY = "m2n2.offline", OFFLINE_ENV = "HF_HUB_OFFLINE";
	public static final String ENDPOINT_ENV = "HF_ENDPOINT", TOKEN_ENV = "HF_TOKEN";
	// The name older huggingface_hub versions read; users may still have it set.
	static final String LEGACY_TOKEN_ENV = "HUGGING_FACE_HUB_TOKEN";

	private final String endpoint;
	private final Path cacheRoot;
	private final String token;
	private final boolean offline;
	private final int maxAttempts;
	private final Duration retryWait;
	private final Duration connectTimeout;
	private final Duration readTimeout;
	private final Duration lockWait;

	private HubConfig(final String endpoint, final Path cacheRoot, final String token,
		final boolean offline, final int maxAttempts, final Duration retryWait,
		final Duration connectTimeout, final Duration readTimeout, final Duration lockWait)
	{
		this.endpoint = stripTrailingSlash(Objects.requireNonNull(endpoint, "endpoint"));
		this.cacheRoot = Objects.requireNonNull(cacheRoot, "cacheRoot");
		this.token = token == null || token.trim().isEmpty() ? null : token.trim();
		this.offline = offline;
		if (maxAttempts < 1) throw new IllegalArgumentException("maxAttempts < 1");
		this.maxAttempts = maxAttempts;
		this.retryWait = retryWait;
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
		this.lockWait = lockWait;
	}

	/** Settings from this JVM's system properties and environment. */
	public static HubConfig fromEnvironment() {
		return from(System::getenv, System.getProperties());
	}

	/** Settings from the given environment variables and system properties. */
	public static HubConfig from(final Function<String, String> env, final Properties properties) {
		final String endpoint = firstNonBlank(env.apply(ENDPOINT_ENV), DEFAULT_ENDPOINT);
		final String cache = firstNonBlank(properties.getProperty(CACHE_PROPERTY), env.apply(CACHE_ENV));
		final Path cacheRoot = cache != null ? expandHome(cache, properties) : defaultCacheRoot(properties);
		final String token = firstNonBlank(env.apply(TOKEN_ENV), env.apply(LEGACY_TOKEN_ENV));
		final String offlineProperty = properties.getProperty(OFFLINE_PROPERTY);
		final boolean offline = offlineProperty != null && !offlineProperty.trim().isEmpty()
			? isTrue(offlineProperty) : isTrue(env.apply(OFFLINE_ENV));
		return new HubConfig(endpoint, cacheRoot, token, offline, 5, Duration.ofSeconds(2),
			Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofHours(2));
	}

	/** {@code ~/.cache/m2n2/models}, next to the caches of other tools on Linux and macOS. */
	static Path defaultCacheRoot(final Properties properties) {
		return Paths.get(properties.getProperty("user.home", "."), ".cache", "m2n2", "models");
	}

	private static Path expandHome(final String path, final Properties properties) {
		final String home = properties.getProperty("user.home", ".");
		if (path.equals("~")) return Paths.get(home);
		if (path.startsWith("~/") || path.startsWith("~\\")) return Paths.get(home, path.substring(2));
		return Paths.get(path);
	}

	static boolean isTrue(final String value) {
		if (value == null) return false;
		final String v = value.trim().toLowerCase(Locale.ROOT);
		return v.equals("1") || v.equals("true") || v.equals("yes") || v.equals("on");
	}

	private static String firstNonBlank(final String... values) {
		for (final String v : values)
			if (v != null && !v.trim().isEmpty()) return v.trim();
		return null;
	}

	private static String stripTrailingSlash(final String url) {
		String u = url.trim();
		while (u.endsWith("/")) u = u.substring(0, u.length() - 1);
		return u;
	}

	public HubConfig withEndpoint(final String newEndpoint) {
		return new HubConfig(newEndpoint, cacheRoot, token, offline, maxAttempts, retryWait,
			connectTimeout, readTimeout, lockWait);
	}

	public HubConfig withCacheRoot(final Path newCacheRoot) {
		return new HubConfig(endpoint, newCacheRoot, token, offline, maxAttempts, retryWait,
			connectTimeout, readTimeout, lockWait);
	}

	/** @param newToken a hub access token, or null for anonymous access */
	public HubConfig withToken(final String newToken) {
		return new HubConfig(endpoint, cacheRoot, newToken, offline, maxAttempts, retryWait,
			connectTimeout, readTimeout, lockWait);
	}

	public HubConfig withOffline(final boolean newOffline) {
		return new HubConfig(endpoint, cacheRoot, token, newOffline, maxAttempts, retryWait,
			connectTimeout, readTimeout, lockWait);
	}

	/**
	 * @param attempts how many times one file's transfer is tried before giving up
	 * @param wait pause after the first failed attempt; doubled after each further one
	 */
	public HubConfig withRetries(final int attempts, final Duration wait) {
		return new HubConfig(endpoint, cacheRoot, token, offline, attempts, wait,
			connectTimeout, readTimeout, lockWait);
	}

	/** @param read longest silence of the server in the middle of a transfer */
	public HubConfig withTimeouts(final Duration connect, final Duration read) {
		return new HubConfig(endpoint, cacheRoot, token, offline, maxAttempts, retryWait,
			connect, read, lockWait);
	}

	/** @param wait how long to wait for another process that is downloading the same model */
	public HubConfig withLockWait(final Duration wait) {
		return new HubConfig(endpoint, cacheRoot, token, offline, maxAttempts, retryWait,
			connectTimeout, readTimeout, wait);
	}

	public String endpoint() { return endpoint; }

	public Path cacheRoot() { return cacheRoot; }

	/** The access token, or null. Never printed in messages. */
	String token() { return token; }

	public boolean hasToken() { return token != null; }

	public boolean offline() { return offline; }

	int maxAttempts() { return maxAttempts; }

	Duration retryWait() { return retryWait; }

	Duration connectTimeout() { return connectTimeout; }

	Duration readTimeout() { return readTimeout; }

	Duration lockWait() { return lockWait; }

	@Override
	public String toString() {
		return "HubConfig[endpoint=" + endpoint + ", cache=" + cacheRoot + ", token=" +
			(token == null ? "none" : "set") + ", offline=" + offline + "]";
	}
}

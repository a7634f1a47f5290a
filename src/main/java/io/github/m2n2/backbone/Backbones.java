package io.github.m2n2.backbone;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import io.github.m2n2.engine.ProgressListener;

/** The registry of backbones: every {@link BackboneProvider} on the class path, by name. */
public final class Backbones {

	private static final Map<String, BackboneProvider> PROVIDERS = discover();

	/** Names of the discovered backbones, {@code embedded} first (the default). */
	public static final List<String> NAMES = Collections.unmodifiableList(new ArrayList<>(PROVIDERS.keySet()));

	private Backbones() { }

	private static Map<String, BackboneProvider> discover() {
		Map<String, BackboneProvider> found = new LinkedHashMap<>();
		// The class loader that loaded this class also holds the plugin's service files, in Fiji too.
		for (BackboneProvider p : ServiceLoader.load(BackboneProvider.class, BackboneProvider.class.getClassLoader())) {
			BackboneProvider before = found.putIfAbsent(p.name(), p);
			if (before != null && before.getClass() != p.getClass())
				throw new IllegalStateException("Two backbones are called '" + p.name() + "': " + before.getClass().getName() + " and " + p.getClass().getName());
		}
		Map<String, BackboneProvider> ordered = new LinkedHashMap<>();
		BackboneProvider embedded = found.remove(EmbeddedBackbone.NAME);
		if (embedded != null) ordered.put(EmbeddedBackbone.NAME, embedded);
		ordered.putAll(found);
		return ordered;
	}

	/** The provider of this name, or null. */
	public static BackboneProvider provider(String name) {
		return PROVIDERS.get(name);
	}

	/** The option of this name or macro key ({@code object_size} for {@code object-size}) declared by any backbone, or null. */
	public static BackboneOption option(String name) {
		for (BackboneProvider p : PROVIDERS.values())
			for (BackboneOption o : p.options()) if (o.name().equals(name) || o.macroKey().equals(name)) return o;
		return null;
	}

	/** The discovered providers, in {@link #NAMES} order. */
	public static List<BackboneProvider> providers() {
		return List.copyOf(PROVIDERS.values());
	}

	public static Backbone create(BackboneConfig config) throws BackboneException {
		return create(config, ProgressListener.NONE);
	}

	/** @param progress receives download progress where a model must be fetched first */
	public static Backbone create(BackboneConfig config, ProgressListener progress) throws BackboneException {
		String name = config.effectiveName();
		BackboneProvider provider = PROVIDERS.get(name);
		if (provider == null) throw new BackboneException("Unknown backbone '" + name + "'; choose one of " + String.join(", ", NAMES) + ".");
		return provider.create(config, progress);
	}
}

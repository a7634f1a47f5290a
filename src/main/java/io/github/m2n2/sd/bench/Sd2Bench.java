package io.github.m2n2.sd.bench;

import io.github.m2n2.engine.Attention;
import io.github.m2n2.engine.GuideImage;
import io.github.m2n2.engine.ProgressListener;
import io.github.m2n2.sd.Sd2Settings;
import io.github.m2n2.sd.StableDiffusionBackbone;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * CPU benchmark of the SD2 backbone on full-size networks with random weights (SD 2.1-base's
 * configs): writes the checkpoint once into a scratch folder (about 2.6 GB as fp16 files, not
 * for git), then times the first image (checkpoint loading and the text encoder included) and
 * the following images (text embedding cached), and reports peak Java heap and peak resident
 * memory. Random weights run the same operations on the same shapes as the real ones, so the
 * timings are honest; the attention itself is meaningless.
 *
 * <pre>java -Xmx8g -cp ... io.github.m2n2.sd.bench.Sd2Bench [--r 64] [--images 3] [--dir /tmp/m2n2-sd2-bench] [--device cpu|auto|gpu] [--threads n]</pre>
 */
public final class Sd2Bench {

	private Sd2Bench() { }

	public static void main(String[] args) throws Exception {
		int r = 64, images = 3;
		Path dir = Paths.get(System.getProperty("java.io.tmpdir"), "m2n2-sd2-bench");
		Sd2Settings.DeviceChoice device = Sd2Settings.DeviceChoice.CPU;
		for (int i = 0; i < args.length; i++) {
			switch (args[i]) {
			case "--r": r = Integer.parseInt(args[++i]); break;
			case "--images": images = Integer.parseInt(args[++i]); break;
			case "--dir": dir = Paths.get(args[++i]); break;
			case "--device": device = Sd2Settings.DeviceChoice.parse(args[++i]); break;
			case "--threads":
				// PyTorch's intra-op threads; 1 gives CPU seconds free of the spin-waiting that a shared machine adds
				ai.djl.engine.Engine.getEngine("PyTorch");
				ai.djl.pytorch.jni.JniUtils.setNumThreads(Integer.parseInt(args[++i]));
				break;
			default: throw new IllegalArgumentException("unknown option " + args[i]);
			}
		}
		System.out.println(run(dir, r, images, device));
	}

	/** Runs the benchmark and returns its report (also usable from a CLI bench command). */
	public static String run(Path dir, int r, int images, Sd2Settings.DeviceChoice device) throws Exception {
		StringBuilder out = new StringBuilder();
		Path model = dir.resolve("sd21-base-random");
		if (!Files.exists(model.resolve("complete"))) {
			long t0 = System.nanoTime();
			new RandomCheckpoint(Sd2Configs.unet21Base(), Sd2Configs.vae21Base(), Sd2Configs.textEncoder21Base()).fp16(true).write(model);
			Files.write(model.resolve("complete"), new byte[0]);
			out.append(String.format(Locale.ROOT, "wrote random SD 2.1-base checkpoint (fp16 files) in %.1f s%n", secs(t0)));
		}
		deleteCache(model);
		MemoryWatch watch = new MemoryWatch();
		watch.start();
		GuideImage image = syntheticImage(640, 480);
		List<Double> times = new ArrayList<>();
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(Sd2Settings.of(model).withDevice(device))) {
			long t0 = System.nanoTime();
			Attention a = b.attention(image, r, ProgressListener.NONE);
			out.append(String.format(Locale.ROOT, "first image, r = %d (loading, text encoder, VAE, UNet): %.1f s%n", r, secs(t0)));
			out.append(b.describe()).append('\n');
			check(a);
			for (int i = 0; i < images; i++) {
				StageClock clock = new StageClock();
				long t1 = System.nanoTime();
				long cpu1 = cpuNanos();
				check(b.attention(image, r, clock));
				times.add(secs(t1));
				double cpu = (cpuNanos() - cpu1) / 1e9;
				System.gc();
				out.append(String.format(Locale.ROOT, "  image %d: %.1f s wall, %.1f s CPU (%s); resident after: %.0f MiB; load average %.1f%n",
					i + 1, times.get(i), cpu, clock, procStatus("VmRSS") / 1024.0,
					ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
			}
		}
		try (StableDiffusionBackbone b = new StableDiffusionBackbone(Sd2Settings.of(model).withDevice(device))) {
			long t0 = System.nanoTime();
			b.attention(image, r, ProgressListener.NONE);
			out.append(String.format(Locale.ROOT, "new backbone, text embedding from the disk cache (text encoder ran: %s): %.1f s%n",
				b.textEncoderRan(), secs(t0)));
		}
		watch.stopWatching();
		System.gc();
		List<Double> sorted = new ArrayList<>(times);
		Collections.sort(sorted);
		out.append(String.format(Locale.ROOT, "per image, text embedding cached, %d runs: median %.1f s (min %.1f, max %.1f)%n",
			times.size(), sorted.get(sorted.size() / 2), sorted.get(0), sorted.get(sorted.size() - 1)));
		out.append(String.format(Locale.ROOT, "peak Java heap used: %.0f MiB; peak resident memory (VmHWM): %.0f MiB; resident now: %.0f MiB%n",
			watch.peakHeap / 1048576.0, procStatus("VmHWM") / 1024.0, procStatus("VmRSS") / 1024.0));
		out.append(String.format(Locale.ROOT, "machine: %d processors visible to Java, %s %s; PyTorch threads: %d%n",
			Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"), System.getProperty("os.arch"),
			ai.djl.pytorch.jni.JniUtils.getNumThreads()));
		return out.toString();
	}

	private static void check(Attention a) {
		if (a.values().length == 0) throw new IllegalStateException("empty attention");
	}

	private static double secs(long t0) { return (System.nanoTime() - t0) / 1e9; }

	private static void deleteCache(Path model) throws IOException {
		Path cache = model.resolve(".m2n2-cache");
		if (!Files.isDirectory(cache)) return;
		try (java.util.stream.Stream<Path> s = Files.list(cache)) {
			for (Path p : (Iterable<Path>) s::iterator) Files.delete(p);
		}
	}

	static GuideImage syntheticImage(int w, int h) {
		int[] rgb = new int[w * h];
		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++) {
				int r = (int) (127 + 120 * Math.sin(x / 23.0)), g = (int) (127 + 120 * Math.cos(y / 17.0));
				int b = (x - w / 2) * (x - w / 2) + (y - h / 2) * (y - h / 2) < 100 * 100 ? 230 : 30;
				rgb[y * w + x] = (r << 16) | (g << 8) | b;
			}
		return GuideImage.ofPackedRgb(w, h, rgb);
	}

	/** Seconds spent in each stage, from the first progress report of one stage to the first of the next. */
	private static final class StageClock implements ProgressListener {
		private final java.util.LinkedHashMap<String, Long> starts = new java.util.LinkedHashMap<>();
		private final long t0 = System.nanoTime();

		@Override
		public void progress(String task, double fraction) {
			starts.putIfAbsent(task, System.nanoTime());
		}

		@Override
		public String toString() {
			StringBuilder b = new StringBuilder();
			java.util.List<java.util.Map.Entry<String, Long>> e = new ArrayList<>(starts.entrySet());
			long end = System.nanoTime();
			for (int i = 0; i < e.size(); i++) {
				long stop = i + 1 < e.size() ? e.get(i + 1).getValue() : end;
				if (b.length() > 0) b.append(", ");
				b.append(String.format(Locale.ROOT, "%s %.1f s", e.get(i).getKey().replace("Stable Diffusion", "").trim(), (stop - e.get(i).getValue()) / 1e9));
			}
			return b.toString();
		}
	}

	/** CPU time of this process (all threads), which other jobs on a shared machine do not inflate. */
	static long cpuNanos() {
		java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
		return os instanceof com.sun.management.OperatingSystemMXBean ? ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime() : -1;
	}

	/** kB from /proc/self/status (Linux), or -1. */
	static long procStatus(String key) {
		try {
			for (String line : Files.readAllLines(Paths.get("/proc/self/status"), StandardCharsets.UTF_8))
				if (line.startsWith(key + ":")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
		} catch (IOException | NumberFormatException e) {
			// not Linux
		}
		return -1;
	}

	/** Samples the heap every 50 ms; the kernel keeps the resident peak itself. */
	private static final class MemoryWatch extends Thread {
		volatile long peakHeap;
		volatile boolean running = true;
		private final MemoryMXBean bean = ManagementFactory.getMemoryMXBean();

		MemoryWatch() {
			setDaemon(true);
		}

		@Override
		public void run() {
			while (running) {
				peakHeap = Math.max(peakHeap, bean.getHeapMemoryUsage().getUsed());
				try {
					Thread.sleep(50);
				} catch (InterruptedException e) {
					return;
				}
			}
		}

		void stopWatching() {
			running = false;
		}
	}
}

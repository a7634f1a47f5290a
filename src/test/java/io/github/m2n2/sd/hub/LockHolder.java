package io.github.m2n2.sd.hub;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;

/**
 * Run as a separate process by {@link CacheLockTest}: locks the file named by the argument the
 * way any other process would, says so, and holds the lock until its standard input closes.
 */
public final class LockHolder {

	private LockHolder() { }

	public static void main(final String[] args) throws Exception {
		try (FileChannel channel = FileChannel.open(Paths.get(args[0]), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
			FileLock lock = channel.lock())
		{
			System.out.println("locked");
			System.out.flush();
			while (System.in.read() >= 0) {
				// hold the lock until the parent closes our input or ends us
			}
		}
	}
}

package io.github.m2n2.cli;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import io.github.m2n2.input.UserError;

/** {@code scripts/m2n2 COMMAND [options]}: dispatches to the subcommands. */
public final class Main {

	/** Subcommands in the order the overview lists them. */
	static Map<String, CliCommand> commands() {
		Map<String, CliCommand> m = new LinkedHashMap<>();
		for (CliCommand c : new CliCommand[] { new SegmentCommand(), new BatchCommand(), new EvaluateCommand(), new AttentionCommand(), new BenchCommand(), new SampleCommand(),
			new ImagejCommand(), new InstallFijiCommand() }) m.put(c.name(), c);
		return m;
	}

	/** Which options each command accepts, and which of them are switches. */
	static Set<String> known(CliCommand c) {
		if (c instanceof OptionSet) return ((OptionSet) c).known();
		return SegmentCommand.known();
	}

	static Set<String> switches(CliCommand c) {
		if (c instanceof OptionSet) return ((OptionSet) c).switches();
		return SegmentCommand.switches();
	}

	/** Commands with their own option names implement this. */
	public interface OptionSet {
		Set<String> known();

		Set<String> switches();
	}

	public static void main(String[] argv) {
		System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
		System.exit(run(argv, System.out, System.err));
	}

	public static int run(String[] argv, PrintStream out, PrintStream err) {
		Map<String, CliCommand> commands = commands();
		if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h") || argv[0].equals("help")) {
			out.println("usage: m2n2 COMMAND [options]   (m2n2 COMMAND --help for details)\n");
			for (CliCommand c : commands.values()) out.println(String.format("  %-10s %s", c.name(), c.summary()));
			return argv.length == 0 ? 2 : 0;
		}
		CliCommand command = commands.get(argv[0]);
		if (command == null) {
			err.println("m2n2: unknown command '" + argv[0] + "'; commands: " + String.join(", ", commands.keySet()));
			return 2;
		}
		String[] rest = java.util.Arrays.copyOfRange(argv, 1, argv.length);
		if (command instanceof ImagejCommand) rest = ImagejCommand.imageAsOption(rest);
		if (command instanceof InstallFijiCommand) rest = InstallFijiCommand.dirAsOption(rest);
		for (String s : rest)
			if (s.equals("--help") || s.equals("-h")) {
				out.println(command.usage());
				return 0;
			}
		try {
			Args args = Args.parse(rest, switches(command), known(command));
			return command.run(args, out, err);
		} catch (UserError e) {
			err.println("m2n2 " + command.name() + ": " + e.getMessage());
			return 2;
		} catch (OutOfMemoryError e) {
			err.println("m2n2 " + command.name() + ": out of memory; use a smaller --resolution or give Java more memory (M2N2_JAVA_OPTS=-Xmx16g)");
			return 1;
		} catch (java.nio.file.FileSystemException e) {
			// the machine refused a file (permissions, a full disk, a special folder): one line, no trace
			err.println("m2n2 " + command.name() + ": cannot use the file " + e.getFile()
				+ (e.getReason() != null ? ": " + e.getReason() : " (" + e.getClass().getSimpleName() + ")"));
			return 1;
		} catch (Exception e) {
			err.println("m2n2 " + command.name() + ": internal error: " + e);
			e.printStackTrace(err);
			return 1;
		}
	}
}

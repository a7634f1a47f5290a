package io.github.m2n2.cli;

import java.io.PrintStream;

import io.github.m2n2.input.UserError;

/** One subcommand of {@code scripts/m2n2}. */
public interface CliCommand {

	String name();

	/** One line for the overview. */
	String summary();

	/** The full usage text shown by {@code --help}. */
	String usage();

	/** @return the exit code; throw {@link UserError} for mistakes in the input */
	int run(Args args, PrintStream out, PrintStream err) throws Exception;
}

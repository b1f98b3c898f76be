package dev.lwa.benchmarks;

import java.util.function.Function;

/** What the harnesses' command lines share: an option's value, and a bad command line as exit code 2. */
final class Cli {
    private Cli() {
    }

    /** {@code args[i]}, the value of {@code option}; a usage error when the command line ends before it. */
    static String value(String[] args, int i, String option, String usage) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage);
        }
        return args[i];
    }

    /** The options {@code parse} makes of {@code args}; if it rejects them, its message on stderr and exit code 2. */
    static <T> T parseOrExit(String[] args, Function<String[], T> parse) {
        try {
            return parse.apply(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            throw e; // not reached
        }
    }
}

package dev.lwa.core.pipeline;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.regex.Pattern;

/**
 * What went wrong, in words, for the error messages a function's caller reads: the exception's
 * own message, or a phrase for its kind when it has none. Never a Java class name: the caller
 * did not write lwa and cannot act on {@code SocketException}.
 */
public final class Failures {
    /** A leading {@code java.io.IOException: } as {@code new RuntimeException(cause)} writes it. */
    private static final Pattern CLASS_PREFIX = Pattern.compile("^(?:[a-z_$][\\w$]*\\.)+[A-Z][\\w$]*: ");

    private Failures() {
    }

    public static String describe(Throwable e) {
        String m = e.getMessage();
        if (m != null) {
            String stripped = m;
            while (true) {
                String next = CLASS_PREFIX.matcher(stripped).replaceFirst("");
                if (next.equals(stripped)) {
                    break;
                }
                stripped = next;
            }
            if (!stripped.isBlank() && !CLASS_PREFIX.matcher(stripped + ": ").matches()) {
                return stripped;
            }
        }
        // instanceof, not a pattern switch: a type switch generates a class at run time
        if (e instanceof EOFException) {
            return "the connection was closed early";
        } else if (e instanceof SocketTimeoutException) {
            return "timed out";
        } else if (e instanceof ConnectException) {
            return "the connection was refused";
        } else if (e instanceof SocketException) {
            return "the connection failed";
        } else if (e instanceof IOException) {
            return "an I/O error";
        } else if (e instanceof StackOverflowError) {
            return "too deeply nested to handle";
        } else if (e instanceof OutOfMemoryError) {
            return "not enough memory";
        }
        return "an internal error (the adapter's log has the details)";
    }
}

package dev.lwa.core.pipeline;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * What went wrong, in words, for the error messages a function's caller reads: the exception's
 * own message, or a phrase for its kind when it has none. Never a Java class name: the caller
 * did not write lwa and cannot act on {@code SocketException}.
 */
public final class Failures {
    private Failures() {
    }

    public static String describe(Throwable e) {
        String m = e.getMessage();
        if (m != null) {
            String stripped = m;
            for (int end = classPrefixEnd(stripped); end >= 0; end = classPrefixEnd(stripped)) {
                stripped = stripped.substring(end);
            }
            if (!stripped.isBlank() && qualifiedClassNameEnd(stripped) != stripped.length()) {
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

    // The two checks below are written out, not a regex: no java.util.regex on the Lambda path,
    // its classes would be loaded at every start.

    /**
     * Where a leading {@code java.io.IOException: }, as {@code new RuntimeException(cause)} writes
     * it, ends: the regex {@code ^(?:[a-z_$][\w$]*\.)+[A-Z][\w$]*: } as {@code replaceFirst} finds
     * it. -1 when there is none.
     */
    static int classPrefixEnd(String s) {
        int end = qualifiedClassNameEnd(s);
        return end >= 0 && s.startsWith(": ", end) ? end + 2 : -1;
    }

    /**
     * Where the qualified class name {@code s} starts with ends: {@code (?:[a-z_$][\w$]*\.)+[A-Z][\w$]*}
     * followed by a character outside {@code [\w$.]} or by nothing ({@code \w} is
     * {@code [A-Za-z0-9_]}). The name is the longest run of {@code [\w$.]}, cut at its dots: at
     * least two parts, none empty, each but the last starting with {@code [a-z_$]}, the last with
     * {@code [A-Z]}. -1 when {@code s} starts with no such name.
     */
    static int qualifiedClassNameEnd(String s) {
        int end = 0;
        while (end < s.length() && (isWordOrDollar(s.charAt(end)) || s.charAt(end) == '.')) {
            end++;
        }
        int parts = 0;
        int start = 0;
        while (true) {
            int dot = s.indexOf('.', start);
            boolean last = dot < 0 || dot >= end;
            int partEnd = last ? end : dot;
            if (partEnd == start) {
                return -1; // an empty part: a leading dot, two in a row, or a trailing one
            }
            char first = s.charAt(start);
            parts++;
            if (last) {
                return parts >= 2 && first >= 'A' && first <= 'Z' ? end : -1;
            }
            if (!(first >= 'a' && first <= 'z' || first == '_' || first == '$')) {
                return -1;
            }
            start = dot + 1;
        }
    }

    /** {@code [\w$]}: an ASCII letter or digit, {@code _} or {@code $}. */
    private static boolean isWordOrDollar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '$';
    }
}

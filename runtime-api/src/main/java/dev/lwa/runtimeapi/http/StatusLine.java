package dev.lwa.runtimeapi.http;

/**
 * The shape of an HTTP/1.x status line (RFC 9112 §4): {@code HTTP/1.x}, one space, a three-digit
 * status code (100 to 999), then a space and the reason phrase, or the end of the line. The one rule
 * for the client's response parser and the readiness probe.
 */
public final class StatusLine {
    /** Where the reason phrase starts: past {@code HTTP/1.1 200 }. */
    public static final int REASON_OFFSET = 13;

    private StatusLine() {
    }

    /**
     * The status code of the status line in {@code b[from, to)} (without its line end), or -1 when
     * those bytes are not one.
     */
    public static int code(byte[] b, int from, int to) {
        int len = to - from;
        // HTTP/1.x SP 3DIGIT [SP reason]
        if (len < 12 || b[from] != 'H' || b[from + 1] != 'T' || b[from + 2] != 'T' || b[from + 3] != 'P'
                || b[from + 4] != '/' || b[from + 5] != '1' || b[from + 6] != '.' || !digit(b[from + 7])
                || b[from + 8] != ' ' || !digit(b[from + 9]) || !digit(b[from + 10]) || !digit(b[from + 11])
                || (len > 12 && b[from + 12] != ' ') || b[from + 9] == '0') {
            return -1;
        }
        return (b[from + 9] - '0') * 100 + (b[from + 10] - '0') * 10 + (b[from + 11] - '0');
    }

    /** The {@code x} of {@code HTTP/1.x} in a status line that {@link #code} accepted. */
    public static int minorVersion(byte[] b, int from) {
        return b[from + 7] - '0';
    }

    private static boolean digit(byte x) {
        return x >= '0' && x <= '9';
    }
}

package dev.lwa.runtimeapi.http;

/**
 * The character rules for HTTP field names and values, in one place for every module that builds
 * or checks a header.
 *
 * <p>Two strengths of value check exist on purpose. {@link #indexOfBreak} finds what would split
 * a message (CR, LF, NUL): the client refuses those whoever the caller is. {@link #indexOfControl}
 * is the stricter rule LWA's {@code http} crate applies to values taken from an event (any control
 * but TAB, and DEL), so an event lwa forwards is refused for the same values LWA refuses.
 */
public final class HeaderSyntax {
    /** RFC 9110 tchar, indexed by ASCII code. */
    private static final boolean[] TCHAR = new boolean[128];

    static {
        for (char c = '0'; c <= '9'; c++) {
            TCHAR[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            TCHAR[c] = true;
            TCHAR[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            TCHAR[c] = true;
        }
    }

    private HeaderSyntax() {
    }

    /** One RFC 9110 tchar: what a field name or a method is made of. */
    public static boolean isTchar(int c) {
        return c >= 0 && c < 128 && TCHAR[c];
    }

    /** A non-empty run of tchars: a valid field name or method. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Index of the first CR, LF or NUL in a value (characters that would break the message), or -1. */
    public static int indexOfBreak(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\r' || c == '\n' || c == 0) {
                return i;
            }
        }
        return -1;
    }

    /** Index of the first control character other than TAB, or DEL, in a value, or -1. */
    public static int indexOfControl(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return i;
            }
        }
        return -1;
    }
}

package dev.lwa.runtimeapi.http;

import java.nio.charset.StandardCharsets;

/**
 * The WHATWG URL path and query setters for an {@code http:} URL, which is what LWA applies to
 * the path and query it forwards (docs/behaviour.md, "Path and query encoding") and, parsing the
 * URL it builds, to the readiness check path. {@code java.net.URI} would reject or re-encode
 * differently.
 */
public final class UrlEncoding {
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private UrlEncoding() {
    }

    /**
     * As {@code url.pathname = path}: tabs and newlines dropped, {@code \} read as {@code /}, a
     * leading {@code /} added, {@code .} and {@code ..} segments resolved (also as {@code %2e}),
     * and the path percent-encode set escaped; existing {@code %XX} is kept.
     */
    public static String path(String path) {
        if (isPlain(path)) {
            return path;
        }
        StringBuilder out = new StringBuilder(path.length() + 8);
        java.util.ArrayList<String> segments = new java.util.ArrayList<>();
        String input = stripTabsAndNewlines(path).replace('\\', '/');
        int start = input.startsWith("/") ? 1 : 0;
        while (true) {
            int slash = input.indexOf('/', start);
            boolean last = slash < 0;
            String segment = input.substring(start, last ? input.length() : slash);
            if (isDoubleDot(segment)) {
                if (!segments.isEmpty()) {
                    segments.removeLast();
                }
                if (last) {
                    segments.add("");
                }
            } else if (isSingleDot(segment)) {
                if (last) {
                    segments.add("");
                }
            } else {
                segments.add(encode(segment, true));
            }
            if (last) {
                break;
            }
            start = slash + 1;
        }
        for (String s : segments) {
            out.append('/').append(s);
        }
        return out.isEmpty() ? "/" : out.toString();
    }

    /** As {@code url.search = query} for a special URL: the special-query percent-encode set escaped. */
    public static String query(String query) {
        for (int i = 0; i < query.length(); i++) {
            if (needsQueryEscape(query.charAt(i))) {
                return encode(stripTabsAndNewlines(query), false);
            }
        }
        return query;
    }

    /** Fast path: a path that the setter would leave exactly as it is. */
    private static boolean isPlain(String path) {
        if (path.isEmpty() || path.charAt(0) != '/') {
            return false;
        }
        char prev = '/';
        for (int i = 1; i < path.length(); i++) {
            char c = path.charAt(i);
            if (needsPathEscape(c) || c == '\\' || (c == '.' && prev == '/') || (c == '%' && prev == '/')) {
                return false;
            }
            prev = c;
        }
        return true;
    }

    private static boolean needsPathEscape(char c) {
        return c <= 0x20 || c >= 0x7f || c == '"' || c == '#' || c == '<' || c == '>' || c == '?'
                || c == '`' || c == '{' || c == '}';
    }

    private static boolean needsQueryEscape(char c) {
        return c <= 0x20 || c >= 0x7f || c == '"' || c == '#' || c == '<' || c == '>' || c == '\'';
    }

    private static String encode(String s, boolean path) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (path ? needsPathEscape(c) : needsQueryEscape(c)) {
                if (out == null) {
                    out = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                int end = i + 1;
                if (Character.isHighSurrogate(c) && end < s.length() && Character.isLowSurrogate(s.charAt(end))) {
                    end++;
                }
                for (byte b : s.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    out.append('%').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
                }
                i = end - 1;
            } else if (out != null) {
                out.append(c);
            }
        }
        return out == null ? s : out.toString();
    }

    private static String stripTabsAndNewlines(String s) {
        if (s.indexOf('\t') < 0 && s.indexOf('\n') < 0 && s.indexOf('\r') < 0) {
            return s;
        }
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\t' && c != '\n' && c != '\r') {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    private static boolean isSingleDot(String s) {
        return s.equals(".") || s.equalsIgnoreCase("%2e");
    }

    private static boolean isDoubleDot(String s) {
        return switch (s.length()) {
            case 2 -> s.equals("..");
            case 4 -> s.equalsIgnoreCase(".%2e") || s.equalsIgnoreCase("%2e.");
            case 6 -> s.equalsIgnoreCase("%2e%2e");
            default -> false;
        };
    }
}

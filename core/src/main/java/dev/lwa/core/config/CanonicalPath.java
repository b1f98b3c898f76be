package dev.lwa.core.config;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The form in which two request paths count as the same route, as LWA 1.1 compares paths with its
 * SnapStart hook paths: percent-decoded once, control characters dropped, split on {@code /},
 * each segment cut at its first {@code ;}, empty and {@code .} segments dropped, {@code ..}
 * removing the segment before it, ASCII letters lower-cased. Most frameworks route the
 * spellings this folds together to the same handler.
 */
public final class CanonicalPath {

    private CanonicalPath() {
    }

    /**
     * The path's segments in canonical form; the root is the empty list. Empty when the path
     * cannot be decoded (a {@code %} not followed by two hex digits, or bytes that are not UTF-8):
     * such a path is the same as no other.
     */
    public static Optional<List<String>> of(String path) {
        return decode(path).map(CanonicalPath::segments);
    }

    /**
     * As {@link #of}, with each segment first cut at its first {@code ;} as written, before any
     * decoding: servlet containers (Tomcat) drop path parameters first, so {@code
     * /snapstart/after;%ff}, which cannot be decoded whole, is {@code /snapstart/after} to them.
     */
    public static Optional<List<String>> ofWithoutParameters(String path) {
        StringBuilder cut = new StringBuilder(path.length());
        boolean inParameters = false;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/') {
                inParameters = false;
            } else if (c == ';') {
                inParameters = true;
            }
            if (!inParameters) {
                cut.append(c);
            }
        }
        return of(cut.toString());
    }

    /** One pass of percent-decoding, as UTF-8; empty when malformed. */
    public static Optional<String> decode(String path) {
        if (path.indexOf('%') < 0) {
            return Optional.of(path);
        }
        byte[] utf8 = path.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(utf8.length);
        for (int i = 0; i < utf8.length; i++) {
            byte b = utf8[i];
            if (b == '%') {
                int hi = i + 2 < utf8.length ? Character.digit(utf8[i + 1], 16) : -1;
                int lo = hi >= 0 ? Character.digit(utf8[i + 2], 16) : -1;
                if (lo < 0) {
                    return Optional.empty();
                }
                out.put((byte) (hi << 4 | lo));
                i += 2;
            } else {
                out.put(b);
            }
        }
        out.flip();
        try {
            return Optional.of(StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(out).toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    private static List<String> segments(String decoded) {
        StringBuilder kept = new StringBuilder(decoded.length());
        decoded.codePoints().filter(c -> !Character.isISOControl(c)).forEach(kept::appendCodePoint);
        List<String> segments = new ArrayList<>();
        for (String segment : kept.toString().split("/", -1)) {
            int semicolon = segment.indexOf(';');
            String s = semicolon < 0 ? segment : segment.substring(0, semicolon);
            if (s.equals("..")) {
                if (!segments.isEmpty()) {
                    segments.removeLast();
                }
            } else if (!s.isEmpty() && !s.equals(".")) {
                segments.add(asciiLower(s));
            }
        }
        return segments;
    }

    private static String asciiLower(String s) {
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                if (out == null) {
                    out = new StringBuilder(s);
                }
                out.setCharAt(i, (char) (c + ('a' - 'A')));
            }
        }
        return out == null ? s : out.toString();
    }
}

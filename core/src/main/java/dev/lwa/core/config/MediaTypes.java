package dev.lwa.core.config;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Media types the user says are text, or binary, whatever lwa's automatic rules would decide for a
 * buffered body ({@code AWS_LWA_TEXT_MEDIA_TYPES}, {@code AWS_LWA_BINARY_MEDIA_TYPES}). LWA decides
 * from a fixed list only, so a type such as {@code application/x-ndjson} always comes back base64;
 * these lists let a function say otherwise without changing the app.
 *
 * <p>Each entry is {@code type/subtype}, lower-cased, where {@code *} stands for any run of
 * characters ({@code image/*}, {@code application/vnd.*+json}). When entries of both lists match,
 * an entry without {@code *} wins over one with; between two wildcards the longer entry wins, and
 * on a tie binary wins (base64 never changes the bytes). The same entry in both lists is refused
 * when the settings are read.
 *
 * @param binary entries whose bodies go out base64
 * @param text   entries whose bodies go out as text
 */
public record MediaTypes(List<String> binary, List<String> text) {

    /** What the lists say about one content type. */
    public enum Choice {
        TEXT, BINARY,
        /** No entry matches: lwa's automatic rules decide. */
        AUTOMATIC
    }

    private static final MediaTypes NONE = new MediaTypes(List.of(), List.of());
    /** The score of an entry without {@code *}: above any wildcard's length. */
    private static final int EXACT = Integer.MAX_VALUE;

    public MediaTypes {
        binary = List.copyOf(binary);
        text = List.copyOf(text);
    }

    /** Neither list: LWA's behaviour. */
    public static MediaTypes none() {
        return NONE;
    }

    public boolean isEmpty() {
        return binary.isEmpty() && text.isEmpty();
    }

    /** @param contentType the response's {@code Content-Type} as sent; parameters and case do not matter */
    public Choice choose(String contentType) {
        int semi = contentType.indexOf(';');
        String mime = (semi >= 0 ? contentType.substring(0, semi) : contentType).trim().toLowerCase(Locale.ROOT);
        int b = best(binary, mime);
        int t = best(text, mime);
        if (b < 0 && t < 0) {
            return Choice.AUTOMATIC;
        }
        return t > b ? Choice.TEXT : Choice.BINARY;
    }

    /** The best score of the entries matching {@code mime}; -1 when none does. */
    private static int best(List<String> entries, String mime) {
        int best = -1;
        for (String entry : entries) {
            if (entry.indexOf('*') < 0) {
                if (entry.equals(mime)) {
                    return EXACT;
                }
            } else if (entry.length() > best && matches(entry, mime)) {
                best = entry.length();
            }
        }
        return best;
    }

    /** Whether {@code pattern}, where {@code *} is any run of characters (none too), matches all of {@code s}. */
    static boolean matches(String pattern, String s) {
        Objects.requireNonNull(pattern, "pattern");
        int p = 0;
        int i = 0;
        int star = -1;
        int resume = 0;
        while (i < s.length()) {
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = i;
            } else if (p < pattern.length() && pattern.charAt(p) == s.charAt(i)) {
                p++;
                i++;
            } else if (star >= 0) {
                p = star + 1;
                i = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}

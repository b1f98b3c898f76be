package dev.lwa.runtimeapi.json;

/**
 * Appends JSON text to a {@link StringBuilder}. The adapter writes its envelopes and context
 * headers by hand: it is the hot path, the shapes are fixed, and a generator would add
 * allocation without adding safety.
 */
public final class JsonText {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /** Appends {@code s} as a JSON string literal, quotes included. */
    public static StringBuilder string(StringBuilder out, String s) {
        return string(out, s, false);
    }

    /**
     * Appends {@code s} as a JSON string literal. Quotes, backslashes, control characters, DEL,
     * U+2028/U+2029 (line breaks to JavaScript) and unpaired surrogates (which UTF-8 cannot carry,
     * they would become {@code ?}) are escaped. With {@code asciiOnly} every character outside
     * printable ASCII is written as a {@code \\u} escape, so the text is a valid HTTP header value
     * whatever the input (LWA 1.0 failed on DEL; docs/behaviour.md, "Smaller choices", Context headers).
     */
    public static StringBuilder string(StringBuilder out, String s, boolean asciiOnly) {
        out.append('"');
        int len = s.length();
        int run = 0;
        for (int i = 0; i < len; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                if (c != '"' && c != '\\') {
                    continue;
                }
            } else if (c > 0x7f && !asciiOnly && c != '\u2028' && c != '\u2029') {
                if (!Character.isSurrogate(c)) {
                    continue;
                }
                if (Character.isHighSurrogate(c) && i + 1 < len && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++; // a valid pair stays as it is
                    continue;
                }
            }
            out.append(s, run, i);
            run = i + 1;
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u").append(HEX[c >> 12 & 0xf]).append(HEX[c >> 8 & 0xf])
                        .append(HEX[c >> 4 & 0xf]).append(HEX[c & 0xf]);
            }
        }
        return out.append(s, run, len).append('"');
    }

    public static String quote(String s) {
        return string(new StringBuilder(s.length() + 2), s).toString();
    }
}

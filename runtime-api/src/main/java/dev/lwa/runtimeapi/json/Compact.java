package dev.lwa.runtimeapi.json;

import java.util.Arrays;

/**
 * JSON text without the whitespace between its tokens, which is how serde and most encoders write
 * it. For UTF-8 text already checked: a byte of a multi-byte sequence is never ASCII, so quotes,
 * backslashes and whitespace can be told byte by byte, and whitespace inside strings is kept.
 */
final class Compact {
    private Compact() {
    }

    /** {@code json[from, to)} compacted, in a new array. */
    static byte[] bytes(byte[] json, int from, int to) {
        byte[] out = null;
        int written = 0;
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte b = json[i];
            if (!inString && (b == ' ' || b == '\n' || b == '\r' || b == '\t')) {
                if (out == null) {
                    out = new byte[to - from];
                    written = i - from;
                    System.arraycopy(json, from, out, 0, written);
                }
                continue;
            }
            if (inString && b == '\\') {
                if (out != null) {
                    out[written++] = b;
                }
                b = json[++i]; // escaped, so never the closing quote
            } else if (b == '"') {
                inString = !inString;
            }
            if (out != null) {
                out[written++] = b;
            }
        }
        return out == null ? Arrays.copyOfRange(json, from, to) : Arrays.copyOf(out, written);
    }
}

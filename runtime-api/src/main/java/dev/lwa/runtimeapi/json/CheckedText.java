package dev.lwa.runtimeapi.json;

import java.util.Arrays;

/**
 * Finding one's way through text that {@link JsonValidator} has already checked: where a value, a
 * string, each member or element ends. Nothing here checks anything again, which is what makes
 * reading a member lwa never uses a single scan over its bytes.
 */
final class CheckedText {
    private CheckedText() {
    }

    /**
     * For each member of the (checked) object at {@code start}, {@link JsonNode#INDEX_STRIDE} ints:
     * name quote, name end, value start, value end, and the decoded length of a string value, which
     * only {@link JsonValidator} measures ({@link JsonNode#NOT_MEASURED} here).
     */
    static int[] indexObject(byte[] b, int start) {
        int[] out = new int[4 * JsonNode.INDEX_STRIDE];
        int n = 0;
        int i = JsonValidator.skipWhitespace(b, start + 1, b.length);
        if (b[i] == '}') {
            return new int[0];
        }
        while (true) {
            int nameEnd = stringEnd(b, i);
            int valueStart = JsonValidator.skipWhitespace(b, JsonValidator.skipWhitespace(b, nameEnd, b.length) + 1, b.length);
            int valueEnd = valueEnd(b, valueStart);
            if (n + JsonNode.INDEX_STRIDE > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = i;
            out[n++] = nameEnd;
            out[n++] = valueStart;
            out[n++] = valueEnd;
            out[n++] = JsonNode.NOT_MEASURED;
            i = JsonValidator.skipWhitespace(b, valueEnd, b.length);
            if (b[i] != ',') {
                return Arrays.copyOf(out, n);
            }
            i = JsonValidator.skipWhitespace(b, i + 1, b.length);
        }
    }

    /** For each element of the (checked) array at {@code start}: its start and end. */
    static int[] indexArray(byte[] b, int start) {
        int[] out = new int[8];
        int n = 0;
        int i = JsonValidator.skipWhitespace(b, start + 1, b.length);
        if (b[i] == ']') {
            return new int[0];
        }
        while (true) {
            int valueEnd = valueEnd(b, i);
            if (n + 2 > out.length) {
                out = Arrays.copyOf(out, out.length * 2);
            }
            out[n++] = i;
            out[n++] = valueEnd;
            i = JsonValidator.skipWhitespace(b, valueEnd, b.length);
            if (b[i] != ',') {
                return Arrays.copyOf(out, n);
            }
            i = JsonValidator.skipWhitespace(b, i + 1, b.length);
        }
    }

    /** The index after the (checked) string that opens at {@code i}. */
    static int stringEnd(byte[] b, int i) {
        int j = i + 1;
        while (true) {
            j = ByteScan.quoteOrBackslash(b, j, b.length);
            if (b[j] == '"') {
                return j + 1;
            }
            j += 2; // an escape: the next byte is never the closing quote
        }
    }

    /** The index after the (checked) value that starts at {@code i}. */
    static int valueEnd(byte[] b, int i) {
        byte c = b[i];
        if (c == '"') {
            return stringEnd(b, i);
        }
        if (c == '{' || c == '[') {
            int depth = 0;
            while (true) {
                c = b[i];
                if (c == '"') {
                    i = stringEnd(b, i);
                    continue;
                }
                if (c == '{' || c == '[') {
                    depth++;
                } else if ((c == '}' || c == ']') && --depth == 0) {
                    return i + 1;
                }
                i++;
            }
        }
        while (i < b.length) { // a number or a literal
            c = b[i];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                break;
            }
            i++;
        }
        return i;
    }
}

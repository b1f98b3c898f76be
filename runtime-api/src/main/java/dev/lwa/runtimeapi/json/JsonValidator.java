package dev.lwa.runtimeapi.json;

/**
 * The strict check of a JSON text (RFC 8259, as serde_json reads it: no trailing commas, no
 * comments, no leading zeros, escapes and control characters as the grammar says, nothing after
 * the value), and the navigation of text it has passed. One pass, no recursion: the depth is
 * bounded by {@link JsonNode#MAX_DEPTH}. Numbers are checked for their shape only, never
 * converted, so their size does not matter.
 */
final class JsonValidator {
    private JsonValidator() {
    }

    /**
     * A checked value: where it is, and, when it is an object, its members as
     * {@link CheckedText#indexObject} gives them, found on the way (so a large member is not
     * crossed twice), with the decoded length of each string value measured too.
     *
     * @param compact no whitespace between its tokens (so compacting it would change nothing)
     */
    record Checked(int start, int end, int[] members, boolean compact) {
    }

    /** Checks {@code b[from, to)}. */
    static Checked validate(byte[] b, int from, int to) throws JsonSyntaxException {
        int i = skipWhitespace(b, from, to);
        if (i >= to) {
            throw new JsonSyntaxException(from == to ? "no JSON value: the text is empty" : "no JSON value: the text is only whitespace", i);
        }
        int valueStart = i;
        long[] objects = new long[JsonNode.MAX_DEPTH / 64]; // bit d: the container at depth d is an object
        int depth = 0;
        boolean rootObject = b[i] == '{';
        RootMembers root = rootObject ? new RootMembers() : null;
        boolean spaced = false; // whitespace between tokens seen
        value:
        while (true) {
            if (i >= to) {
                throw endOfText(i);
            }
            byte c = b[i];
            switch (c) {
                case '{', '[' -> {
                    if (depth == JsonNode.MAX_DEPTH) {
                        throw new JsonSyntaxException("objects and arrays nest deeper than " + JsonNode.MAX_DEPTH + " levels", i);
                    }
                    boolean object = c == '{';
                    if (object) {
                        objects[depth >> 6] |= 1L << depth;
                    } else {
                        objects[depth >> 6] &= ~(1L << depth);
                    }
                    depth++;
                    int next = skipWhitespace(b, i + 1, to);
                    spaced |= next != i + 1;
                    i = next;
                    if (i < to && b[i] == (object ? '}' : ']')) {
                        depth--;
                        i++;
                    } else {
                        if (object) {
                            int name = i;
                            long member = memberName(b, i, to);
                            spaced |= member < 0;
                            i = (int) member;
                            if (depth == 1) {
                                root.open(b, name, i);
                            }
                        }
                        continue value;
                    }
                }
                case '"' -> {
                    long string = string(b, i, to);
                    int start = i;
                    i = (int) string;
                    if (depth == 1 && rootObject) { // a root member's value, maybe a body: keep its length
                        root.decodedLength(i - start - 2 - (int) (string >>> 32));
                    }
                }
                case 't' -> i = literal(b, i, to, "true");
                case 'f' -> i = literal(b, i, to, "false");
                case 'n' -> i = literal(b, i, to, "null");
                default -> {
                    if (c != '-' && (c < '0' || c > '9')) {
                        throw unexpected(b, i, "a JSON value");
                    }
                    i = number(b, i, to);
                }
            }
            // after a value: close containers, or go on to the next element or member
            while (true) {
                if (depth == 0) {
                    int valueEnd = i;
                    i = skipWhitespace(b, i, to);
                    if (i < to) {
                        throw new JsonSyntaxException("unexpected " + describe(b, i) + " after the JSON value", i);
                    }
                    return new Checked(valueStart, valueEnd, rootObject ? root.index() : null, !spaced);
                }
                if (depth == 1 && rootObject) {
                    root.end(i);
                }
                int next = skipWhitespace(b, i, to);
                spaced |= next != i;
                i = next;
                if (i >= to) {
                    throw endOfText(i);
                }
                boolean inObject = (objects[(depth - 1) >> 6] & (1L << (depth - 1))) != 0;
                byte d = b[i];
                if (d == ',') {
                    next = skipWhitespace(b, i + 1, to);
                    spaced |= next != i + 1;
                    i = next;
                    if (inObject) {
                        int name = i;
                        long member = memberName(b, i, to);
                        spaced |= member < 0;
                        i = (int) member;
                        if (depth == 1) {
                            root.open(b, name, i);
                        }
                    }
                    continue value;
                }
                if (d != (inObject ? '}' : ']')) {
                    throw unexpected(b, i, inObject ? "',' or '}'" : "',' or ']'");
                }
                depth--;
                i++;
            }
        }
    }

    /**
     * The root object's members as {@link CheckedText#indexObject} lists them ({@link JsonNode#INDEX_STRIDE}
     * ints each), filled in while the check passes them.
     */
    private static final class RootMembers {
        private int[] index = new int[8 * JsonNode.INDEX_STRIDE];
        /** Where the member being read starts in {@link #index}. */
        private int at = -JsonNode.INDEX_STRIDE;

        /** A member whose name opens at {@code name} and whose value starts at {@code value}. */
        void open(byte[] b, int name, int value) {
            at += JsonNode.INDEX_STRIDE;
            if (at + JsonNode.INDEX_STRIDE > index.length) {
                index = java.util.Arrays.copyOf(index, index.length * 2);
            }
            index[at] = name;
            index[at + 1] = CheckedText.stringEnd(b, name); // names are short: finding the end again costs nothing
            index[at + 2] = value;
            index[at + 4] = JsonNode.NOT_MEASURED; // until a string value says otherwise
        }

        /** The current member's value is a string of this decoded length. */
        void decodedLength(int length) {
            index[at + 4] = length;
        }

        /** The current member's value ends at {@code valueEnd}. */
        void end(int valueEnd) {
            index[at + 3] = valueEnd;
        }

        int[] index() {
            return java.util.Arrays.copyOf(index, at + JsonNode.INDEX_STRIDE);
        }
    }

    /**
     * A member name and its colon at {@code i}; returns where the member's value starts, negative
     * ({@link Long#MIN_VALUE} set) when there is whitespace around the colon.
     */
    private static long memberName(byte[] b, int i, int to) throws JsonSyntaxException {
        if (i >= to) {
            throw endOfText(i);
        }
        if (b[i] != '"') {
            throw unexpected(b, i, "a member name in double quotes");
        }
        int nameEnd = (int) string(b, i, to);
        i = skipWhitespace(b, nameEnd, to);
        if (i >= to) {
            throw endOfText(i);
        }
        if (b[i] != ':') {
            throw unexpected(b, i, "':' after the member name");
        }
        int value = skipWhitespace(b, i + 1, to);
        return value | (i != nameEnd || value != i + 1 ? Long.MIN_VALUE : 0);
    }

    /**
     * The string opening at {@code i}: the index after its closing quote in the low 32 bits, and in
     * the high 32 how many bytes fewer its content takes with its escapes resolved (as
     * {@link Unescape#write} resolves them). Every escape is met here anyway, so a body's decoded
     * length costs no pass of its own.
     */
    private static long string(byte[] b, int i, int to) throws JsonSyntaxException {
        int j = i + 1;
        long saved = 0;
        while (true) {
            // The next stop. JSON in a JSON body has an escape every few bytes: the word at j is
            // tested here, without a call; a longer run is the scan's.
            if (j + 8 <= to) {
                long w = ByteScan.word(b, j);
                long backslashes = ByteScan.backslashes(w);
                long quotes = ByteScan.quotes(w);
                long controls = ByteScan.controls(w);
                long inner = backslashes & ~ByteScan.LAST;
                if ((quotes | controls) == 0 && backslashes == 0) {
                    j = ByteScan.stringContent(b, j + 8, to);
                } else if (controls == 0 && quotes == inner << 8) {
                    // JSON in JSON: each backslash escapes the quote after it, and every quote is
                    // so escaped; the word is content, a backslash in its last byte the next's
                    saved += ByteScan.count(inner);
                    j += backslashes == inner ? 8 : 7;
                    continue;
                } else { // the lowest of these is a true stop (see ByteScan.controls)
                    j += ByteScan.firstByte(quotes | backslashes | controls);
                }
            } else {
                j = ByteScan.stringContent(b, j, to);
            }
            if (j >= to) {
                break;
            }
            byte c = b[j];
            if (c == '"') {
                return saved << 32 | (j + 1);
            }
            if (c != '\\') {
                throw new JsonSyntaxException("control character 0x" + Integer.toHexString(c) + " in a string (it must be escaped)", j);
            }
            if (j + 1 >= to) {
                break;
            }
            byte e = b[j + 1];
            if (e >= 0 && Unescape.SIMPLE[e] != 0) { // one table load rather than a switch: an escape every few bytes is common
                j += 2;
                saved++;
                continue;
            }
            if (e != 'u') {
                throw new JsonSyntaxException("invalid escape " + describeEscape(e)
                        + " in a string (allowed: \\\" \\\\ \\/ \\b \\f \\n \\r \\t \\uXXXX)", j);
            }
            if (!isUnicodeEscape(b, j, to)) {
                throw new JsonSyntaxException("invalid \\u escape in a string (four hex digits must follow)", j);
            }
            int unit = Unescape.unit(b, j);
            if (Character.isHighSurrogate((char) unit) && isUnicodeEscape(b, j + 6, to)
                    && Character.isLowSurrogate((char) Unescape.unit(b, j + 6))) {
                saved += 12 - 4; // a pair: one 4-byte sequence
                j += 12;
            } else { // a lone surrogate becomes U+FFFD
                saved += 6 - (Character.isSurrogate((char) unit) || unit >= 0x800 ? 3 : unit >= 0x80 ? 2 : 1);
                j += 6;
            }
        }
        throw new JsonSyntaxException("unterminated string (it opens at byte " + i + ")", to);
    }

    /** Whether {@code \\u} and four hex digits start at {@code j}. */
    private static boolean isUnicodeEscape(byte[] b, int j, int to) {
        if (j + 6 > to || b[j] != '\\' || b[j + 1] != 'u') {
            return false;
        }
        for (int k = j + 2; k < j + 6; k++) {
            if (Unescape.hex(b[k]) < 0) {
                return false;
            }
        }
        return true;
    }

    private static String describeEscape(byte c) {
        return c >= 0x20 && c < 0x7f ? "\\" + (char) c : "\\ followed by byte 0x" + Integer.toHexString(c & 0xff);
    }

    private static int literal(byte[] b, int i, int to, String word) throws JsonSyntaxException {
        int n = word.length();
        if (to - i < n) {
            throw unexpected(b, i, "a JSON value");
        }
        for (int k = 0; k < n; k++) {
            if (b[i + k] != word.charAt(k)) {
                throw unexpected(b, i, "a JSON value");
            }
        }
        return i + n;
    }

    /** {@code -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?}: the shape only; the value is never computed. */
    private static int number(byte[] b, int i, int to) throws JsonSyntaxException {
        int start = i;
        if (b[i] == '-') {
            i++;
        }
        if (i < to && b[i] == '0') {
            i++;
        } else {
            int digits = digits(b, i, to);
            if (digits == i) {
                throw new JsonSyntaxException("invalid number (a digit must follow '-')", start);
            }
            i = digits;
        }
        if (i < to && b[i] == '.') {
            int digits = digits(b, i + 1, to);
            if (digits == i + 1) {
                throw new JsonSyntaxException("invalid number (a digit must follow '.')", start);
            }
            i = digits;
        }
        if (i < to && (b[i] == 'e' || b[i] == 'E')) {
            i++;
            if (i < to && (b[i] == '+' || b[i] == '-')) {
                i++;
            }
            int digits = digits(b, i, to);
            if (digits == i) {
                throw new JsonSyntaxException("invalid number (the exponent has no digits)", start);
            }
            i = digits;
        }
        return i;
    }

    private static int digits(byte[] b, int i, int to) {
        while (i < to && b[i] >= '0' && b[i] <= '9') {
            i++;
        }
        return i;
    }

    static int skipWhitespace(byte[] b, int i, int to) {
        while (i < to) {
            byte c = b[i];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                break;
            }
            i++;
        }
        return i;
    }

    private static JsonSyntaxException endOfText(int i) {
        return new JsonSyntaxException("the text ends before the JSON value does", i);
    }

    private static JsonSyntaxException unexpected(byte[] b, int i, String expected) {
        return new JsonSyntaxException("expected " + expected + " but found " + describe(b, i), i);
    }

    private static String describe(byte[] b, int i) {
        int c = b[i] & 0xff;
        return c > 0x20 && c < 0x7f ? "'" + (char) c + "'" : "byte 0x" + Integer.toHexString(c);
    }
}

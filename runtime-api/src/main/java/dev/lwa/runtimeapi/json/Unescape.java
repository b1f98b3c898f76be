package dev.lwa.runtimeapi.json;

import java.util.Arrays;

/**
 * Resolves the escapes of checked JSON string content into UTF-8 bytes. {@code \\uXXXX} escapes become UTF-8 (a surrogate pair as one
 * 4-byte sequence; a lone surrogate, which UTF-8 cannot carry, as U+FFFD); every other byte is
 * copied as it is.
 */
final class Unescape {
    /** For each ASCII byte after a backslash: what a two-character escape stands for, 0 when it is none. */
    static final byte[] SIMPLE = new byte[128];

    static {
        SIMPLE['"'] = '"';
        SIMPLE['\\'] = '\\';
        SIMPLE['/'] = '/';
        SIMPLE['b'] = '\b';
        SIMPLE['f'] = '\f';
        SIMPLE['n'] = '\n';
        SIMPLE['r'] = '\r';
        SIMPLE['t'] = '\t';
    }

    private Unescape() {
    }

    /**
     * The content {@code b[from, to)} (between the quotes) with its escapes resolved, in one array:
     * {@link #write} into an array of the raw length (the result is never longer), trimmed only when
     * escapes made it shorter.
     */
    static byte[] toBytes(byte[] b, int from, int to) {
        ArraySink sink = new ArraySink(to - from);
        try {
            write(b, from, to, sink);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e); // an array does not fail
        }
        return sink.bytes();
    }

    /** An unsynchronised array to write into, of a size known to be enough. */
    private static final class ArraySink extends java.io.OutputStream {
        private final byte[] buf;
        private int n;

        ArraySink(int capacity) {
            this.buf = new byte[capacity];
        }

        @Override
        public void write(int c) {
            buf[n++] = (byte) c;
        }

        @Override
        public void write(byte[] src, int off, int len) {
            System.arraycopy(src, off, buf, n, len);
            n += len;
        }

        byte[] bytes() {
            return n == buf.length ? buf : Arrays.copyOf(buf, n);
        }
    }

    /** How many bytes {@link #write} writes for {@code b[from, to)}: the runs between escapes counted eight bytes at a time. */
    static long decodedLength(byte[] b, int from, int to) {
        long size = 0;
        for (int i = from; i < to; ) {
            int run = ByteScan.quoteOrBackslash(b, i, to);
            size += run - i;
            i = run;
            if (i >= to) {
                break;
            }
            if (b[i + 1] != 'u') {
                size++;
                i += 2;
                continue;
            }
            int unit = unit(b, i);
            if (Character.isHighSurrogate((char) unit) && isLowEscape(b, i + 6, to)) {
                size += 4;
                i += 12;
            } else {
                size += Character.isSurrogate((char) unit) || unit >= 0x800 ? 3 : unit >= 0x80 ? 2 : 1;
                i += 6;
            }
        }
        return size;
    }

    /** Bytes decoded through {@link #write}'s own buffer before they go to the stream. */
    private static final int BUFFER = 8192;

    /**
     * Writes the content {@code b[from, to)} with its escapes resolved. Short runs between escapes
     * and the decoded escapes collect in a buffer of at most 8 KiB, written to {@code out} when full
     * (JSON in a JSON body has an escape every few bytes: two stream calls per escape cost more
     * than the decoding); a long run goes to {@code out} straight from {@code b}.
     */
    static void write(byte[] b, int from, int to, java.io.OutputStream out) throws java.io.IOException {
        byte[] buf = new byte[Math.max(16, Math.min(BUFFER, to - from))];
        int o = 0;
        int i = from;
        while (i < to) {
            if (i + 8 <= to) { // the word at i tested here, without a call
                long w = ByteScan.word(b, i);
                long backslashes = ByteScan.backslashes(w); // checked content: a quote comes only escaped
                if (backslashes == 0) {
                    if (i + 16 <= to && ByteScan.backslashes(ByteScan.word(b, i + 8)) != 0 && buf.length - o >= 8) {
                        ByteScan.putWord(buf, o, w); // a short run: the next word has an escape
                        o += 8;
                        i += 8;
                        continue;
                    }
                    int run = ByteScan.quoteOrBackslash(b, i + 8, to);
                    o = Runs.put(b, i, run - i, to, buf, o, out);
                    i = run;
                    continue;
                }
                if (buf.length - o < 16) {
                    out.write(buf, 0, o);
                    o = 0;
                }
                long inner = backslashes & ~ByteScan.LAST;
                if (ByteScan.quotes(w) == inner << 8) {
                    // JSON in JSON: each backslash escapes the quote after it; the word goes out
                    // without them in one store (a backslash in its last byte starts the next word)
                    long v = w;
                    for (long m = inner; m != 0; m = (m & (m - 1)) >>> 8) { // the rest move down a byte
                        long below = ((m & -m) >>> 7) - 1; // the bits of the bytes below this backslash
                        v = v & below | (v >>> 8) & ~below;
                    }
                    ByteScan.putWord(buf, o, v);
                    int taken = backslashes == inner ? 8 : 7;
                    o += taken - ByteScan.count(inner);
                    i += taken;
                    continue;
                }
                int k = ByteScan.firstByte(backslashes);
                ByteScan.putWord(buf, o, w); // the bytes before the escape
                o += k;
                i += k;
            } else {
                int run = ByteScan.quoteOrBackslash(b, i, to);
                if (run > i) {
                    o = Runs.put(b, i, run - i, to, buf, o, out);
                    i = run;
                }
                if (i >= to) {
                    break;
                }
                if (buf.length - o < 4) {
                    out.write(buf, 0, o);
                    o = 0;
                }
            }
            byte e = b[i + 1];
            if (e != 'u') { // checked text: any other escape is one of SIMPLE's
                buf[o++] = SIMPLE[e];
                i += 2;
                continue;
            }
            int unit = unit(b, i);
            int cp;
            if (Character.isHighSurrogate((char) unit) && isLowEscape(b, i + 6, to)) {
                cp = Character.toCodePoint((char) unit, (char) unit(b, i + 6));
                i += 12;
            } else {
                cp = Character.isSurrogate((char) unit) ? 0xFFFD : unit;
                i += 6;
            }
            o = putUtf8(buf, o, cp);
        }
        out.write(buf, 0, o);
    }

    private static boolean isLowEscape(byte[] b, int i, int to) {
        return i + 6 <= to && b[i] == '\\' && b[i + 1] == 'u' && Character.isLowSurrogate((char) unit(b, i));
    }

    /** The code unit of the {@code \\uXXXX} escape at {@code i}. */
    static int unit(byte[] b, int i) {
        return hex(b[i + 2]) << 12 | hex(b[i + 3]) << 8 | hex(b[i + 4]) << 4 | hex(b[i + 5]);
    }

    private static int putUtf8(byte[] out, int o, int cp) {
        if (cp < 0x80) {
            out[o++] = (byte) cp;
        } else if (cp < 0x800) {
            out[o++] = (byte) (0xC0 | cp >> 6);
            out[o++] = (byte) (0x80 | cp & 0x3F);
        } else if (cp < 0x10000) {
            out[o++] = (byte) (0xE0 | cp >> 12);
            out[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[o++] = (byte) (0x80 | cp & 0x3F);
        } else {
            out[o++] = (byte) (0xF0 | cp >> 18);
            out[o++] = (byte) (0x80 | cp >> 12 & 0x3F);
            out[o++] = (byte) (0x80 | cp >> 6 & 0x3F);
            out[o++] = (byte) (0x80 | cp & 0x3F);
        }
        return o;
    }

    /** The value of a hex digit, -1 for any other byte. */
    static int hex(byte c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}

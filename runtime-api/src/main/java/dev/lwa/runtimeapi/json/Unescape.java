package dev.lwa.runtimeapi.json;

import java.util.Arrays;

/**
 * Resolves the escapes of checked JSON string content into UTF-8 bytes. {@code \\uXXXX} escapes become UTF-8 (a surrogate pair as one
 * 4-byte sequence; a lone surrogate, which UTF-8 cannot carry, as U+FFFD); every other byte is
 * copied as it is.
 */
final class Unescape {
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

    /** Writes the content {@code b[from, to)} with its escapes resolved: the runs between them as they are. */
    static void write(byte[] b, int from, int to, java.io.OutputStream out) throws java.io.IOException {
        byte[] one = new byte[4];
        for (int i = from; i < to; ) {
            int run = ByteScan.quoteOrBackslash(b, i, to);
            if (run > i) {
                out.write(b, i, run - i);
            }
            i = run;
            if (i >= to) {
                break;
            }
            byte e = b[i + 1];
            if (e != 'u') {
                out.write(switch (e) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> e; // \" \\ \/
                });
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
            out.write(one, 0, putUtf8(one, 0, cp));
        }
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

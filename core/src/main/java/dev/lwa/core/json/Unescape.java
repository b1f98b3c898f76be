package dev.lwa.core.json;

import java.util.Arrays;

/**
 * Resolves the escapes of checked JSON string content into UTF-8 bytes: one pass to size the
 * result exactly, one to write it. {@code \\uXXXX} escapes become UTF-8 (a surrogate pair as one
 * 4-byte sequence; a lone surrogate, which UTF-8 cannot carry, as U+FFFD); every other byte is
 * copied as it is.
 */
final class Unescape {
    private Unescape() {
    }

    /** The content {@code b[from, to)} (between the quotes) with its escapes resolved. */
    static byte[] toBytes(byte[] b, int from, int to) {
        int size = 0;
        boolean escaped = false;
        for (int i = from; i < to; ) {
            if (b[i] != '\\') {
                size++;
                i++;
                continue;
            }
            escaped = true;
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
                size += utf8Length(unit);
                i += 6;
            }
        }
        if (!escaped) {
            return Arrays.copyOfRange(b, from, to);
        }
        byte[] out = new byte[size];
        int o = 0;
        for (int i = from; i < to; ) {
            byte c = b[i];
            if (c != '\\') {
                out[o++] = c;
                i++;
                continue;
            }
            byte e = b[i + 1];
            if (e != 'u') {
                out[o++] = switch (e) {
                    case 'b' -> '\b';
                    case 'f' -> '\f';
                    case 'n' -> '\n';
                    case 'r' -> '\r';
                    case 't' -> '\t';
                    default -> e; // \" \\ \/
                };
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
            o = putUtf8(out, o, cp);
        }
        return out;
    }

    private static boolean isLowEscape(byte[] b, int i, int to) {
        return i + 6 <= to && b[i] == '\\' && b[i + 1] == 'u' && Character.isLowSurrogate((char) unit(b, i));
    }

    /** The code unit of the {@code \\uXXXX} escape at {@code i}. */
    private static int unit(byte[] b, int i) {
        return hex(b[i + 2]) << 12 | hex(b[i + 3]) << 8 | hex(b[i + 4]) << 4 | hex(b[i + 5]);
    }

    /** The UTF-8 length of a BMP code unit (a lone surrogate counts as U+FFFD). */
    private static int utf8Length(int unit) {
        return unit < 0x80 ? 1 : unit < 0x800 ? 2 : 3;
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

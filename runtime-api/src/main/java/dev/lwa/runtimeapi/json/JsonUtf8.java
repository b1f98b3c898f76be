package dev.lwa.runtimeapi.json;

import java.io.IOException;
import java.io.OutputStream;

/**
 * UTF-8 bytes written as the content of a JSON string, straight from the bytes: the same text
 * {@link JsonText#string} writes for {@code new String(bytes, UTF_8)}, without that string. Each
 * maximal ill-formed subsequence becomes U+FFFD (Unicode's recommended practice, as the JDK's
 * decoder does); quotes, backslashes, control characters, DEL and U+2028/U+2029 are escaped;
 * everything else is copied. {@link #escapedLength} says exactly how many bytes
 * {@link #writeEscaped} writes, so a Content-Length can be sent before the body.
 */
public final class JsonUtf8 {
    private static final byte[] HEX = "0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] REPLACEMENT = {(byte) 0xEF, (byte) 0xBF, (byte) 0xBD};
    /** How each ASCII byte is written: 0 as it is, 1 a two-character escape, 2 a {@code \\u00XX} escape. */
    private static final byte[] ASCII = new byte[128];

    static {
        for (int c = 0; c < 0x20; c++) {
            ASCII[c] = 2;
        }
        ASCII[0x7f] = 2;
        for (char c : new char[]{'"', '\\', '\n', '\r', '\t', '\b', '\f'}) {
            ASCII[c] = 1;
        }
    }

    private JsonUtf8() {
    }

    /** The number of bytes {@link #writeEscaped} writes for {@code b[from, to)}. */
    public static long escapedLength(byte[] b, int from, int to) {
        long n = 0;
        int i = from;
        while (i < to) {
            int run = plainRun(b, i, to);
            n += run - i;
            i = run;
            if (i >= to) {
                break;
            }
            int c = b[i];
            if (c >= 0) {
                n += ASCII[c] == 1 ? 2 : 6;
                i++;
            } else {
                int s = sequence(b, i, to);
                if (s < 0) {
                    n += 3; // U+FFFD
                    i -= s;
                } else { // U+2028 or U+2029, the only well-formed sequences that end a run
                    n += 6;
                    i += s;
                }
            }
            // JSON in the body: a quote every few bytes. Count them a word at a time, while the
            // words have them (or the next word does) and nothing rarer; a longer plain run goes
            // back to the run scan above.
            while (i + 8 <= to) {
                long w = ByteScan.word(b, i);
                if (ByteScan.rare(w) != 0) {
                    break;
                }
                long q = ByteScan.quotesOrBackslashes(w);
                if (q == 0 && !quotesNext(b, i, to)) {
                    break;
                }
                n += 8 + ByteScan.count(q);
                i += 8;
            }
        }
        return n;
    }

    /**
     * Writes {@code b[from, to)} escaped, through {@code buf} (any size of at least 32 bytes), to
     * {@code out}. Runs of bytes that need no escape are copied as a whole.
     */
    public static void writeEscaped(byte[] b, int from, int to, OutputStream out, byte[] buf) throws IOException {
        int o = 0;
        int i = from;
        while (i < to) {
            int run = i;
            i = plainRun(b, i, to);
            int n = i - run;
            if (n > 0) {
                o = Runs.put(b, run, n, to, buf, o, out);
            }
            if (i >= to) {
                break;
            }
            if (buf.length - o < 6) {
                out.write(buf, 0, o);
                o = 0;
            }
            int c = b[i];
            if (c >= 0) {
                buf[o++] = '\\';
                switch (c) {
                    case '"' -> buf[o++] = '"';
                    case '\\' -> buf[o++] = '\\';
                    case '\n' -> buf[o++] = 'n';
                    case '\r' -> buf[o++] = 'r';
                    case '\t' -> buf[o++] = 't';
                    case '\b' -> buf[o++] = 'b';
                    case '\f' -> buf[o++] = 'f';
                    default -> o = unicodeEscape(buf, o, c);
                }
                i++;
            } else {
                int s = sequence(b, i, to);
                if (s < 0) {
                    System.arraycopy(REPLACEMENT, 0, buf, o, 3);
                    o += 3;
                    i -= s;
                } else { // U+2028 or U+2029, line breaks to JavaScript
                    buf[o++] = '\\';
                    o = unicodeEscape(buf, o, b[i + 2] == (byte) 0xA8 ? 0x2028 : 0x2029);
                    i += s;
                }
            }
            // JSON in the body: escape its quotes a word at a time, as escapedLength counts them
            while (i + 8 <= to) {
                long w = ByteScan.word(b, i);
                if (ByteScan.rare(w) != 0) {
                    break;
                }
                long q = ByteScan.quotesOrBackslashes(w);
                if (q == 0 && !quotesNext(b, i, to)) {
                    break;
                }
                if (buf.length - o < 24) {
                    out.write(buf, 0, o);
                    o = 0;
                }
                if (q == 0) {
                    ByteScan.putWord(buf, o, w);
                    o += 8;
                    i += 8;
                    continue;
                }
                // the word in pieces of one store each, a backslash written before each quote
                long rest = w;
                int done = 0;
                do {
                    int k = ByteScan.firstByte(q);
                    ByteScan.putWord(buf, o, rest);
                    o += k - done;
                    buf[o++] = '\\';
                    rest = w >>> (k << 3); // from the quote on
                    done = k;
                    q &= q - 1;
                } while (q != 0);
                ByteScan.putWord(buf, o, rest);
                o += 8 - done;
                i += 8;
            }
        }
        out.write(buf, 0, o);
    }

    /**
     * The end of the run from {@code i} of bytes written as they are: printable ASCII but
     * {@code "} and {@code \\}, and well-formed sequences but U+2028 and U+2029. Small enough for C1
     * to inline, so ASCII text pays one scan call, as before text in other scripts was handled here.
     */
    private static int plainRun(byte[] b, int i, int to) {
        i = ByteScan.plainAscii(b, i, to);
        return i < to && b[i] < 0 ? otherScripts(b, i, to) : i;
    }

    /**
     * {@link #plainRun} from the non-ASCII byte at {@code i}. Text in other scripts (Cyrillic, CJK:
     * a sequence every two or three bytes) has its sequences checked here one after another, the
     * common two- and three-byte ones without a call each; a call per character cost ten times what
     * ASCII costs.
     */
    private static int otherScripts(byte[] b, int i, int to) {
        while (true) {
            do {
                int lead = b[i] & 0xff;
                if (lead >= 0xE1 && lead <= 0xEF && lead != 0xED && i + 2 < to // no narrower second byte (E0, ED)
                        && (b[i + 1] & 0xC0) == 0x80 && (b[i + 2] & 0xC0) == 0x80
                        && (lead != 0xE2 || b[i + 1] != (byte) 0x80 || (b[i + 2] & 0xFE) != 0xA8)) { // not U+2028/9
                    i += 3;
                } else if (lead >= 0xC2 && lead <= 0xDF && i + 1 < to && (b[i + 1] & 0xC0) == 0x80) {
                    i += 2;
                } else {
                    int s = sequence(b, i, to);
                    if (s < 0 || isLineSeparator(b, i, s)) {
                        return i;
                    }
                    i += s;
                }
            } while (i < to && b[i] < 0);
            i = ByteScan.plainAscii(b, i, to);
            if (i >= to || b[i] >= 0) {
                return i;
            }
        }
    }

    /** Whether the word after the one at {@code i} has a quote or backslash: a plain word between two that do is a gap in JSON. */
    private static boolean quotesNext(byte[] b, int i, int to) {
        return i + 16 <= to && ByteScan.quotesOrBackslashes(ByteScan.word(b, i + 8)) != 0;
    }

    /** {@code u} and four hex digits (the backslash is already written). */
    private static int unicodeEscape(byte[] buf, int o, int c) {
        buf[o++] = 'u';
        buf[o++] = HEX[c >> 12 & 0xf];
        buf[o++] = HEX[c >> 8 & 0xf];
        buf[o++] = HEX[c >> 4 & 0xf];
        buf[o++] = HEX[c & 0xf];
        return o;
    }

    private static boolean isLineSeparator(byte[] b, int i, int length) {
        return length == 3 && b[i] == (byte) 0xE2 && b[i + 1] == (byte) 0x80 && (b[i + 2] == (byte) 0xA8 || b[i + 2] == (byte) 0xA9);
    }

    /**
     * The sequence that starts with the non-ASCII byte at {@code i}: its length when it is
     * well-formed (Unicode table 3-7), or minus the length of its maximal ill-formed subpart.
     */
    static int sequence(byte[] b, int i, int to) {
        int lead = b[i] & 0xff;
        int length;
        int lo = 0x80;
        int hi = 0xBF;
        if (lead >= 0xC2 && lead <= 0xDF) {
            length = 2;
        } else if (lead >= 0xE0 && lead <= 0xEF) {
            length = 3;
            if (lead == 0xE0) {
                lo = 0xA0;
            } else if (lead == 0xED) {
                hi = 0x9F;
            }
        } else if (lead >= 0xF0 && lead <= 0xF4) {
            length = 4;
            if (lead == 0xF0) {
                lo = 0x90;
            } else if (lead == 0xF4) {
                hi = 0x8F;
            }
        } else {
            return -1;
        }
        for (int k = 1; k < length; k++) {
            if (i + k >= to) {
                return -k;
            }
            int c = b[i + k] & 0xff;
            if (c < lo || c > hi) {
                return -k;
            }
            lo = 0x80;
            hi = 0xBF;
        }
        return length;
    }
}

package dev.lwa.runtimeapi.json;

import dev.lwa.runtimeapi.http.BodyBytes;
import dev.lwa.runtimeapi.http.SizedBody;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

/**
 * Standard base64 (RFC 4648 §4, with padding, no line breaks) between a body's bytes and the text
 * of a JSON string, a word at a time: under C1 the JDK's codec goes a group of three bytes at a
 * time with a table load per character, and binary bodies are as large as text ones. Each
 * direction takes eight characters a step through tables that hold a character's bits already where
 * they go (or two characters for twelve bits), so a step is a word load, table loads and a word
 * store. What is not plain base64 is left to the JDK's decoder, which says what is wrong with it.
 */
public final class Base64Text {
    private static final byte[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** The most a body's decoding holds at once while it is written. */
    private static final int BUFFER = 8192;

    private Base64Text() {
    }

    /** How many characters {@link #write} writes for {@code n} bytes. */
    public static long encodedLength(long n) {
        return 4 * ((n + 2) / 3);
    }

    /**
     * {@code b[from, to)} decoded from base64, as a request body written straight from the text:
     * checked and measured here, so what is not such base64 fails before a byte is sent, then
     * decoded eight characters a step through a small buffer each time it is written. A 6 MB upload
     * costs no array of its decoded size.
     *
     * @throws IllegalArgumentException with the JDK decoder's reason when it is not such base64
     */
    static SizedBody body(byte[] b, int from, int to) {
        try {
            return checkedBody(b, from, to);
        } catch (IllegalArgumentException e) {
            // the JDK decoder counts positions from b[0], the start of the whole event: decode the
            // text alone once more, so the position it names is the body's own
            Base64.getDecoder().decode(Arrays.copyOfRange(b, from, to)); // throws, naming the body's position
            throw e; // not reached: the same text fails the same way
        }
    }

    private static SizedBody checkedBody(byte[] b, int from, int to) {
        if ((to - from) % 4 != 0) {
            throw new IllegalArgumentException("length " + (to - from) + " is not a multiple of 4");
        }
        if (to - from < 16) {
            return new DecodedBytes(jdkDecode(b, from, to));
        }
        // eight characters a step; the last group or two, where padding is, go to the JDK's decoder
        int steps = (to - from - 4) / 8;
        int end = from + 8 * steps;
        if (!alphabetOnly(b, from, end)) { // the decoder says which character and where
            return new DecodedBytes(jdkDecode(b, from, to));
        }
        byte[] rest = jdkDecode(b, end, to);
        return new SizedBody() {
            @Override
            public long length() {
                return 6L * steps + rest.length;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                writeDecoded(b, from, end, rest, out);
            }
        };
    }

    /** A decoding already made: short bodies, and what only the JDK's decoder reads. */
    private record DecodedBytes(byte[] bytes) implements SizedBody {
        @Override
        public long length() {
            return bytes.length;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }
    }

    /**
     * Whether every byte of {@code b[from, end)} (a multiple of eight) is a base64 character. Eight
     * at a time by arithmetic on the word, no table: in each byte the top bit says whether it is a
     * letter (with bit 5 set, 'a' to 'z'), a digit, or '+' or '/' (with bit 2 set, '/'), and a byte
     * that is none, or not ASCII, sets it in {@code bad}. A non-ASCII byte may let a borrow cross
     * into the next byte's lanes, but its own top bit already condemns the word.
     */
    private static boolean alphabetOnly(byte[] b, int from, int end) {
        long bad = 0;
        for (int i = from; i < end; i += 8) {
            long w = ByteScan.word(b, i);
            long lower = w | 0x2020202020202020L;
            long letters = ((lower | HIGH) - 0x6161616161616161L) & (0xfafafafafafafafaL - lower);
            long digits = ((w | HIGH) - 0x3030303030303030L) & (0xb9b9b9b9b9b9b9b9L - w);
            long y = (w | 0x0404040404040404L) ^ 0x2f2f2f2f2f2f2f2fL; // 0 for '+' and '/'
            long notSign = ((y & 0x7f7f7f7f7f7f7f7fL) + 0x7f7f7f7f7f7f7f7fL) | y;
            bad |= ~(letters | digits | ~notSign) | w;
        }
        return (bad & HIGH) == 0;
    }

    private static final long HIGH = 0x8080808080808080L;

    /** Decodes the checked {@code b[from, end)} eight characters a step into six bytes, then appends {@code rest}. */
    private static void writeDecoded(byte[] b, int from, int end, byte[] rest, OutputStream out) throws IOException {
        // a step stores a word: two bytes past its six, so a buffer of n steps has two to spare
        byte[] buf = new byte[(int) Math.min(BUFFER, (end - from) / 8 * 6L + 2)];
        int[] t0 = Decoding.T0; // in locals, and the lookups written out: C1 would call a method that does them
        int[] t1 = Decoding.T1;
        int[] t2 = Decoding.T2;
        int[] t3 = Decoding.T3;
        for (int i = from; i < end; ) {
            int o = 0;
            for (int last = Math.min(end, i + (buf.length - 2) / 6 * 8); i < last; i += 8, o += 6) {
                long w = ByteScan.word(b, i);
                int first = t0[(int) w & 0xff] | t1[(int) (w >>> 8) & 0xff] | t2[(int) (w >>> 16) & 0xff] | t3[(int) (w >>> 24) & 0xff];
                int second = t0[(int) (w >>> 32) & 0xff] | t1[(int) (w >>> 40) & 0xff] | t2[(int) (w >>> 48) & 0xff] | t3[(int) (w >>> 56)];
                ByteScan.putWord(buf, o, first | (long) second << 24);
            }
            out.write(buf, 0, o);
        }
        out.write(rest);
    }

    private static byte[] jdkDecode(byte[] b, int from, int to) {
        ByteBuffer decoded = Base64.getDecoder().decode(ByteBuffer.wrap(b, from, to - from));
        byte[] array = decoded.array();
        return decoded.remaining() == array.length ? array : Arrays.copyOf(array, decoded.remaining());
    }


    /**
     * Writes {@code body} in base64 through {@code buf} (at least 16 bytes) to {@code out}: six
     * bytes a step into eight characters, two at a time from a table of all 4,096 pairs; a group of
     * three cut by a piece's end is completed from the next.
     */
    public static void write(BodyBytes body, OutputStream out, byte[] buf) throws IOException {
        byte[] group = new byte[3];
        int held = 0; // bytes of a group begun at a piece's end
        for (int p = 0; p < body.pieces(); p++) {
            byte[] b = body.array(p);
            int i = body.from(p);
            int to = body.to(p);
            while (held > 0 && held < 3 && i < to) {
                group[held++] = b[i++];
            }
            if (held < 3 && held > 0) {
                continue; // a piece too short to complete it
            }
            if (held == 3) {
                write(group, 0, 3, out, buf);
                held = 0;
            }
            int whole = i + (to - i) / 3 * 3;
            write(b, i, whole, out, buf);
            for (i = whole; i < to; i++) {
                group[held++] = b[i];
            }
        }
        write(group, 0, held, out, buf);
    }

    /** Writes {@code b[from, to)} in base64, padded at its end. */
    private static void write(byte[] b, int from, int to, OutputStream out, byte[] buf) throws IOException {
        if (from == to) {
            return;
        }
        int o = 0;
        int i = from;
        char[] pairs = Encoding.PAIRS;
        for (; i + 8 <= to; i += 6) {
            if (o > buf.length - 8) {
                out.write(buf, 0, o);
                o = 0;
            }
            long w = ByteScan.word(b, i);
            int first = (int) (w << 16 & 0xff0000 | w & 0xff00 | w >>> 16 & 0xff); // bytes 0-2, the first highest
            int second = (int) (w >>> 8 & 0xff0000 | w >>> 24 & 0xff00 | w >>> 40 & 0xff); // bytes 3-5
            ByteScan.putWord(buf, o, pairs[first >>> 12] | (long) pairs[first & 0xfff] << 16
                    | (long) pairs[second >>> 12] << 32 | (long) pairs[second & 0xfff] << 48);
            o += 8;
        }
        for (; i + 3 <= to; i += 3) {
            if (o > buf.length - 4) {
                out.write(buf, 0, o);
                o = 0;
            }
            int v = (b[i] & 0xff) << 16 | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff);
            buf[o++] = ALPHABET[v >>> 18];
            buf[o++] = ALPHABET[v >>> 12 & 0x3f];
            buf[o++] = ALPHABET[v >>> 6 & 0x3f];
            buf[o++] = ALPHABET[v & 0x3f];
        }
        if (o > buf.length - 4) {
            out.write(buf, 0, o);
            o = 0;
        }
        if (i < to) { // one or two bytes left: padded
            int v = (b[i] & 0xff) << 16 | (i + 1 < to ? (b[i + 1] & 0xff) << 8 : 0);
            buf[o++] = ALPHABET[v >>> 18];
            buf[o++] = ALPHABET[v >>> 12 & 0x3f];
            buf[o++] = i + 1 < to ? ALPHABET[v >>> 6 & 0x3f] : (byte) '=';
            buf[o++] = '=';
        }
        out.write(buf, 0, o);
    }

    /**
     * For each of a group's four characters, its six bits where they go among the group's three
     * bytes, in the order they are stored (the group's top byte first), or -1 for a byte that is no
     * base64 character. Holders of their own, so the tables are built when the first base64 body
     * comes, not at start-up.
     */
    private static final class Decoding {
        private static final int[][] TABLES = new int[4][256];

        static {
            for (int[] table : TABLES) {
                Arrays.fill(table, -1);
            }
            for (int v = 0; v < 64; v++) {
                for (int p = 0; p < 4; p++) {
                    int group = v << (18 - 6 * p); // the 24 bits, first character highest
                    TABLES[p][ALPHABET[v]] = group >>> 16 & 0xff | group & 0xff00 | (group & 0xff) << 16;
                }
            }
        }

        static final int[] T0 = TABLES[0];
        static final int[] T1 = TABLES[1];
        static final int[] T2 = TABLES[2];
        static final int[] T3 = TABLES[3];
    }

    /** The two characters of each twelve bits, the first in the low byte (8 KiB). */
    private static final class Encoding {
        static final char[] PAIRS = new char[4096];

        static {
            for (int v = 0; v < 4096; v++) {
                PAIRS[v] = (char) (ALPHABET[v >>> 6] | ALPHABET[v & 0x3f] << 8);
            }
        }
    }
}

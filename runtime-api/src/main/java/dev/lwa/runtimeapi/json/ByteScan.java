package dev.lwa.runtimeapi.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where a run of ordinary bytes ends, 32 bytes per step and then eight: the word tests of
 * "SIMD within a register" on {@code long}s read from the array. lwa runs on C1 only (the
 * launcher's choice for start-up and memory; C2 joins only on Managed Instances), which neither
 * vectorises nor unrolls a loop: a body
 * of 64 KiB crossed byte by byte cost ~50 µs a pass here, a word per step ~20 µs, four words per
 * step with the tests below ~10 µs. Every scan over a body's bytes goes through this.
 *
 * <p>The tests set the high bit of each byte that stops the run, and may also set it in bytes that
 * follow such a byte (a borrow or carry from it), never before one: so a block with no high bit set
 * is all ordinary, and in a word with one the lowest is a true stop ({@link #firstByte}). They lean on each
 * other: {@code x - ONES} sets the high bit of a zero byte of {@code x} but also of any byte of 0x81
 * or more, which only a non-ASCII byte of {@code w} gives, and those are either stops themselves
 * ({@link #plainAscii}) or masked out with {@code & ~w}.
 */
final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;
    private static final long QUOTES = 0x2222222222222222L;
    private static final long BACKSLASHES = 0x5C5C5C5C5C5C5C5CL;
    private static final long SPACES = 0x2020202020202020L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    private ByteScan() {
    }

    static long word(byte[] b, int i) {
        return (long) LONGS.get(b, i);
    }

    /** Stores eight bytes at {@code i}: a copy of up to eight bytes in one step, when both arrays have room for a word. */
    static void putWord(byte[] b, int i, long w) {
        LONGS.set(b, i, w);
    }

    /** High bits at {@code "} and {@code \\} (and at any byte of 0x80 or more). */
    private static long quoteOrBackslash(long w) {
        return ((w ^ QUOTES) - ONES) | ((w ^ BACKSLASHES) - ONES);
    }

    /** High bits at {@code "}, {@code \\} and bytes below 0x20, none at non-ASCII bytes. */
    private static long stringContent(long w) {
        return ((w - SPACES) | quoteOrBackslash(w)) & ~w;
    }

    /** High bits at {@code "}, {@code \\}, bytes below 0x20, DEL ({@code w + ONES}) and non-ASCII bytes ({@code w}). */
    private static long plainAscii(long w) {
        return rare(w) | quoteOrBackslash(w);
    }

    /**
     * High bits at the bytes a JSON string cannot carry that are neither {@code "} nor {@code \\}:
     * below 0x20, DEL and non-ASCII (and maybe after them). In JSON text these are rare, while
     * quotes come every few bytes; see {@link #quotesOrBackslashes}.
     */
    static long rare(long w) {
        return (w | (w - SPACES) | (w + ONES)) & HIGH;
    }

    /**
     * High bits at exactly the bytes of {@code w} that are {@code "} or {@code \\}, none elsewhere:
     * a byte {@code x} is zero when neither {@code (x & 0x7F) + 0x7F} nor {@code x} has its high
     * bit, and no carry crosses a byte. For counting, where the other tests' false hits would count.
     */
    static long quotesOrBackslashes(long w) {
        return (zeroBytes(w ^ QUOTES) | zeroBytes(w ^ BACKSLASHES)) & HIGH; // two small methods: C1 inlines them
    }

    /** High bits at exactly the bytes of {@code w} that are {@code \\}. */
    static long backslashes(long w) {
        return zeroBytes(w ^ BACKSLASHES) & HIGH;
    }

    /** High bits at exactly the bytes of {@code w} that are {@code "}. */
    static long quotes(long w) {
        return zeroBytes(w ^ QUOTES) & HIGH;
    }

    /**
     * Not 0 exactly when {@code w} has a byte below 0x20; its lowest high bit is the first such
     * byte (a borrow from one may set the bit of the byte above it, never of one below).
     */
    static long controls(long w) {
        return (w - SPACES) & ~w & HIGH;
    }

    /** The high bit of a word's last byte: a backslash there escapes the first byte of the next word. */
    static final long LAST = 0x8000000000000000L;

    /** High bits (and low-bit noise) at exactly the zero bytes of {@code x}. */
    private static long zeroBytes(long x) {
        return ~(((x & LOW7) + LOW7) | x);
    }

    /** How many high bits {@code highBits} has: each moved to bit 0 of its byte, all summed into the top byte. */
    static int count(long highBits) {
        return (int) (((highBits >>> 7) * ONES) >>> 56);
    }

    /**
     * The index, 0 to 7, of the lowest byte of {@code highBits} (high bits only, at least one) whose
     * high bit is set: its bit alone, moved to bit 0 of its byte, times a constant whose byte
     * {@code 7 - k} holds {@code k}. C1 has no intrinsic for {@code numberOfTrailingZeros} (6 ns
     * here); this is five operations.
     */
    static int firstByte(long highBits) {
        return (int) ((((highBits & -highBits) >>> 7) * 0x0001020304050607L) >>> 56);
    }

    /*
     * Each scan tests the first word alone, so that text where the stops are close together (JSON
     * in JSON: a quote every few bytes) costs one word test per stop; then 32 bytes per step for
     * long runs, then words, then bytes for the last few. The lowest high bit of a word's test is
     * always a true stop, so firstByte gives the exact index.
     */

    /** The first index from {@code i} holding {@code "}, {@code \\} or a byte below 0x20 (or {@code to}). */
    static int stringContent(byte[] b, int i, int to) {
        if (i + 8 <= to) {
            long m = stringContent(word(b, i)) & HIGH;
            if (m != 0) {
                return i + firstByte(m);
            }
            i += 8;
            while (i + 32 <= to && ((stringContent(word(b, i)) | stringContent(word(b, i + 8))
                    | stringContent(word(b, i + 16)) | stringContent(word(b, i + 24))) & HIGH) == 0) {
                i += 32;
            }
            while (i + 8 <= to) {
                m = stringContent(word(b, i)) & HIGH;
                if (m != 0) {
                    return i + firstByte(m);
                }
                i += 8;
            }
        }
        while (i < to) {
            byte c = b[i];
            if (c == '"' || c == '\\' || (c >= 0 && c < 0x20)) {
                return i;
            }
            i++;
        }
        return to;
    }

    /** The first index from {@code i} holding {@code "} or {@code \\} (or {@code to}): for text already checked. */
    static int quoteOrBackslash(byte[] b, int i, int to) {
        if (i + 8 <= to) {
            long w = word(b, i);
            long m = quoteOrBackslash(w) & ~w & HIGH;
            if (m != 0) {
                return i + firstByte(m);
            }
            i += 8;
            while (i + 32 <= to) {
                w = word(b, i);
                long x = word(b, i + 8);
                long y = word(b, i + 16);
                long z = word(b, i + 24);
                if (((quoteOrBackslash(w) & ~w | quoteOrBackslash(x) & ~x | quoteOrBackslash(y) & ~y
                        | quoteOrBackslash(z) & ~z) & HIGH) != 0) {
                    break;
                }
                i += 32;
            }
            while (i + 8 <= to) {
                w = word(b, i);
                m = quoteOrBackslash(w) & ~w & HIGH;
                if (m != 0) {
                    return i + firstByte(m);
                }
                i += 8;
            }
        }
        while (i < to) {
            byte c = b[i];
            if (c == '"' || c == '\\') {
                return i;
            }
            i++;
        }
        return to;
    }

    /**
     * The first index from {@code i} holding a byte a JSON string cannot carry as it is: below 0x20,
     * {@code "}, {@code \\}, DEL, or any non-ASCII byte (those need UTF-8 checking) (or {@code to}).
     */
    static int plainAscii(byte[] b, int i, int to) {
        if (i + 8 <= to) {
            long m = plainAscii(word(b, i)) & HIGH;
            if (m != 0) {
                return i + firstByte(m);
            }
            i += 8;
            while (i + 32 <= to && ((plainAscii(word(b, i)) | plainAscii(word(b, i + 8))
                    | plainAscii(word(b, i + 16)) | plainAscii(word(b, i + 24))) & HIGH) == 0) {
                i += 32;
            }
            while (i + 8 <= to) {
                m = plainAscii(word(b, i)) & HIGH;
                if (m != 0) {
                    return i + firstByte(m);
                }
                i += 8;
            }
        }
        while (i < to) {
            byte c = b[i];
            if (c < 0x20 || c == '"' || c == '\\' || c == 0x7F) { // negative: non-ASCII
                return i;
            }
            i++;
        }
        return to;
    }
}

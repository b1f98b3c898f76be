package dev.lwa.runtimeapi.json;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where a run of ordinary bytes ends, eight bytes per step: the word tests of "SIMD within a
 * register" on a {@code long} read from the array. lwa runs on C1 only (the launcher's choice for
 * start-up and memory), which does not vectorise a byte loop; a body of 64 KiB crossed byte by byte
 * cost ~50 µs a pass here, word by word ~17 µs. Every scan over a body's bytes goes through this.
 */
final class ByteScan {
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGH = 0x8080808080808080L;

    private ByteScan() {
    }

    /** Whether a byte of {@code w} equals the byte repeated in {@code pattern} (high bit set where it does, or a false hit past one). */
    private static long equal(long w, long pattern) {
        long x = w ^ pattern;
        return (x - ONES) & ~x;
    }

    /** Whether a byte of {@code w} is below 0x20 (for bytes under 0x80). */
    private static long control(long w) {
        return (w - 0x2020202020202020L) & ~w;
    }

    /** The first index from {@code i} holding {@code "}, {@code \\} or a byte below 0x20 (or {@code to}). */
    static int stringContent(byte[] b, int i, int to) {
        while (i + 8 <= to) {
            long w = (long) LONGS.get(b, i);
            if (((control(w) | equal(w, 0x2222222222222222L) | equal(w, 0x5C5C5C5C5C5C5C5CL)) & HIGH) != 0) {
                break;
            }
            i += 8;
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
        while (i + 8 <= to) {
            long w = (long) LONGS.get(b, i);
            if (((equal(w, 0x2222222222222222L) | equal(w, 0x5C5C5C5C5C5C5C5CL)) & HIGH) != 0) {
                break;
            }
            i += 8;
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
        while (i + 8 <= to) {
            long w = (long) LONGS.get(b, i);
            if (((w | control(w) | equal(w, 0x2222222222222222L) | equal(w, 0x5C5C5C5C5C5C5C5CL)
                    | equal(w, 0x7F7F7F7F7F7F7F7FL)) & HIGH) != 0) {
                break;
            }
            i += 8;
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

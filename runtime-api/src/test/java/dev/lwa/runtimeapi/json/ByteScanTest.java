package dev.lwa.runtimeapi.json;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The word-at-a-time scans find exactly what a byte loop finds, at every offset and length. */
class ByteScanTest {

    private static int naive(byte[] b, int i, int to, java.util.function.IntPredicate stop) {
        while (i < to && !stop.test(b[i])) {
            i++;
        }
        return i;
    }

    private static final java.util.function.IntPredicate STRING_CONTENT = c -> c == '"' || c == '\\' || (c >= 0 && c < 0x20);
    private static final java.util.function.IntPredicate QUOTE_OR_BACKSLASH = c -> c == '"' || c == '\\';
    private static final java.util.function.IntPredicate PLAIN_ASCII = c -> c < 0x20 || c == '"' || c == '\\' || c == 0x7f;

    private static void assertAllAgree(byte[] b, int from, int to, String where) {
        assertEquals(naive(b, from, to, STRING_CONTENT), ByteScan.stringContent(b, from, to), "stringContent " + where);
        assertEquals(naive(b, from, to, QUOTE_OR_BACKSLASH), ByteScan.quoteOrBackslash(b, from, to), "quoteOrBackslash " + where);
        assertEquals(naive(b, from, to, PLAIN_ASCII), ByteScan.plainAscii(b, from, to), "plainAscii " + where);
    }

    @Test
    void everyScanAgreesWithAByteLoop() {
        Random random = new Random(11);
        // the stops, their neighbours (a borrow or carry from a stop must not hide or invent one), and bytes past 0x80
        byte[] specials = {'"', '\\', 0, 0x1f, 0x7f, (byte) 0x80, (byte) 0x81, (byte) 0xA2, (byte) 0xDC, (byte) 0xC3, (byte) 0xFF,
                0x01, 0x20, 0x21, 0x23, 0x5B, 0x5D, 0x7E};
        for (int round = 0; round < 40_000; round++) {
            byte[] b = new byte[1 + random.nextInt(round % 2 == 0 ? 40 : 200)];
            int density = round % 3 == 0 ? 100 : 6; // the long runs take the 32-byte steps
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(density) == 0 ? specials[random.nextInt(specials.length)] : (byte) ('a' + random.nextInt(26));
            }
            int from = random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            assertAllAgree(b, from, to, "round " + round);
        }
    }

    @Test
    void everyByteValueIsFoundAtEveryPlaceOfEveryStep() {
        for (int value = 0; value < 256; value++) {
            for (int at = 0; at < 80; at++) {
                byte[] b = new byte[80];
                java.util.Arrays.fill(b, (byte) 'a');
                b[at] = (byte) value;
                for (int from = 0; from <= at; from += 3) {
                    assertAllAgree(b, from, b.length, "byte 0x" + Integer.toHexString(value) + " at " + at + " from " + from);
                }
            }
        }
    }
}

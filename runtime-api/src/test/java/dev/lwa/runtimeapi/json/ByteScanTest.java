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

    @Test
    void everyScanAgreesWithAByteLoop() {
        Random random = new Random(11);
        byte[] specials = {'"', '\\', 0, 0x1f, 0x7f, (byte) 0x80, (byte) 0xC3, (byte) 0xFF, 0x20, 0x21, 0x5B, 0x5D, 0x7E};
        for (int round = 0; round < 20_000; round++) {
            byte[] b = new byte[1 + random.nextInt(40)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(6) == 0 ? specials[random.nextInt(specials.length)] : (byte) ('a' + random.nextInt(26));
            }
            int from = random.nextInt(b.length);
            int to = from + random.nextInt(b.length - from + 1);
            assertEquals(naive(b, from, to, c -> c == '"' || c == '\\' || (c >= 0 && c < 0x20)),
                    ByteScan.stringContent(b, from, to), "stringContent round " + round);
            assertEquals(naive(b, from, to, c -> c == '"' || c == '\\'), ByteScan.quoteOrBackslash(b, from, to),
                    "quoteOrBackslash round " + round);
            assertEquals(naive(b, from, to, c -> c < 0x20 || c == '"' || c == '\\' || c == 0x7f), ByteScan.plainAscii(b, from, to),
                    "plainAscii round " + round);
        }
    }
}

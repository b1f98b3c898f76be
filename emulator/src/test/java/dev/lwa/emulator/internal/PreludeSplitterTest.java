package dev.lwa.emulator.internal;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PreludeSplitterTest {

    static final byte[] STREAM = concat("{\"statusCode\":200,\"headers\":{}}".getBytes(StandardCharsets.UTF_8),
            new byte[8], "body\0with\0\0nuls".getBytes(StandardCharsets.UTF_8));

    @Test
    void everyPairOfCutPointsGivesTheSameSplit() {
        for (int a = 0; a <= STREAM.length; a++) {
            for (int b = a; b <= STREAM.length; b++) {
                PreludeSplitter splitter = new PreludeSplitter();
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                Optional<byte[]> prelude = Optional.empty();
                for (byte[] piece : new byte[][]{Arrays.copyOfRange(STREAM, 0, a), Arrays.copyOfRange(STREAM, a, b),
                        Arrays.copyOfRange(STREAM, b, STREAM.length)}) {
                    PreludeSplitter.Split split = splitter.feed(piece);
                    if (split.prelude().isPresent()) {
                        assertTrue(prelude.isEmpty(), "the prelude is found once");
                        prelude = split.prelude();
                    }
                    body.writeBytes(split.body());
                }
                assertEquals("{\"statusCode\":200,\"headers\":{}}", new String(prelude.orElseThrow(), StandardCharsets.UTF_8),
                        "cuts at " + a + "," + b);
                assertEquals("body\0with\0\0nuls", body.toString(StandardCharsets.UTF_8), "cuts at " + a + "," + b);
            }
        }
    }

    @Test
    void sevenNulsAreNotADelimiter() {
        PreludeSplitter splitter = new PreludeSplitter();
        byte[] text = concat("{}".getBytes(StandardCharsets.UTF_8), new byte[7], "x".getBytes(StandardCharsets.UTF_8));
        assertTrue(splitter.feed(text).prelude().isEmpty());
        assertFalse(splitter.preludeFound());
        assertArrayEquals(text, splitter.unsplit());
    }

    @Test
    void emptyPreludeIsAllowed() {
        PreludeSplitter.Split split = new PreludeSplitter().feed(concat(new byte[8], new byte[]{'b'}));
        assertEquals(0, split.prelude().orElseThrow().length);
        assertArrayEquals(new byte[]{'b'}, split.body());
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}

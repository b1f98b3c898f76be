package dev.lwa.runtimeapi.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A body of unknown length read into pieces: the same bytes, no piece cutting a UTF-8 sequence, the limit held. */
class BodyBytesTest {

    /** A stream that returns at most {@code step} bytes a read, as a socket does, and counts what it gave. */
    private static final class Trickle extends InputStream {
        private final byte[] data;
        private final Random sizes;
        private final int step;
        int given;

        Trickle(byte[] data, int step, long seed) {
            this.data = data;
            this.step = step;
            this.sizes = new Random(seed);
        }

        @Override
        public int read() {
            return given < data.length ? data[given++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (given == data.length) {
                return -1;
            }
            int n = Math.min(Math.min(len, data.length - given), 1 + sizes.nextInt(step));
            System.arraycopy(data, given, b, off, n);
            given += n;
            return n;
        }
    }

    private static byte[] written(BodyBytes body) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        return out.toByteArray();
    }

    @Test
    void theBytesComeBackWholeInPiecesAndASmallBodyAsOneExactArray() throws IOException {
        Random random = new Random(3);
        for (int size : new int[]{0, 1, 8191, 8192, 8193, 100_000, 1_234_567}) {
            byte[] data = new byte[size];
            random.nextBytes(data);
            BodyBytes body = BodyBytes.read(new Trickle(data, 70_000, size), 6_291_556);
            assertEquals(size, body.length());
            assertArrayEquals(data, body.toByteArray(), "size " + size);
            assertArrayEquals(data, written(body), "size " + size);
            if (size <= 8192) {
                assertEquals(1, body.pieces(), "size " + size);
                assertEquals(size, body.array(0).length, "one exact array: size " + size);
                assertSame(body.array(0), body.toByteArray(), "no copy for one exact array");
            } else {
                assertTrue(body.pieces() > 1, "size " + size);
            }
        }
    }

    @Test
    void noPieceButTheLastEndsInsideASequenceTheNextCompletes() throws IOException {
        // every kind of sequence (two, three and four bytes, cut-off ones, lone continuation bytes,
        // bytes that lead nothing) across the first piece's end at every offset
        byte[][] sequences = {
                {(byte) 0xc3, (byte) 0xa9}, {(byte) 0xe6, (byte) 0x97, (byte) 0xa5},
                {(byte) 0xf0, (byte) 0x9f, (byte) 0x98, (byte) 0x80}, {(byte) 0xe6, (byte) 0x97}, {(byte) 0xf0, (byte) 0x9f},
                {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xc0, (byte) 0xaf}, {(byte) 0xf5, (byte) 0x80},
                {(byte) 0xff}, {'"', '\\'}};
        for (byte[] sequence : sequences) {
            for (int shift = 0; shift < 5; shift++) {
                byte[] data = new byte[20_000];
                Arrays.fill(data, (byte) 'a');
                for (int at = 8192 - 4 + shift, k = 0; k < sequence.length; k++) {
                    data[at + k] = sequence[k];
                }
                BodyBytes body = BodyBytes.read(new Trickle(data, 9000, shift), 6_291_556);
                assertArrayEquals(data, body.toByteArray());
                String whole = new String(data, java.nio.charset.StandardCharsets.UTF_8);
                StringBuilder byPiece = new StringBuilder();
                for (int i = 0; i < body.pieces(); i++) {
                    if (i < body.pieces() - 1) {
                        assertEquals(0, BodyBytes.cutSequence(body.array(i), body.from(i), body.to(i)),
                                Arrays.toString(sequence) + " shifted " + shift + ": piece " + i);
                    }
                    byPiece.append(new String(body.array(i), body.from(i), body.to(i) - body.from(i),
                            java.nio.charset.StandardCharsets.UTF_8));
                }
                assertEquals(whole, byPiece.toString(), "decoded a piece at a time: " + Arrays.toString(sequence) + " shifted " + shift);
            }
        }
    }

    @Test
    void randomTextInOtherScriptsReadsTheSameAPieceAtATime() throws IOException {
        Random random = new Random(11);
        String[] parts = {"abc", "é", "日本語", "😀", "\"", "\u2028", "x"};
        for (int round = 0; round < 20; round++) {
            StringBuilder sb = new StringBuilder();
            while (sb.length() < 300_000) {
                sb.append(parts[random.nextInt(parts.length)]);
            }
            byte[] data = sb.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            for (int k = 0; k < 50; k++) { // and some bytes that are no text
                data[random.nextInt(data.length)] = (byte) (0x80 + random.nextInt(128));
            }
            BodyBytes body = BodyBytes.read(new Trickle(data, 50_000, round), 6_291_556);
            StringBuilder byPiece = new StringBuilder();
            for (int i = 0; i < body.pieces(); i++) {
                byPiece.append(new String(body.array(i), body.from(i), body.to(i) - body.from(i),
                        java.nio.charset.StandardCharsets.UTF_8));
            }
            assertEquals(new String(data, java.nio.charset.StandardCharsets.UTF_8), byPiece.toString(), "round " + round);
        }
    }

    @Test
    void exactlyTheLimitIsReadAndOneByteMoreIsRefusedWithoutReadingOn() throws IOException {
        byte[] data = new byte[100_000];
        BodyBytes atLimit = BodyBytes.read(new Trickle(data, 30_000, 1), 100_000);
        assertEquals(100_000, atLimit.length());
        byte[] over = new byte[300_000];
        Trickle stream = new Trickle(over, 30_000, 2);
        assertThrows(BodyTooLargeException.class, () -> BodyBytes.read(stream, 100_000));
        assertTrue(stream.given <= 100_001 + 3, "read no further than the limit: " + stream.given);
        assertThrows(BodyTooLargeException.class, () -> BodyBytes.read(new Trickle(new byte[1], 1, 3), 0));
        assertEquals(0, BodyBytes.read(new Trickle(new byte[0], 1, 4), 0).length());
    }

    @Test
    void upToALimitTheRestStaysInTheStream() throws IOException {
        byte[] data = new byte[500_000];
        new Random(5).nextBytes(data);
        Trickle stream = new Trickle(data, 30_000, 6);
        BodyBytes head = BodyBytes.readUpTo(stream, 123_457);
        assertEquals(123_457, head.length());
        assertEquals(123_457, stream.given, "not a byte more taken from the stream");
        assertArrayEquals(Arrays.copyOf(data, 123_457), head.toByteArray());
        assertArrayEquals(data, BodyBytes.readUpTo(new Trickle(data, 30_000, 7), 600_000).toByteArray(), "the end first");
        assertEquals(0, BodyBytes.readUpTo(new Trickle(data, 30_000, 8), 0).length());
    }
}

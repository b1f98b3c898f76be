package dev.lwa.runtimeapi.json;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Base64 a word at a time writes what the JDK's encoder writes; decoding is checked through JsonNode. */
class Base64TextTest {

    private static byte[] written(byte[] data, int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Base64Text.write(dev.lwa.runtimeapi.http.BodyBytes.of(data), out, new byte[bufferSize]);
        assertEquals(Base64Text.encodedLength(data.length), out.size(), "the announced length is the written length");
        return out.toByteArray();
    }

    @Test
    void everyLengthAndEveryByteValueIsWrittenAsTheJdkWritesIt() throws IOException {
        // six bytes a step: every length around a step, every byte value in every place, buffers
        // from the smallest up, and long bodies across many buffers
        Random random = new Random(47);
        for (int n = 0; n < 1_500; n++) {
            byte[] data = new byte[n < 300 ? n : random.nextInt(70_000)];
            random.nextBytes(data);
            if (n < 256) {
                java.util.Arrays.fill(data, 0, data.length / 2, (byte) n);
            }
            assertArrayEquals(Base64.getEncoder().encode(data), written(data, 16 + random.nextInt(100)), "length " + data.length);
        }
    }

    @Test
    void allTwelveBitPairsComeOutRight() throws IOException {
        // 4,096 values of twelve bits in each half of a step: three bytes make two of them
        byte[] data = new byte[3 * 4096];
        for (int v = 0; v < 4096; v++) {
            int group = v << 12 | (4095 - v);
            data[3 * v] = (byte) (group >>> 16);
            data[3 * v + 1] = (byte) (group >>> 8);
            data[3 * v + 2] = (byte) group;
        }
        assertArrayEquals(Base64.getEncoder().encode(data), written(data, 8192));
    }

    /** What the JDK's decoder makes of {@code text}: the bytes, or its message. */
    private static String jdk(byte[] text) {
        try {
            return java.util.Arrays.toString(Base64.getDecoder().decode(text));
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /** What a base64 body of {@code text} writes, or the message it fails with. */
    private static String body(byte[] text) throws IOException {
        dev.lwa.runtimeapi.http.SizedBody body;
        try {
            body = Base64Text.body(text, 0, text.length);
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        body.writeTo(out);
        assertEquals(body.length(), out.size(), "the announced length is the written length");
        return java.util.Arrays.toString(out.toByteArray());
    }

    @Test
    void everyByteValueInEveryPlaceOfAStepIsTakenOrRefusedAsTheJdkDecoderDoes() throws IOException {
        // the check goes eight characters at a time by arithmetic: every byte value, ASCII or not,
        // in each place of the checked steps and of the last groups
        byte[] valid = Base64.getEncoder().encode(new byte[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
                17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27}); // 36 characters: four steps, the last group
        for (int at = 0; at < valid.length; at++) {
            for (int v = 0; v < 256; v++) {
                byte[] text = valid.clone();
                text[at] = (byte) v;
                assertEquals(jdk(text), body(text), "byte " + v + " at " + at);
            }
        }
    }

    @Test
    void everyPairOfNeighbouringBytesIsTakenOrRefusedAsTheJdkDecoderDoes() throws IOException {
        // a byte that is not ASCII may carry a borrow into its neighbour's lane: never a pass
        byte[] valid = Base64.getEncoder().encode(new byte[18]); // 24 characters
        for (int v = 0; v < 256; v++) {
            for (int u = 0; u < 256; u++) {
                byte[] text = valid.clone();
                text[3] = (byte) v;
                text[4] = (byte) u;
                assertEquals(jdk(text), body(text), "bytes " + v + ", " + u);
            }
        }
    }
}

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
        Base64Text.write(data, out, new byte[bufferSize]);
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
}

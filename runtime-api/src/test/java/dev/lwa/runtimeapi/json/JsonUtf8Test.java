package dev.lwa.runtimeapi.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Escaping straight from UTF-8 bytes writes exactly what decoding them and escaping the text would
 * write, and says its length first. The decoding is the WHATWG Encoding Standard's, as LWA's
 * encoding_rs decodes: each maximal ill-formed subpart becomes one U+FFFD (the JDK's own decoder
 * differs at the edges, e.g. it makes one U+FFFD of an encoded surrogate {@code ED A0 80}).
 */
class JsonUtf8Test {

    private static String viaString(byte[] b) {
        String quoted = JsonText.quote(whatwgDecode(b));
        return quoted.substring(1, quoted.length() - 1);
    }

    /** The WHATWG "UTF-8 decoder" algorithm, step by step: an oracle written apart from the code under test. */
    static String whatwgDecode(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        int codePoint = 0;
        int seen = 0;
        int needed = 0;
        int lower = 0x80;
        int upper = 0xBF;
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            if (needed == 0) {
                if (b <= 0x7F) {
                    out.append((char) b);
                } else if (b >= 0xC2 && b <= 0xDF) {
                    needed = 1;
                    codePoint = b & 0x1F;
                } else if (b >= 0xE0 && b <= 0xEF) {
                    lower = b == 0xE0 ? 0xA0 : 0x80;
                    upper = b == 0xED ? 0x9F : 0xBF;
                    needed = 2;
                    codePoint = b & 0xF;
                } else if (b >= 0xF0 && b <= 0xF4) {
                    lower = b == 0xF0 ? 0x90 : 0x80;
                    upper = b == 0xF4 ? 0x8F : 0xBF;
                    needed = 3;
                    codePoint = b & 0x7;
                } else {
                    out.append('\uFFFD');
                }
                continue;
            }
            if (b < lower || b > upper) {
                codePoint = 0;
                needed = 0;
                seen = 0;
                lower = 0x80;
                upper = 0xBF;
                out.append('\uFFFD');
                i--; // the byte is read again
                continue;
            }
            lower = 0x80;
            upper = 0xBF;
            codePoint = codePoint << 6 | (b & 0x3F);
            if (++seen == needed) {
                out.appendCodePoint(codePoint);
                codePoint = 0;
                needed = 0;
                seen = 0;
            }
        }
        if (needed != 0) {
            out.append('\uFFFD');
        }
        return out.toString();
    }

    private static String direct(byte[] b, int bufferSize) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        JsonUtf8.writeEscaped(b, 0, b.length, out, new byte[bufferSize]);
        assertEquals(JsonUtf8.escapedLength(b, 0, b.length), out.size(), "the announced length is the written length");
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void everyEscapeAndEveryKindOfCharacter() throws IOException {
        String text = "plain \" \\ / \n\r\t\b\f \u0000 \u001f \u007f é 中 😀 \u2028 \u2029 \uFFFD end";
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        assertEquals(viaString(b), direct(b, 32));
        assertEquals("plain \\\" \\\\ / \\n\\r\\t\\b\\f \\u0000 \\u001f \\u007f é 中 😀 \\u2028 \\u2029 \uFFFD end", direct(b, 8192));
    }

    @ParameterizedTest
    @ValueSource(strings = {"C3", "C3 41", "E2 82", "E2 82 41", "F0 80 80 80", "F0 9F 98", "ED A0 80", "ED 9F BF", "C0 80",
            "F4 90 80 80", "F5", "80", "BF BF", "E0 80 80", "E0 A0 80", "F0 90 80 80", "EF BF BF", "F4 8F BF BF", "FE FF"})
    void eachMaximalIllFormedSubpartBecomesOneReplacementCharacter(String hex) throws IOException {
        String[] parts = hex.split(" ");
        byte[] b = new byte[parts.length + 2];
        b[0] = 'x';
        for (int i = 0; i < parts.length; i++) {
            b[i + 1] = (byte) Integer.parseInt(parts[i], 16);
        }
        b[b.length - 1] = 'y';
        assertEquals(viaString(b), direct(b, 32), hex);
    }

    @Test
    void anEncodedSurrogateIsThreeReplacementsAsInEncodingRs() throws IOException {
        byte[] b = {'x', (byte) 0xED, (byte) 0xA0, (byte) 0x80, 'y'};
        assertEquals("x\uFFFD\uFFFD\uFFFDy", direct(b, 32));
    }

    @Test
    void randomBytesMatchTheStringRoute() throws IOException {
        Random random = new Random(2026);
        for (int round = 0; round < 3000; round++) {
            byte[] b = new byte[random.nextInt(200)];
            for (int i = 0; i < b.length; i++) {
                // mostly ASCII and the bytes of multi-byte sequences, some controls and stray bytes
                int pick = random.nextInt(10);
                b[i] = (byte) (pick < 4 ? 0x20 + random.nextInt(0x5f) : pick < 5 ? random.nextInt(0x20)
                        : pick < 7 ? 0x80 + random.nextInt(0x40) : pick < 9 ? 0xC0 + random.nextInt(0x40) : random.nextInt(256));
            }
            assertEquals(viaString(b), direct(b, 32 + random.nextInt(64)), "round " + round);
        }
    }

    @Test
    void jsonInTheBodyIsEscapedAWordAtATimeAsTheStringRouteEscapesIt() throws IOException {
        // an app's JSON answer: quotes every few bytes (the word-at-a-time path), plain words
        // between them, and now and then a byte that path leaves to the others, at every place
        byte[] alphabet = {'"', '"', '"', '\\', 'a', 'b', ':', ',', '\n', 0x7f, (byte) 0xC3};
        Random random = new Random(7);
        for (int round = 0; round < 5000; round++) {
            byte[] b = new byte[random.nextInt(120)];
            for (int i = 0; i < b.length; i++) {
                b[i] = random.nextInt(10) < 6 ? alphabet[random.nextInt(4)] : random.nextInt(6) < 5 ? (byte) ('a' + random.nextInt(26))
                        : alphabet[random.nextInt(alphabet.length)];
            }
            assertEquals(viaString(b), direct(b, 32 + random.nextInt(64)), "round " + round);
        }
    }

    @Test
    void textInOtherScriptsIsWrittenAsTheStringRouteWritesIt() throws IOException {
        // two- and three-byte sequences one after another (checked without a call each), mixed
        // with what ends such a run: U+2028/U+2029, four-byte and narrower sequences (E0, ED, F0),
        // broken and cut-off ones, quotes and ASCII, in every order and up to the end of the text
        String[] pieces = {"日本語", "テキスト", "Привет", "中文", "é", "ß", "\u2028", "\u2029", "\u2027", "\u202A", "😀",
                "\u0800", "\uD7FF", "\uE000", "\uFFFD", "\"", "a", ", ", "\n"};
        byte[][] broken = {{(byte) 0xE6}, {(byte) 0xE6, (byte) 0x97}, {(byte) 0xD0}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                {(byte) 0xE2, (byte) 0x80}, {(byte) 0x80}, {(byte) 0xC1, (byte) 0xBF}};
        Random random = new Random(53);
        for (int round = 0; round < 5000; round++) {
            ByteArrayOutputStream text = new ByteArrayOutputStream();
            for (int k = random.nextInt(30); k > 0; k--) {
                if (random.nextInt(8) == 0) {
                    text.writeBytes(broken[random.nextInt(broken.length)]);
                } else {
                    text.writeBytes(pieces[random.nextInt(pieces.length)].getBytes(StandardCharsets.UTF_8));
                }
            }
            byte[] b = text.toByteArray();
            assertEquals(viaString(b), direct(b, 32 + random.nextInt(64)), "round " + round);
        }
    }

    @Test
    void aLongRunLargerThanTheBufferIsWrittenWhole() throws IOException {
        byte[] b = ("\"" + "é".repeat(20_000) + "\"").getBytes(StandardCharsets.UTF_8);
        assertEquals(viaString(b), direct(b, 64));
    }
}

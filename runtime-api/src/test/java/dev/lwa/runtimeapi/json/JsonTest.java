package dev.lwa.runtimeapi.json;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one JSON reader (strict, as serde_json) and the hand-written JSON text of envelopes and context headers. */
class JsonTest {

    private static JsonValue parse(String text) {
        return TestJson.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesEveryKindOfValue() {
        assertInstanceOf(JsonObject.class, parse(" {\"a\": [1, \"x\", null]} \n"));
        assertEquals(JsonValue.ValueType.ARRAY, parse("[]").getValueType());
        assertEquals(JsonValue.ValueType.STRING, parse("\"s\"").getValueType());
        assertEquals(JsonValue.ValueType.NUMBER, parse("-0.5e2").getValueType());
        assertEquals(JsonValue.TRUE, parse("true"));
        assertEquals(JsonValue.NULL, parse("null"));
    }

    @Test
    void keepsMemberOrder() {
        assertEquals("{\"z\":1,\"a\":2,\"m\":3}", parse("{\"z\":1,\"a\":2,\"m\":3}").toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{} {}", "{}x", "[1] 2", "\"a\" \"b\"", "1 2", "01", "true false", "{\"a\":1}}"})
    void contentAfterTheValueIsAnError(String text) {
        // serde_json rejects trailing characters; accepting them would forward a broken event as JSON.
        assertThrows(JsonException.class, () -> parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "[1,", "nul", "{'a':1}", "NaN", "\"\u0001\""})
    void invalidJsonIsAnError(String text) {
        JsonException e = assertThrows(JsonException.class, () -> parse(text));
        assertFalse(e.getMessage() == null || e.getMessage().isBlank(), "the error says what was wrong");
    }

    @Test
    void readsTheByteOrderMarkAndTheUtfEncodingsParssonDetects() {
        // TestJson.parse decodes plain UTF-8 itself; these still go through Parsson's detection.
        JsonValue expected = parse("{\"a\":\"é\"}");
        byte[] utf8 = "{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        assertEquals(expected, TestJson.parse(withBom));
        assertEquals(expected, TestJson.parse("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_16BE)));
        assertEquals(expected, TestJson.parse("{\"a\":\"é\"}".getBytes(StandardCharsets.UTF_16LE)));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 9000})
    void malformedUtf8InAStringBecomesTheReplacementCharacter(int padding) {
        // small input is decoded to a String, large input is read through Parsson's stream: the same result
        byte[] json = {'[', '"', 'a', (byte) 0xC3, '"', ',', '"', (byte) 0xFF, 'b', '"', ',', '"', (byte) 0xC3, (byte) 0xA9, '"', ']'};
        byte[] bytes = java.util.Arrays.copyOf(json, json.length + padding);
        java.util.Arrays.fill(bytes, json.length, bytes.length, (byte) ' ');
        assertEquals(parse("[\"a\uFFFD\",\"\uFFFDb\",\"é\"]"), TestJson.parse(bytes));
    }

    @Test
    void memberAccessorsAreEmptyForOtherTypes() {
        JsonObject o = parse("{\"s\":\"v\",\"n\":1,\"o\":{},\"t\":true,\"z\":null}").asJsonObject();
        assertEquals(Optional.of("v"), TestJson.string(o, "s"));
        assertEquals(Optional.empty(), TestJson.string(o, "n"));
        assertEquals(Optional.empty(), TestJson.string(o, "missing"));
        assertTrue(TestJson.object(o, "o").isPresent());
        assertEquals(Optional.empty(), TestJson.object(o, "s"));
        assertTrue(TestJson.isTrue(o, "t"));
        assertFalse(TestJson.isTrue(o, "z"));
        assertFalse(TestJson.isTrue(o, "s"));
    }

    // ---- JsonText ---------------------------------------------------------------------------

    @Test
    void quotesAndEscapes() {
        assertEquals("\"plain\"", JsonText.quote("plain"));
        assertEquals("\"\"", JsonText.quote(""));
        assertEquals("\"a\\\"b\\\\c\\nd\\re\\tf\\bg\\fh\\u0000i\\u001fj\"", JsonText.quote("a\"b\\c\nd\re\tf\bg\fh\u0000i\u001fj"));
    }

    @Test
    void utf8TextKeepsNonAsciiButEscapesDelLineSeparatorsAndLoneSurrogates() {
        assertEquals("\"Año ✓ 😀\"", JsonText.quote("Año ✓ 😀"));
        assertEquals("\"a\\u007fb\\u2028c\\ud800d\"", JsonText.quote("a\u007fb\u2028c\ud800d"));
    }

    @Test
    void asciiOnlyEscapesEverythingOutsidePrintableAscii() {
        String out = JsonText.string(new StringBuilder("x="), "Año\u007f😀\"", true).toString();
        assertEquals("x=\"A\\u00f1o\\u007f\\ud83d\\ude00\\\"\"", out);
        for (char c : out.toCharArray()) {
            assertTrue(c >= 0x20 && c < 0x7f, "header-safe character, got 0x" + Integer.toHexString(c));
        }
    }

    @Test
    void writtenStringsParseBackToTheSameText() {
        String nasty = "quote\" backslash\\ slash/ nl\n nul\u0000 del\u007f é 中 😀 \u2028";
        for (boolean ascii : new boolean[] {false, true}) {
            String json = JsonText.string(new StringBuilder(), nasty, ascii).toString();
            assertEquals(nasty, ((jakarta.json.JsonString) parse(json)).getString(), "asciiOnly=" + ascii);
        }
    }
}

package dev.lwa.runtimeapi.json;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The event reader: a strict check of the whole text, then only what is asked for is decoded. */
class JsonNodeTest {

    private static JsonNode parse(String text) throws JsonSyntaxException {
        return JsonNode.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(String text) {
        return failure(text.getBytes(StandardCharsets.UTF_8));
    }

    private static String failure(byte[] text) {
        String message = assertThrows(JsonSyntaxException.class, () -> JsonNode.parse(text)).getMessage();
        assertTrue(message.matches(".* at byte \\d+"), message);
        assertFalse(message.matches("(?s).*(Exception|Error|java\\.|jakarta\\.).*"), "no Java names in: " + message);
        return message;
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{}|OBJECT", "' {\"a\": [1, \"x\", null]} '|OBJECT", "[]|ARRAY", "\"s\"|STRING", "-0.5e2|NUMBER",
            "1|NUMBER", "7|NUMBER", "0|NUMBER", "-0|NUMBER", "12|NUMBER", "1E+2|NUMBER", "true|TRUE", "false|FALSE",
            "null|NULL"})
    void everyKindOfValueIsRead(String text, JsonNode.Type type) throws JsonSyntaxException {
        assertEquals(type, parse(text).type());
        assertTrue(JsonNode.isValue(text.getBytes(StandardCharsets.UTF_8)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "{", "[1,", "nul", "tru", "{'a':1}", "NaN", "\"\u0001\"", "{} {}", "{}x", "[1] 2",
            "\"a\" \"b\"", "1 2", "01", "-01", "true false", "{\"a\":1}}", "[1]]", "{\"a\":1,}", "[1,]", "{\"a\" 1}",
            "[1 2]", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "1.", ".5", "+1", "-", "1e", "1e+", "\"open", "]", "{,}",
            "{\"a\"}", "{1:2}", "[,1]", "\"tab\there\"", "\"\\\"", "'s'"})
    void whatIsNotOneJsonValueIsRefusedWithAMessage(String text) {
        failure(text);
        assertFalse(JsonNode.isValue(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void messagesSayWhatWasWrongAndWhere() {
        assertEquals("no JSON value: the text is empty at byte 0", failure(""));
        assertEquals("expected ',' or '}' but found ']' at byte 6", failure("{\"a\":1]"));
        assertEquals("unexpected 'x' after the JSON value at byte 3", failure("{} x"));
        assertEquals("control character 0x1 in a string (it must be escaped) at byte 3", failure("[\"a\u0001\"]"));
        assertTrue(failure("\"\\q\"").startsWith("invalid escape \\q in a string"));
        assertEquals("the text ends before the JSON value does at byte 5", failure("[1, 2"));
        assertEquals("expected a member name in double quotes but found '}' at byte 7", failure("{\"a\":1,}"));
    }

    @Test
    void nestingIsBoundedWithAClearMessageAndNoStackOverflow() throws JsonSyntaxException {
        String deepest = "[".repeat(JsonNode.MAX_DEPTH) + "]".repeat(JsonNode.MAX_DEPTH);
        assertEquals(JsonNode.Type.ARRAY, parse(deepest).type());
        String objects = "{\"a\":".repeat(JsonNode.MAX_DEPTH) + "1" + "}".repeat(JsonNode.MAX_DEPTH);
        assertEquals(JsonNode.Type.OBJECT, parse(objects).type());

        String tooDeep = "[".repeat(JsonNode.MAX_DEPTH + 1) + "]".repeat(JsonNode.MAX_DEPTH + 1);
        assertEquals("objects and arrays nest deeper than 512 levels at byte 512", failure(tooDeep));
        assertTrue(failure("{\"a\":[".repeat(100_000)).startsWith("objects and arrays nest deeper than 512 levels"));
    }

    @Test
    void numbersOfAnySizeAreCheckedForShapeOnly() throws JsonSyntaxException {
        String huge = "1".repeat(100_000);
        JsonNode o = parse("{\"n\":" + huge + ",\"e\":1e9999999999,\"f\":-0.0000000001E-99999,\"s\":\"ok\"}");
        assertEquals("ok", o.memberOrNull("s").string());
        assertEquals(huge.length(), o.memberOrNull("n").end() - o.memberOrNull("n").start());
        assertEquals(JsonNode.Type.NUMBER, o.memberOrNull("e").type());
    }

    @Test
    void membersAreFoundByNameTheLastOfARepeatedOneCounting() throws JsonSyntaxException {
        JsonNode o = parse("{\"a\":1,\"b\":{\"c\":\"d\"},\"a\":2,\"\\u0062\":\"escaped b\",\"é\":true}");
        assertEquals("2", o.memberOrNull("a").toString());
        assertEquals("escaped b", o.memberOrNull("b").string(), "a name spelled with an escape is the same name");
        assertEquals(JsonNode.Type.TRUE, o.memberOrNull("é").type());
        assertNull(o.memberOrNull("missing"));
        assertTrue(o.member("missing").isEmpty());
        assertFalse(o.has("c"), "only direct members");
        assertEquals(5, o.memberCount());
        List<JsonNode.Member> members = o.members();
        assertEquals(List.of("a", "b", "é"), members.stream().map(JsonNode.Member::name).toList(),
                "as a map holds them: first position, last value");
        assertEquals("2", members.get(0).value().toString());
        assertEquals(JsonNode.Type.STRING, members.get(1).value().type());
        assertEquals(0, parse("[1]").memberCount(), "an array has no members");
    }

    @Test
    void manyRepeatedNamesKeepTheSameRule() throws JsonSyntaxException {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < 50; i++) {
            sb.append("\"k").append(i % 10).append("\":").append(i).append(',');
        }
        sb.setCharAt(sb.length() - 1, '}');
        List<JsonNode.Member> members = parse(sb.toString()).members();
        assertEquals(10, members.size());
        assertEquals("k0", members.getFirst().name());
        assertEquals("40", members.getFirst().value().toString());
    }

    @Test
    void arraysListTheirElements() throws JsonSyntaxException {
        List<JsonNode> elements = parse("[ 1 , \"two\" ,[3], {\"four\":4} ,null ]").elements();
        assertEquals(List.of("1", "\"two\"", "[3]", "{\"four\":4}", "null"), elements.stream().map(JsonNode::toString).toList());
        assertEquals(List.of(), parse("[ ]").elements());
        assertEquals(List.of(), parse("{}").elements());
    }

    @Test
    void everyEscapeIsResolved() throws JsonSyntaxException {
        JsonNode s = parse("\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t A\\u0041 \\u00e9 \\u2713 \\ud83d\\ude00 end\"");
        String expected = "q\" b\\ s/ \b\f\n\r\t AA é ✓ 😀 end";
        assertEquals(expected, s.string());
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), s.stringBytes(), "exactly the UTF-8 bytes");
    }

    @Test
    void loneSurrogatesBecomeTheReplacementCharacter() throws JsonSyntaxException {
        assertEquals("a\uFFFDb\uFFFDc\uFFFD", parse("\"a\\ud800b\\udc00c\\ud83d\"").string());
        assertArrayEquals("\uFFFD\uFFFD".getBytes(StandardCharsets.UTF_8), parse("\"\\ude00\\ud83d\"").stringBytes(),
                "a low before a high is two lone surrogates");
    }

    @Test
    void bytesThatAreNotUtf8AreKeptInBytesAndReplacedInText() throws JsonSyntaxException {
        byte[] json = {'"', 'a', (byte) 0xC3, 'b', (byte) 0xFF, '"'};
        JsonNode s = JsonNode.parse(json);
        assertArrayEquals(new byte[]{'a', (byte) 0xC3, 'b', (byte) 0xFF}, s.stringBytes());
        assertEquals("a\uFFFDb\uFFFD", s.string());
    }

    @Test
    void aLargeStringIsDecodedInOnePieceOfTheRightSize() throws JsonSyntaxException {
        String big = "x".repeat(6_000_000);
        JsonNode o = parse("{\"body\":\"" + big + "\\n\",\"after\":1}");
        byte[] body = o.memberOrNull("body").stringBytes();
        assertEquals(6_000_001, body.length);
        assertEquals('\n', body[6_000_000]);
        assertEquals("1", o.memberOrNull("after").toString());
    }

    @Test
    void base64IsDecodedFromTheText() throws JsonSyntaxException {
        byte[] random = new byte[1000];
        new Random(3).nextBytes(random);
        for (int n = 0; n <= 5; n++) {
            byte[] data = Arrays.copyOf(random, 995 + n);
            String b64 = Base64.getEncoder().encodeToString(data);
            assertArrayEquals(data, decoded(parse("\"" + b64 + "\"")), "length " + data.length);
            assertArrayEquals(data, decoded(parse("\"" + b64.replace("/", "\\/") + "\"")), "with \\/ escapes");
        }
        assertArrayEquals(new byte[0], decoded(parse("\"\"")));
    }

    @Test
    void base64OfEveryLengthAndEveryByteDecodesAsTheJdkDecodesIt() throws JsonSyntaxException {
        // eight characters a step, the last group by the JDK's decoder: every length around the
        // step, every byte value in every place of a step, and long bodies
        Random random = new Random(41);
        for (int n = 0; n < 2_000; n++) {
            byte[] data = new byte[n < 300 ? n : random.nextInt(70_000)];
            random.nextBytes(data);
            if (n < 256) {
                Arrays.fill(data, (byte) n); // each byte value: every character of the alphabet comes up
            }
            String b64 = Base64.getEncoder().encodeToString(data);
            assertArrayEquals(data, decoded(parse("\"" + b64 + "\"")), "length " + data.length);
        }
    }

    @Test
    void aCharacterThatIsNotBase64AnywhereGetsTheJdkDecodersAnswer() throws JsonSyntaxException {
        byte[] data = new byte[60];
        new Random(43).nextBytes(data);
        String b64 = Base64.getEncoder().encodeToString(data); // 80 characters, no padding
        for (int at = 0; at < b64.length(); at++) {
            for (char bad : new char[]{'*', '-', '_', '=', '\u007f'}) {
                byte[] json = ("\"" + b64.substring(0, at) + bad + b64.substring(at + 1) + "\"").getBytes(StandardCharsets.UTF_8);
                // what the JDK's decoder makes of the string alone (so a position counts from the
                // body's start): an error for each but "=" in the last places, which is padding
                String expected;
                try {
                    expected = Arrays.toString(Base64.getDecoder().decode(Arrays.copyOfRange(json, 1, json.length - 1)));
                } catch (IllegalArgumentException e) {
                    expected = e.getMessage();
                }
                String actual;
                try {
                    actual = Arrays.toString(decoded(JsonNode.parse(json)));
                } catch (IllegalArgumentException e) {
                    actual = e.getMessage();
                }
                assertEquals(expected, actual, bad + " at " + at);
            }
        }
    }

    @Test
    void aBadCharacterFarIntoALargeBodyFailsBeforeAByteIsWritten() throws JsonSyntaxException {
        // the body is checked when it is made, not while it goes to the app: a request never
        // starts with a body that cannot be finished
        byte[] data = new byte[300_000];
        new Random(44).nextBytes(data);
        String b64 = Base64.getEncoder().encodeToString(data);
        for (int at : new int[]{0, 8_191, 100_000, b64.length() - 13, b64.length() - 5, b64.length() - 1}) {
            JsonNode s = parse("\"" + b64.substring(0, at) + '*' + b64.substring(at + 1) + "\"");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::base64Body, "at " + at);
            assertEquals("Illegal base64 character 2a", e.getMessage(), "at " + at);
        }
    }

    @Test
    void aBadCharactersPositionIsTheBodysNotTheEvents() throws JsonSyntaxException {
        String pad = "x".repeat(500);
        for (String b64 : new String[]{"YQ==YQ==", "YWJjZGVmZ2hpamtsbW5v*A==", "YW*j"}) {
            JsonNode event = parse("{\"padding\":\"" + pad + "\",\"body\":\"" + b64 + "\"}");
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> event.memberOrNull("body").base64Body());
            IllegalArgumentException alone = assertThrows(IllegalArgumentException.class,
                    () -> java.util.Base64.getDecoder().decode(b64));
            assertEquals(alone.getMessage(), e.getMessage(), b64);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"aGk", "aGVsbG8", "aGV sbG8", "aGVsbG8*", "aGk=aGk=", "-_-_", "aGVsbG8=\\n", "===="})
    void invalidBase64SaysWhy(String b64) throws JsonSyntaxException {
        JsonNode s = parse("\"" + b64 + "\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, s::base64Body);
        assertFalse(e.getMessage() == null || e.getMessage().isBlank());
    }

    @Test
    void compactTextDropsWhitespaceBetweenTokensOnly() throws JsonSyntaxException {
        JsonNode o = parse("{ \"c\" : { \"a b\" : [ 1.50 , -2e3 , true , null ] ,\n\t\"s\" : \"x \\\" y\" } }");
        assertEquals("{\"a b\":[1.50,-2e3,true,null],\"s\":\"x \\\" y\"}", o.memberOrNull("c").compactText());
        assertEquals("{\"z\":1}", parse("{\"z\":1}").compactText());
    }

    @Test
    void aUtf8ByteOrderMarkIsSkippedAndUtf16And32AreRead() throws JsonSyntaxException {
        String text = "{\"a\":\"é😀\"}";
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[utf8.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(utf8, 0, withBom, 3, utf8.length);
        for (byte[] encoded : List.of(withBom, text.getBytes(StandardCharsets.UTF_16BE), text.getBytes(StandardCharsets.UTF_16LE),
                text.getBytes(StandardCharsets.UTF_16), text.getBytes(java.nio.charset.Charset.forName("UTF-32BE")),
                text.getBytes(java.nio.charset.Charset.forName("UTF-32LE")))) {
            assertEquals("é😀", JsonNode.parse(encoded).memberOrNull("a").string());
        }
    }

    @Test
    void wellFormedUtf8IsToldAsTheJdksStrictDecoderTellsItWhereverTheSequenceFallsAmongAsciiWords() {
        // ASCII is passed eight bytes at a time: each sequence, good or bad, at every place around
        // a word's bounds, in texts of every length up to three words
        byte[][] sequences = {{(byte) 0xC3, (byte) 0xA9}, {(byte) 0xE4, (byte) 0xB8, (byte) 0xAD},
                {(byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80}, {(byte) 0xFF}, {(byte) 0xC3}, {(byte) 0x80},
                {(byte) 0xC0, (byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, {(byte) 0xE4, (byte) 0xB8}};
        java.nio.charset.CharsetDecoder strict = StandardCharsets.UTF_8.newDecoder();
        for (byte[] sequence : sequences) {
            for (int length = sequence.length; length <= 24; length++) {
                for (int at = 0; at + sequence.length <= length; at++) {
                    byte[] text = new byte[length];
                    Arrays.fill(text, (byte) 'a');
                    System.arraycopy(sequence, 0, text, at, sequence.length);
                    boolean jdk;
                    try {
                        strict.decode(java.nio.ByteBuffer.wrap(text));
                        jdk = true;
                    } catch (java.nio.charset.CharacterCodingException e) {
                        jdk = false;
                    }
                    assertEquals(jdk, Utf.isValidUtf8(text), Arrays.toString(sequence) + " at " + at + " of " + length);
                }
            }
        }
    }

    @Test
    void whitespaceAnywhereBetweenTokensIsSeenAndDropped() throws JsonSyntaxException {
        // the check tells compact text from text with whitespace between tokens: a space, tab or
        // line break at every place between two tokens, at every depth, is dropped again
        String compact = "{\"a\":[1,-2.5e3,true,false,null,\"s \\\" t\",{\"b\":{},\"c\":[]},[]],\"d\":{\"e\":\"f\"},\"g\":0}";
        byte[] bytes = compact.getBytes(StandardCharsets.UTF_8);
        assertSame(bytes, JsonNode.compact(bytes));
        boolean inString = false;
        int tested = 0;
        for (int at = 0; at <= compact.length(); at++) {
            if (at > 0 && compact.charAt(at - 1) == '"' && (at < 2 || compact.charAt(at - 2) != '\\')) {
                inString = !inString;
            }
            if (inString) {
                continue;
            }
            for (String ws : new String[]{" ", "\t", "\r\n"}) {
                byte[] spaced = (compact.substring(0, at) + ws + compact.substring(at)).getBytes(StandardCharsets.UTF_8);
                byte[] compacted;
                try {
                    compacted = JsonNode.compact(spaced);
                } catch (JsonSyntaxException e) {
                    continue; // inside a literal or a number
                }
                tested++;
                assertEquals(compact, new String(compacted, StandardCharsets.UTF_8), "whitespace at " + at);
                assertEquals(compact, new String(JsonNode.parse(spaced).compactBytes(), StandardCharsets.UTF_8), "whitespace at " + at);
            }
        }
        assertTrue(tested > 80, "places tested: " + tested);
    }

    @Test
    void compactJsonIsNotCopiedAndJsonWithSpacesIs() throws JsonSyntaxException {
        byte[] compact = "{\"a\":[1,2,{\"b\":\"x y\"}]}".getBytes(StandardCharsets.UTF_8);
        assertSame(compact, JsonNode.compact(compact), "nothing to drop: the same array");
        byte[] spaced = "{\"a\": [1, 2]}".getBytes(StandardCharsets.UTF_8);
        byte[] compacted = JsonNode.compact(spaced);
        assertEquals("{\"a\":[1,2]}", new String(compacted, StandardCharsets.UTF_8));
        assertEquals("{\"a\": [1, 2]}", new String(spaced, StandardCharsets.UTF_8), "the text itself is left as it was");
        assertEquals("{\"a\":1}", new String(JsonNode.compact(" \n{\"a\":1}\t".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8), "whitespace around the value goes too");
        assertEquals("[1]", new String(JsonNode.compact(new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, '[', '1', ']'}),
                StandardCharsets.UTF_8), "and a byte order mark");
    }

    @Test
    void wellFormedUtf8IsToldFromMalformed() {
        assertTrue(Utf.isValidUtf8("aé中😀".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Utf.isValidUtf8(new byte[0]));
        for (byte[] bad : List.of(new byte[]{(byte) 0xFF}, new byte[]{(byte) 0xC3}, new byte[]{(byte) 0xC0, (byte) 0x80},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[]{(byte) 0xE2, (byte) 0x28, (byte) 0xA1})) {
            assertFalse(Utf.isValidUtf8(bad), Arrays.toString(bad));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"", "\"plain text with no escapes at all, longer than a word\"",
            "\"q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t A\\u0041 \\u00e9 \\u2713 \\ud83d\\ude00 \\ud800 end\"",
            "\"{\\\"json\\\":\\\"inside\\\",\\\"n\\\":1}\"", "\"\u00e9\u4e2d\\u0000\""})
    void aStringWrittenAsABodyIsItsBytesAndAnnouncesTheirLength(String json) throws Exception {
        byte[] expected = parse(json).stringBytes();
        // the length counted between the escapes (a string alone, or below the root object) and the
        // one the check measured (a member of the root object, where a body is)
        for (JsonNode s : List.of(parse(json), parse("{\"x\":{\"body\":" + json + "}}").memberOrNull("x").memberOrNull("body"),
                parse("{\"a\":1,\"body\":" + json + ",\"z\":\"\\n\"}").memberOrNull("body"))) {
            dev.lwa.runtimeapi.http.SizedBody body = s.stringBody();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            body.writeTo(out);
            assertArrayEquals(expected, out.toByteArray(), json);
            assertEquals(expected.length, body.length(), json);
            out.reset();
            body.writeTo(out);
            assertArrayEquals(expected, out.toByteArray(), "written again, the same: " + json);
        }
    }

    @Test
    void theLengthTheCheckMeasuresIsTheLengthWrittenForAnyMixOfEscapes() throws Exception {
        String[] pieces = {"a", "plain run of text ", "é", "中", "😀", "\\\"", "\\\\", "\\/", "\\b", "\\f", "\\n", "\\r", "\\t",
                "\\u0041", "\\u00e9", "\\u07ff", "\\u0800", "\\uffff", "\\ud83d\\ude00", "\\ud800", "\\udc00",
                "\\ud800\\u0041", "\\ud800\\ud800\\udc00", "\\ude00\\ud83d"};
        Random random = new Random(17);
        for (int round = 0; round < 3_000; round++) {
            StringBuilder content = new StringBuilder();
            for (int k = random.nextInt(12); k > 0; k--) {
                content.append(pieces[random.nextInt(pieces.length)]);
            }
            String json = "\"" + content + "\"";
            byte[] expected = parse(json).stringBytes();
            JsonNode member = parse("{\"body\":" + json + "}").memberOrNull("body");
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            member.stringBody().writeTo(out);
            assertArrayEquals(expected, out.toByteArray(), json);
            assertEquals(expected.length, member.stringBody().length(), json);
            assertEquals(expected.length, parse(json).stringBody().length(), json);
        }
    }

    @Test
    void largeBodiesDecodeAsAnIndependentReaderDecodesThem() throws Exception {
        // long runs (written straight from the event) between dense escapes (decoded through a
        // buffer), across the buffer's 8 KiB, checked against Parsson rather than our own decoder
        String[] pieces = {"\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00", "é", "x", "{\\\"id\\\":1}"};
        Random random = new Random(23);
        for (int round = 0; round < 200; round++) {
            StringBuilder content = new StringBuilder();
            int size = random.nextInt(40_000);
            while (content.length() < size) {
                if (random.nextInt(4) == 0) {
                    content.append("a".repeat(random.nextInt(round % 2 == 0 ? 20 : 9_000)));
                } else {
                    content.append(pieces[random.nextInt(pieces.length)]);
                }
            }
            byte[] event = ("{\"body\":\"" + content + "\"}").getBytes(StandardCharsets.UTF_8);
            byte[] expected = ((jakarta.json.JsonObject) TestJson.parse(event)).getString("body").getBytes(StandardCharsets.UTF_8);
            dev.lwa.runtimeapi.http.SizedBody body = JsonNode.parse(event).memberOrNull("body").stringBody();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            body.writeTo(out);
            assertArrayEquals(expected, out.toByteArray(), "round " + round);
            assertEquals(expected.length, body.length(), "round " + round);
        }
    }

    @Test
    void jsonInJsonIsCheckedAndDecodedAsAnIndependentReaderDoesAtEveryPlaceInAWord() throws Exception {
        // The check and the decoder take JSON in JSON (every quote escaped, every backslash
        // escaping a quote) a word at a time: a backslash may be a word's last byte, a "\\" or a
        // bare quote or a control character among the escaped quotes must stop that, and an
        // escape other than \" must be met one by one. Bytes from a small alphabet, so that each
        // of these lands on every byte of a word; Parsson says what is valid and what it decodes to.
        byte[] alphabet = {'"', '"', '\\', '\\', '\\', 'a', 'n', '/', 0x01, (byte) 0xC3}; // 0xC3: all of "é"
        Random random = new Random(31);
        int valid = 0;
        for (int round = 0; round < 20_000; round++) {
            java.io.ByteArrayOutputStream content = new java.io.ByteArrayOutputStream();
            for (int k = random.nextInt(8); k > 0; k--) {
                content.write('a');
            }
            for (int k = random.nextInt(40); k > 0; k--) {
                if (random.nextInt(3) > 0) {
                    content.write('\\'); // mostly escaped quotes, as JSON in JSON has them
                    content.write('"');
                } else {
                    byte c = alphabet[random.nextInt(alphabet.length)];
                    content.write(c);
                    if (c == (byte) 0xC3) {
                        content.write(0xA9); // a body's bytes pass as they are, so no broken UTF-8 here
                    }
                }
            }
            byte[] open = "{\"body\":\"".getBytes(StandardCharsets.UTF_8);
            byte[] event = new byte[open.length + content.size() + 2];
            System.arraycopy(open, 0, event, 0, open.length);
            System.arraycopy(content.toByteArray(), 0, event, open.length, content.size());
            event[event.length - 2] = '"';
            event[event.length - 1] = '}';
            byte[] expected;
            try {
                expected = ((jakarta.json.JsonObject) TestJson.parse(event)).getString("body").getBytes(StandardCharsets.UTF_8);
            } catch (jakarta.json.JsonException e) {
                assertThrows(JsonSyntaxException.class, () -> JsonNode.parse(event), "round " + round + ": " + new String(event, StandardCharsets.UTF_8));
                continue;
            }
            valid++;
            dev.lwa.runtimeapi.http.SizedBody body = JsonNode.parse(event).memberOrNull("body").stringBody();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            body.writeTo(out);
            String where = "round " + round + ": " + new String(event, StandardCharsets.UTF_8);
            assertArrayEquals(expected, out.toByteArray(), where);
            assertEquals(expected.length, body.length(), where);
        }
        assertTrue(valid > 2_000 && valid < 18_000, "both valid and invalid bodies were tried: " + valid + " valid");
    }

    @Test
    void base64InTheRootObjectIsDecodedWithAndWithoutEscapes() throws JsonSyntaxException {
        byte[] data = new byte[300];
        new Random(5).nextBytes(data);
        String b64 = Base64.getEncoder().encodeToString(data);
        assertArrayEquals(data, decoded(parse("{\"body\":\"" + b64 + "\"}").memberOrNull("body")));
        assertArrayEquals(data, decoded(parse("{\"body\":\"" + b64.replace("/", "\\/") + "\"}").memberOrNull("body")));
    }

    /** What a base64 body writes, checked against the length it announced. */
    private static byte[] decoded(JsonNode string) {
        dev.lwa.runtimeapi.http.SizedBody body = string.base64Body();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try {
            body.writeTo(out);
            body.writeTo(out); // a body may be written again (a request repeated): the same bytes
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        byte[] twice = out.toByteArray();
        assertEquals(2 * body.length(), twice.length, "the announced length is the written length");
        byte[] once = Arrays.copyOf(twice, twice.length / 2);
        assertArrayEquals(once, Arrays.copyOfRange(twice, once.length, twice.length), "written again, the same bytes");
        return once;
    }
}

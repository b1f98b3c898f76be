package dev.lwa.core.event;

import dev.lwa.runtimeapi.json.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The query of REST v1 and ALB events, rebuilt from their parameter maps with the
 * application/x-www-form-urlencoded serializer (docs/behaviour.md, "Method, path and query"), in event order (D11).
 */
class FormQueryTest {

    private static JsonNode event(String singleQuoted) {
        try {
            return JsonNode.parse(singleQuoted.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
        } catch (dev.lwa.runtimeapi.json.JsonSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    private static String rest(String params) throws InvalidEventException {
        return FormQuery.from(event("{'queryStringParameters':" + params + "}"), false, "test: ");
    }

    private static String alb(String params) throws InvalidEventException {
        return FormQuery.from(event("{'queryStringParameters':" + params + "}"), true, "test: ");
    }

    static Stream<Arguments> restValues() {
        return Stream.of(
                Arguments.of("a b", "a+b"),
                Arguments.of("*-._", "*-._"),
                Arguments.of("AZaz09", "AZaz09"),
                Arguments.of("~!()", "%7E%21%28%29"),
                Arguments.of("&=+%#?/", "%26%3D%2B%25%23%3F%2F"),
                Arguments.of("é", "%C3%A9"),
                Arguments.of("😀", "%F0%9F%98%80"),
                Arguments.of("", ""));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @MethodSource("restValues")
    void restValuesAreFormEncodedWithUppercaseHex(String value, String encoded) throws InvalidEventException {
        assertEquals("k=" + encoded, rest("{'k':'" + value + "'}"));
        StringBuilder sb = new StringBuilder();
        FormQuery.encode(sb, value);
        assertEquals(encoded, sb.toString());
    }

    @Test
    void restKeysAreEncodedToo() throws InvalidEventException {
        assertEquals("a+key%26=v", rest("{'a key&':'v'}"));
    }

    @Test
    void restValuesAreNotDecodedFirst() throws InvalidEventException {
        // API Gateway hands REST functions decoded values: a literal %20 is what the client meant.
        assertEquals("a=b%2520c&p=1%2B2", rest("{'a':'b%20c','p':'1+2'}"));
    }

    @Test
    void orderIsTheEventsAndRepeatedKeysRepeat() throws InvalidEventException {
        JsonNode e = event("{'multiValueQueryStringParameters':{'z':['1','2'],'a':['3'],'m':[]}}");
        assertEquals("z=1&z=2&a=3", FormQuery.from(e, false, ""));
    }

    static Stream<Arguments> albValues() {
        return Stream.of(
                Arguments.of("b%20c", "b+c"),
                Arguments.of("%3FshowAll%3Dtrue", "%3FshowAll%3Dtrue"),
                Arguments.of("1+2", "1+2"), // + is a space, and a space is +
                Arguments.of("a%2B", "a%2B"),
                Arguments.of("%C3%A9", "%C3%A9"),
                Arguments.of("é", "%C3%A9"),
                Arguments.of("100%", "100%25"),
                Arguments.of("%zz", "%25zz"),
                Arguments.of("%4", "%254"),
                Arguments.of("%e2%82%ac", "%E2%82%AC"));
    }

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @MethodSource("albValues")
    void albValuesAreDecodedThenReEncoded(String value, String encoded) throws InvalidEventException {
        assertEquals("k=" + encoded, alb("{'k':'" + value + "'}"));
    }

    @Test
    void albKeysAreDecodedThenReEncoded() throws InvalidEventException {
        assertEquals("my+key=1&%3F=2", alb("{'my%20key':'1','%3f':'2'}"));
    }

    @Test
    void decodeTreatsPlusAsSpaceAndKeepsStrayPercent() {
        assertEquals("a b", FormQuery.decode("a+b"));
        assertEquals("a b", FormQuery.decode("a%20b"));
        assertEquals("100%", FormQuery.decode("100%"));
        assertEquals("%4", FormQuery.decode("%4"));
        assertEquals("%zz", FormQuery.decode("%zz"));
        assertEquals("é", FormQuery.decode("%C3%A9"));
        assertEquals("\uFFFD", FormQuery.decode("%FF"), "bytes that are not UTF-8 decode lossily");
        assertEquals("plain", FormQuery.decode("plain"));
    }

    @Test
    void noParametersGiveNoQuery() throws InvalidEventException {
        assertEquals("", FormQuery.from(event("{}"), false, ""));
        assertEquals("", FormQuery.from(event("{'queryStringParameters':{},'multiValueQueryStringParameters':{}}"), true, ""));
        assertEquals("", FormQuery.from(event("{'queryStringParameters':null}"), true, ""));
    }
}

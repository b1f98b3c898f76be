package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input (D2): events that are not JSON, bodies that are not base64, header names and values
 * that could split a request, shapes no trigger sends, and app answers over Lambda's limit. Each
 * bad event is a named {@code errorType} on {@code /error} without a request to the app; each test
 * ends by checking that the next invocation is served normally. Unknown shapes are not errors:
 * they are passed through as LWA does (docs/protocols.md, "Event kinds").
 */
@LwaTest
class BadInputEndToEndTest {
    private static TestApp app;
    private static AdapterHarness lwa;

    @BeforeEach
    void forgetEarlierRequests() {
        app.clear();
    }

    @AfterEach
    void theNextInvocationIsServedNormally() throws Exception {
        app.clear();
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/next").bytes()));
        assertTrue(r.isResponse(), () -> "after a bad input: " + r);
        assertEquals("/next", app.take().rawPath());
    }

    private static void assertInvalidEvent(InvocationResult r, String messagePart) {
        assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
        assertEquals("lwa.InvalidEvent", r.errorType().orElseThrow(), r::bodyAsString);
        String message = json(r.body()).getString("errorMessage");
        assertTrue(message.contains(messagePart), "the message should say '" + messagePart + "': " + message);
        assertNoJavaNames(message);
        assertEquals(0, app.receivedCount(), "a bad event never reaches the app");
    }

    /** Error messages say what was wrong with the event, in words: never a Java class or package name. */
    static void assertNoJavaNames(String message) {
        assertFalse(message.matches("(?s).*(\\w+(Exception|Error)\\b|java\\.|jakarta\\.|org\\.eclipse).*"),
                "a Java name in the error message: " + message);
    }

    // ---- not JSON ----------------------------------------------------------------------------------

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"{not json", "", "{\"a\":1} trailing", "{\"a\":1}{\"b\":2}", "{\"version\":\"2.0\"",
            "nul", "{'single':'quotes'}"})
    void malformedJsonIsAnInvalidEvent(String event) {
        assertInvalidEvent(lwa.invoke(event), "JSON");
    }

    @Test
    void nestingDeeperThanTheLimitIsAnInvalidEventThatSaysSo() {
        String deep = "[".repeat(600) + "]".repeat(600);
        assertInvalidEvent(lwa.invoke(TestEvent.httpApi("GET", "/deep").json().replaceFirst("\\{", "{\"x\":" + deep + ",")),
                "nest deeper than 512 levels");
    }

    @Test
    void numbersAndNestingInFieldsLwaDoesNotReadDoNotStopAnEvent() throws Exception {
        String deep = "[".repeat(400) + "]".repeat(400);
        String extra = "{\"n\":" + "9".repeat(1_100) + ",\"e\":1e9999999999,\"deep\":" + deep + ",";
        InvocationResult r = lwa.invoke(TestEvent.httpApi("GET", "/numbers").json().replaceFirst("\\{", extra));
        assertTrue(r.isResponse(), r::toString);
        assertEquals("/numbers", app.take().rawPath());
    }

    // ---- base64 ------------------------------------------------------------------------------------

    static List<Object[]> badBase64() {
        List<Object[]> cases = new ArrayList<>();
        // Rust's STANDARD engine (LWA 1.0 aborts on all of these): padding required, no whitespace,
        // no URL-safe alphabet, nothing after padding.
        for (String body : List.of("Hello from Lambda!", "aGk", "aGV sbG8", "aGVsbG8*", "aGk=aGk=", "-_-_", "aGVsbG8=\n")) {
            for (TestEvent.Trigger trigger : TestEvent.Trigger.values()) {
                cases.add(new Object[]{trigger, body});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} body \"{1}\"")
    @MethodSource("badBase64")
    void invalidBase64BodyIsAnInvalidEvent(TestEvent.Trigger trigger, String body) {
        assertInvalidEvent(lwa.invoke(TestEvent.of(trigger, "POST", "/upload").base64Body(body).json()), "base64");
    }

    @ParameterizedTest
    @EnumSource(TestEvent.Trigger.class)
    void validBase64IsDecodedForTheAppOnEveryTrigger(TestEvent.Trigger trigger) throws Exception {
        assertTrue(lwa.invoke(TestEvent.of(trigger, "POST", "/upload").base64Body("AAH/gA==").json()).isResponse());
        assertArrayEquals(new byte[]{0, 1, (byte) 0xFF, (byte) 0x80}, app.take().body());
    }

    // ---- header names and values ---------------------------------------------------------------------

    static List<Object[]> badHeaderValues() {
        List<Object[]> cases = new ArrayList<>();
        for (String value : List.of("a\rInjected: 1", "a\nInjected: 1", "a\r\n\r\nGET /smuggled HTTP/1.1", "a\u0000b",
                "a\u007fb", "a\u0001b", "a\u001bb")) {
            for (TestEvent.Trigger trigger : TestEvent.Trigger.values()) {
                cases.add(new Object[]{trigger, value});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} value {1}")
    @MethodSource("badHeaderValues")
    void headerValueWithCrLfNulDelOrControlIsAnInvalidEvent(TestEvent.Trigger trigger, String value) {
        assertInvalidEvent(lwa.invoke(TestEvent.of(trigger, "GET", "/h").header("x-evil", value).json()), "control character");
    }

    static List<Object[]> badHeaderNames() {
        List<Object[]> cases = new ArrayList<>();
        for (String name : List.of("x evil", "x:evil", "x-evil\r\nInjected", "", "x(evil)", "x-ünicode", "x\u007f")) {
            for (TestEvent.Trigger trigger : TestEvent.Trigger.values()) {
                cases.add(new Object[]{trigger, name});
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} name \"{1}\"")
    @MethodSource("badHeaderNames")
    void headerNameThatIsNotATokenIsAnInvalidEvent(TestEvent.Trigger trigger, String name) {
        assertInvalidEvent(lwa.invoke(TestEvent.of(trigger, "GET", "/h").header(name, "v").json()), "header name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s=1\r\nInjected: 1", "s=\u0000"})
    void cookieWithControlCharacterIsAnInvalidEvent(String cookie) {
        assertInvalidEvent(lwa.invoke(TestEvent.httpApi("GET", "/c").cookie("ok=1").cookie(cookie).json()), "cookies");
    }

    @ParameterizedTest
    @ValueSource(strings = {"GE T", "GET\r\n", "G(ET", "GET /x HTTP/1.1\r\nHost: evil\r\n\r\nGET"})
    void methodThatIsNotATokenIsAnInvalidEvent(String method) {
        assertInvalidEvent(lwa.invoke(TestEvent.rest(method, "/m").json()), "method");
    }

    @Test
    void anEmptyMethodMeansGetAsInLwa() throws Exception {
        assertTrue(lwa.invoke(TestEvent.alb("", "/m").json()).isResponse());
        assertEquals("GET", app.take().method());
    }

    // ---- paths and queries cannot break the request line ----------------------------------------------

    @Test
    void controlCharactersInPathAndQueryAreEncodedOrDroppedNotSent() throws Exception {
        // WHATWG (docs/behaviour.md, path encoding): tab/CR/LF removed, other controls and space percent-encoded.
        assertTrue(lwa.invoke(TestEvent.httpApi("GET", "/a\r\nb c\u0000d").rawQuery("q=x y&r=\"1\"").json()).isResponse());
        TestApp.Received got = app.take();
        assertEquals("/ab%20c%00d", got.rawPath());
        assertEquals("q=x%20y&r=%221%22", got.rawQuery());

        assertTrue(lwa.invoke(TestEvent.rest("GET", "/p").query("k", "a b&c=d").query("k", "\r\n").json()).isResponse());
        got = app.take();
        assertEquals("k=a+b%26c%3Dd&k=%0D%0A", got.rawQuery(), "form-encoded, so still two pairs named k");
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "/a/../b|/b", "/a/./b|/a/b", "/a/%2e%2E/b|/b", "/../../etc/passwd|/etc/passwd", "/a\\b|/a/b",
            "/a%2Fb|/a%2Fb", "/A%c3%b1o|/A%c3%b1o", "/\u00e9|/%C3%A9", "/a b#c?d|/a%20b%23c%3Fd", "''|/", "relative|/relative"})
    void pathsAreNormalisedAsTheWhatwgSetterDoes(String path, String expected) throws Exception {
        // LWA sets the path with the url crate: dot segments resolved, so no traversal reaches the app.
        for (TestEvent.Trigger trigger : List.of(TestEvent.Trigger.REST, TestEvent.Trigger.HTTP_API, TestEvent.Trigger.ALB)) {
            assertTrue(lwa.invoke(TestEvent.of(trigger, "GET", path).json()).isResponse());
            assertEquals(expected, app.take().rawPath(), trigger + " path " + path);
        }
    }

    // ---- shapes no trigger sends: passed through, or served when the required fields are there ---------

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"httpMethod\":\"GET\",\"requestContext\":{}}", // no requestContext.httpMethod, no elb ("Event kinds")
            "{\"httpMethod\":\"GET\"}",
            "{\"requestContext\":{\"http\":{}}}", // no http.method
            "{\"version\":\"2.0\",\"rawPath\":\"/x\",\"headers\":{\"a\":\"b\"}}",
            "{\"method\":\"GET\",\"path\":\"/x\"}", // Lattice v2 without serviceNetworkArn
            "{}",
            "[1,2,3]",
            "\"just a string\"",
            "42",
            "1",
            "7",
            "{\"Records\":[{\"big\":12345678901234567890123456789012345678901234567890e99999999999}]}",
            "true",
            "null"})
    void unknownOrPartialShapeIsPassedThroughByteForByte(String event) throws Exception {
        InvocationResult r = lwa.invoke(event);
        assertTrue(r.isResponse(), r::toString);
        TestApp.Received got = app.take();
        assertEquals("POST", got.method());
        assertEquals("/events", got.rawPath());
        assertEquals(event, got.bodyText());
        assertEquals("application/json", got.header("content-type"));
        assertEquals("null", got.header("x-amzn-request-context"));
        assertEquals("/events", json(r.body()).getString("path"), "the app's JSON answer is the result");
    }

    @Test
    void minimalEventsWithTheRequiredFieldsAreServedAsTheirTrigger() throws Exception {
        InvocationResult rest = lwa.invoke("{\"httpMethod\":\"GET\",\"requestContext\":{\"httpMethod\":\"GET\"}}");
        TestApp.Received got = app.take();
        assertEquals("GET /", got.method() + " " + got.rawPath(), "no path means /");
        assertTrue(json(rest.body()).containsKey("multiValueHeaders"), "a REST envelope");

        InvocationResult alb = lwa.invoke("{\"httpMethod\":\"POST\",\"requestContext\":{\"elb\":{}}}");
        got = app.take();
        assertEquals("POST /", got.method() + " " + got.rawPath());
        assertEquals("200 OK", json(alb.body()).getString("statusDescription"), "an ALB envelope");

        InvocationResult v2 = lwa.invoke("{\"requestContext\":{\"http\":{\"method\":\"DELETE\"}}}");
        got = app.take();
        assertEquals("DELETE /", got.method() + " " + got.rawPath());
        assertTrue(json(v2.body()).containsKey("cookies"), "an HTTP API envelope");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "{\"httpMethod\":\"GET\",\"requestContext\":{\"httpMethod\":\"GET\"},\"path\":5}|path",
            "{\"httpMethod\":\"GET\",\"requestContext\":{\"httpMethod\":\"GET\"},\"headers\":\"x\"}|headers",
            "{\"httpMethod\":\"GET\",\"requestContext\":{\"httpMethod\":\"GET\"},\"multiValueHeaders\":{\"a\":[1]}}|multiValueHeaders",
            "{\"httpMethod\":\"GET\",\"requestContext\":{\"elb\":{}},\"isBase64Encoded\":\"yes\"}|isBase64Encoded",
            "{\"requestContext\":{\"http\":{\"method\":\"GET\"}},\"rawQueryString\":7}|rawQueryString",
            "{\"requestContext\":{\"http\":{\"method\":\"GET\"}},\"cookies\":[1]}|cookies",
            "{\"requestContext\":{\"http\":{\"method\":\"GET\"}},\"body\":{\"json\":true}}|body"})
    void aRecognisedEventWithAWronglyTypedFieldIsAnInvalidEventNamingIt(String eventAndField) {
        String[] parts = eventAndField.split("\\|");
        assertInvalidEvent(lwa.invoke(parts[0]), parts[1]);
    }

    // ---- app answers over Lambda's buffered limit -----------------------------------------------------

    @Test
    void aTextBodyOverSixMebibytesIsPayloadTooLargeNotAPlatformError() throws Exception {
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/big/7000000").bytes()));
        app.take();
        assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
        assertEquals("lwa.PayloadTooLarge", r.errorType().orElseThrow(), "lwa's error, not the Runtime API's 413");
        String message = json(r.body()).getString("errorMessage");
        assertTrue(message.contains("6291556") && message.contains("response_stream"), message);
    }

    @Test
    void aBinaryBodyWhoseBase64EnvelopeIsOverTheLimitIsPayloadTooLarge() throws Exception {
        // 5,000,000 bytes are under 6 MiB, but base64 makes the result 6.67 MB.
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/bigbinary/5000000").bytes()));
        app.take();
        assertEquals("lwa.PayloadTooLarge", r.errorType().orElseThrow(), r::toString);
        String message = json(r.body()).getString("errorMessage");
        assertTrue(message.contains("result of") && message.contains("body 5000000 bytes"), message);
    }

    @Test
    void aBodyJustUnderTheLimitIsAnswered() throws Exception {
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/big/6000000").bytes()));
        app.take();
        assertTrue(r.isResponse(), r::toString);
        JsonObject envelope = json(r.body());
        assertEquals(6_000_000, envelope.getString("body").length());
    }
}

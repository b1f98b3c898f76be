package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;


import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An app that breaks HTTP (D2, D3): each failure is a clean {@code /error} with a named error type,
 * and the next invocation is served. The app is a raw ServerSocket, so the failures are real
 * bytes on a real connection. (Connection refused: {@link LifecycleEndToEndTest}.)
 */
@LwaTest(app = RawSocketApp.class, settings = "AWS_LWA_READINESS_CHECK_PROTOCOL=tcp")
class AppFailureEndToEndTest {
    private static RawSocketApp app;
    private static AdapterHarness lwa;

    private static InvocationResult get(String path) {
        return lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", path).bytes()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "/truncated,         lwa.AppConnectionError",
            "/reset,             lwa.AppConnectionError",
            "/chunked-truncated, lwa.AppConnectionError",
            "/close,             lwa.AppConnectionError",
            "/garbage,           lwa.InvalidResponse",
            "/bad-length,        lwa.InvalidResponse"})
    void aBrokenAnswerIsANamedErrorAndTheNextInvocationIsServed(String path, String errorType) throws Exception {
        InvocationResult r = get(path);
        assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
        assertEquals(errorType, r.errorType().orElseThrow(), () -> r.bodyAsString());
        String message = json(r.body()).getString("errorMessage");
        assertTrue(message.contains("127.0.0.1:" + app.port()), "the message names the app: " + message);
        assertTrue(app.takeHead().startsWith("GET " + path + " HTTP/1.1\r\n"));

        InvocationResult ok = get("/ok");
        assertTrue(ok.isResponse(), ok::toString);
        assertEquals("ok", json(ok.body()).getString("body"));
        app.takeHead();
    }

    @ParameterizedTest(name = "{0} {1} -> {2} \"{3}\"")
    @CsvSource({
            "HEAD, /head,             200, ''",
            "GET,  /interim,          200, final",
            "GET,  /http10,           200, until close",
            "GET,  /chunked-trailers, 200, one two three",
            "GET,  /no-content,       204, ''"})
    void unusualButValidAnswersAreServed(String method, String path, int status, String body) throws Exception {
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.rest(method, path).bytes()));
        assertTrue(r.isResponse(), r::toString);
        app.takeHead();
        var envelope = json(r.body());
        assertEquals(status, envelope.getInt("statusCode"));
        assertEquals(body, envelope.getString("body"));
        var headers = envelope.getJsonObject("multiValueHeaders");
        assertTrue(!headers.containsKey("transfer-encoding"), "transfer-encoding is removed (hop-by-hop): " + headers);
        if (path.equals("/head")) {
            assertEquals("100", headers.getJsonArray("content-length").getString(0), "the app's Content-Length is kept");
        }
    }

    @Test
    void theRequestHeadOnTheWireCarriesHeaderValuesAsGiven() throws Exception {
        // What the app's parser gets, byte for byte: a TAB inside a value (legal, RFC 9110 §5.5) is
        // not turned into a space, and an event's own framing headers are replaced by the real length.
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.rest("POST", "/ok").header("x-tab", "a\tb")
                .header("content-length", "999").header("transfer-encoding", "chunked").body("abc").bytes()));
        assertTrue(r.isResponse(), r::toString);
        String head = app.takeHead();
        assertTrue(head.contains("\r\nx-tab: a\tb\r\n"), head);
        assertTrue(head.contains("\r\nContent-Length: 3\r\n") || head.contains("\r\ncontent-length: 3\r\n"), head);
        assertTrue(!head.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding"), head);
        // no header carries the event's 999 (the head as a whole may: the context headers hold a
        // random log stream name, request id and deadline, in which "999" turns up now and then)
        assertTrue(head.lines().noneMatch(line -> line.endsWith(": 999")), head);
    }
}

package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bodies on their way through lwa, byte for byte: a text body written to the app straight from the
 * event (every JSON escape resolved on the way), base64 with each padding and as a file upload
 * decoded while it is written, an answer of unknown length (chunked), and both directions at
 * Lambda's 6 MB limit (a 6,291,556-byte result passes, one byte more is lwa.PayloadTooLarge).
 */
@Timeout(120)
@LwaTest
class BodyPathEndToEndTest {
    private static TestApp app;
    private static AdapterHarness lwa;

    @BeforeEach
    void forget() {
        app.clear();
    }

    private static InvocationResult post(String jsonEscapedBody) {
        String event = TestEvent.functionUrl("POST", "/echo").json();
        // the body as raw JSON text, so the test controls every escape
        event = event.substring(0, event.length() - 1) + ",\"body\":\"" + jsonEscapedBody + "\"}";
        return lwa.invoke(event.replace(",\"isBase64Encoded\":false", "").replace(",\"isBase64Encoded\":true", ""));
    }

    @Test
    void everyJsonEscapeInATextBodyReachesTheAppAsItsCharacter() throws Exception {
        InvocationResult r = post("q\\\" b\\\\ s\\/ \\b\\f\\n\\r\\t A\\u0041 é\\u00e9 ✓\\u2713 😀\\ud83d\\ude00 lone\\ud800 nul\\u0000 end");
        assertTrue(r.isResponse(), r::toString);
        String expected = "q\" b\\ s/ \b\f\n\r\t AA éé ✓✓ 😀😀 lone\uFFFD nul\u0000 end";
        assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), app.take().body());
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad \\x escape", "short \\u12 unicode", "trailing backslash \\"})
    void anInvalidEscapeIsAnInvalidEventThatSaysWhere(String body) {
        InvocationResult r = post(body);
        assertEquals("lwa.InvalidEvent", r.errorType().orElseThrow(), r::toString);
        String message = json(r.body()).getString("errorMessage");
        assertTrue(message.contains("at byte"), message);
        BadInputEndToEndTest.assertNoJavaNames(message);
        assertEquals(0, app.receivedCount());
    }

    @Test
    void base64WithEachPaddingIsDecodedAndWithoutPaddingRefused() throws Exception {
        for (int n = 0; n < 6; n++) {
            byte[] data = Arrays.copyOf(new byte[]{(byte) 0xff, 0, 1, (byte) 0x80, 2, 3}, n);
            String b64 = Base64.getEncoder().encodeToString(data);
            InvocationResult r = lwa.invoke(TestEvent.functionUrl("POST", "/b64").base64Body(b64).json());
            assertTrue(r.isResponse(), r::toString);
            assertArrayEquals(data, app.take().body(), "base64 of " + n + " bytes: " + b64);
        }
        InvocationResult unpadded = lwa.invoke(TestEvent.functionUrl("POST", "/b64").base64Body("aGk").json());
        assertEquals("lwa.InvalidEvent", unpadded.errorType().orElseThrow(), "padding is required, as in LWA");
        assertTrue(json(unpadded.body()).getString("errorMessage").contains("not a multiple of 4"));
    }

    @Test
    void aFileUploadAtTheEventLimitReachesTheAppWholeAndABadCharacterInItReachesItNot() throws Exception {
        // decoded while it is written: 4.5 MB of random bytes, base64 in a 6 MB event, come out
        // whole; one character that is no base64, far in, fails the event before the app sees a byte
        byte[] data = new byte[4_500_000];
        new java.util.Random(9).nextBytes(data);
        String b64 = Base64.getEncoder().encodeToString(data);
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("POST", "/upload").base64Body(b64).bytes()));
        assertTrue(r.isResponse(), r::toString);
        assertArrayEquals(data, app.take().body());

        String bad = b64.substring(0, 5_000_000) + '*' + b64.substring(5_000_001);
        InvocationResult refused = lwa.invoke(Invoke.of(TestEvent.functionUrl("POST", "/upload").base64Body(bad).bytes()));
        assertEquals("lwa.InvalidEvent", refused.errorType().orElseThrow(), refused::toString);
        assertTrue(json(refused.body()).getString("errorMessage").contains("not valid base64"), refused::toString);
        assertEquals(0, app.receivedCount());
        InvocationResult after = lwa.invoke(TestEvent.functionUrl("POST", "/b64").base64Body("aGk=").json());
        assertTrue(after.isResponse(), "still serving: " + after);
        assertArrayEquals("hi".getBytes(StandardCharsets.US_ASCII), app.take().body());
    }

    @Test
    void aChunkedAnswerNearTheLimitComesBackWholeInTheResult() throws Exception {
        // no Content-Length: read in pieces, escaped a piece at a time, sequences cut by a piece's
        // end (the text repeats a 41-byte unit) intact
        int n = 5_500_000; // its quotes and line breaks escaped: ~5.9 MB in the result
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/chunked/" + n).bytes()));
        app.take();
        assertTrue(r.isResponse(), r::toString);
        String expected = new String(TestApp.chunkedText(n), StandardCharsets.UTF_8);
        assertEquals(expected, json(r.body()).getString("body"));

        InvocationResult over = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/chunked/" + (6 * 1024 * 1024 + 101)).bytes()));
        app.take();
        assertEquals("lwa.PayloadTooLarge", over.errorType().orElseThrow(), over::toString);
    }

    @Test
    void aSixMegabyteEventBodyReachesTheAppWhole() throws Exception {
        byte[] body = new byte[6_000_000];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        // every 1000th byte a quote: escaped in the event, one byte again at the app
        for (int i = 0; i < body.length; i += 1000) {
            body[i] = '"';
        }
        String text = new String(body, StandardCharsets.US_ASCII);
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("POST", "/status/200").body(text).bytes()));
        assertTrue(r.isResponse(), r::toString);
        assertArrayEquals(body, app.take().body());
    }

    /**
     * In response_stream mode a pass-through result is still buffered: a too-large one says so,
     * rather than advising the response_stream mode already on.
     */
    @Test
    @LwaTest(streaming = true, settings = "AWS_LWA_PASS_THROUGH_PATH=/big/7000000")
    void aTooLargePassThroughResultInStreamModeSaysItIsAlwaysBuffered(TestApp app, AdapterHarness lwa) throws Exception {
        InvocationResult r = lwa.invoke(Invoke.of(dev.lwa.core.event.SharedEvents.bytes("powertools/sqsEvent.json")));
        assertEquals("/big/7000000", app.take().rawPath());
        assertEquals("lwa.PayloadTooLarge", r.errorType().orElseThrow(), r::toString);
        String message = json(r.body()).getString("errorMessage");
        assertTrue(message.contains("always buffered") && !message.contains("AWS_LWA_INVOKE_MODE"), message);
    }

    @Test
    void aResultOfExactlyTheBufferedLimitPassesAndOneByteMoreIsPayloadTooLarge() throws Exception {
        // the envelope around a 'x' * n text body, for an n of as many digits (its content-length is in it)
        InvocationResult probe = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/big/1000000").bytes()));
        app.take();
        int overhead = probe.body().length - 1_000_000;
        int limit = 6 * 1024 * 1024 + 100;

        InvocationResult atLimit = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/big/" + (limit - overhead)).bytes()));
        app.take();
        assertTrue(atLimit.isResponse(), atLimit::toString);
        assertEquals(limit, atLimit.body().length, "the result is exactly Lambda's limit");
        assertEquals(limit - overhead, json(atLimit.body()).getString("body").length());

        InvocationResult over = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/big/" + (limit - overhead + 1)).bytes()));
        app.take();
        assertEquals("lwa.PayloadTooLarge", over.errorType().orElseThrow(), over::toString);
    }
}

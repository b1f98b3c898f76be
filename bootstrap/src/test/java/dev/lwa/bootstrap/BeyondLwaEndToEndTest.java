package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The "Beyond LWA" settings (docs/behaviour.md) with a real app: media type lists deciding text or
 * base64 of buffered results, and the W3C traceparent made from the invocation's X-Ray trace id.
 */
class BeyondLwaEndToEndTest {
    private static final String TRACE = "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1";
    private static final String TRACEPARENT = "00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-01";
    private static final byte[] JSON = "{\"keys\":[]}".getBytes(StandardCharsets.UTF_8);

    /** The app answers {@code contentType}; the result's body, and whether it was base64. */
    private static JsonObject answer(TestApp app, AdapterHarness lwa, String contentType, byte[] body) throws Exception {
        app.replyOnce(TestApp.Reply.of(200, contentType, body));
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/media").bytes()));
        app.take();
        assertTrue(r.isResponse(), r::toString);
        return json(r.body());
    }

    private static void assertText(JsonObject envelope, byte[] body) {
        assertFalse(envelope.getBoolean("isBase64Encoded"), envelope::toString);
        assertEquals(new String(body, StandardCharsets.UTF_8), envelope.getString("body"));
    }

    private static void assertBase64(JsonObject envelope, byte[] body) {
        assertTrue(envelope.getBoolean("isBase64Encoded"), envelope::toString);
        assertArrayEquals(body, Base64.getDecoder().decode(envelope.getString("body")));
    }

    @Test
    @LwaTest
    void withoutListsLwasRulesDecide(TestApp app, AdapterHarness lwa) throws Exception {
        // application/jwk-set+json is text already, by the +json suffix rule
        assertText(answer(app, lwa, "application/jwk-set+json", JSON), JSON);
        assertText(answer(app, lwa, "application/vnd.custom+json", JSON), JSON);
        assertBase64(answer(app, lwa, "application/x-ndjson", JSON), JSON);
        assertText(answer(app, lwa, "image/svg+xml", JSON), JSON);
    }

    @Test
    @LwaTest(settings = {"AWS_LWA_TEXT_MEDIA_TYPES=application/jwk-set+json,application/x-ndjson",
            "AWS_LWA_BINARY_MEDIA_TYPES=application/vnd.*+json,image/*"})
    void theListsDecideFirst(TestApp app, AdapterHarness lwa) throws Exception {
        assertText(answer(app, lwa, "application/jwk-set+json", JSON), JSON);
        assertText(answer(app, lwa, "Application/X-NDJSON; charset=utf-8", JSON), JSON);
        assertBase64(answer(app, lwa, "application/vnd.custom+json", JSON), JSON);
        assertBase64(answer(app, lwa, "image/svg+xml", JSON), JSON);
        assertBase64(answer(app, lwa, "IMAGE/PNG", JSON), JSON);
        assertText(answer(app, lwa, "application/json", JSON), JSON); // not listed: LWA's rules
        assertBase64(answer(app, lwa, "application/pdf", JSON), JSON);
    }

    @Test
    @LwaTest(settings = "AWS_LWA_BINARY_MEDIA_TYPES=application/x-ndjson", streaming = true)
    void streamedBodiesAreNeverBase64(TestApp app, AdapterHarness lwa) throws Exception {
        app.replyOnce(TestApp.Reply.of(200, "application/x-ndjson", JSON));
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/media").bytes()));
        app.take();
        assertTrue(r.isResponse(), r::toString);
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).endsWith("{\"keys\":[]}"), "the app's bytes as they are");
    }

    @Test
    void theSameTypeInBothListsExits1NamingBoth() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder pb = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                Main.class.getName()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("AWS_LWA_BINARY_MEDIA_TYPES", "image/*");
        pb.environment().put("AWS_LWA_TEXT_MEDIA_TYPES", "text/csv,Image/*");
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "lwa did not exit");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(1, p.exitValue(), out);
        assertTrue(out.contains("AWS_LWA_BINARY_MEDIA_TYPES") && out.contains("AWS_LWA_TEXT_MEDIA_TYPES")
                && out.contains("'image/*'"), out);
    }

    @Test
    @LwaTest(settings = "AWS_LWA_W3C_TRACEPARENT=true")
    void traceparentFromTheXrayTraceId(TestApp app, AdapterHarness lwa) throws Exception {
        lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/t").bytes()).traceId(TRACE));
        TestApp.Received got = app.take();
        assertEquals(TRACEPARENT, got.header("traceparent"));
        assertEquals(TRACE, got.header("x-amzn-trace-id"));

        lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/t").bytes())
                .traceId("Sampled=0;Parent=53995c3f42cd8ad8;Root=1-5759e988-bd862e3fe1be46a994272793"));
        assertEquals("00-5759e988bd862e3fe1be46a994272793-53995c3f42cd8ad8-00", app.take().header("traceparent"));

        String own = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        lwa.invoke(Invoke.of(TestEvent.functionUrlEvent("/t", "", ",\"traceparent\":\"" + own + "\"")).traceId(TRACE));
        assertEquals(own, app.take().header("traceparent"), "the request's own traceparent is kept");

        lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/t").bytes())
                .traceId("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1"));
        assertNull(app.take().header("traceparent"), "no Parent: nothing added");

        lwa.invoke(Invoke.of("{\"Records\":[]}").traceId(TRACE));
        assertEquals(TRACEPARENT, app.take().header("traceparent"), "pass-through events get it too");
    }

    @Test
    @LwaTest
    void noTraceparentByDefault(TestApp app, AdapterHarness lwa) throws Exception {
        lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/t").bytes()).traceId(TRACE));
        TestApp.Received got = app.take();
        assertNull(got.header("traceparent"));
        assertEquals(TRACE, got.header("x-amzn-trace-id"));
    }
}

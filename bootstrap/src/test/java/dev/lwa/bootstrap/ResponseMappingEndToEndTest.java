package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The buffered response mapping from a real app's answer (docs/behaviour.md, "Text or base64" and
 * "The result each trigger gets"): text or
 * base64 (first match wins) and the charset of text, status codes and ALB's statusDescription,
 * and repeated headers and cookies in each trigger's envelope.
 */
@LwaTest
class ResponseMappingEndToEndTest {
    private static TestApp app;
    private static AdapterHarness lwa;

    @BeforeEach
    void forgetEarlierRequests() {
        app.clear();
    }

    /** One row of the table: the app's header fields and body, and what the envelope must carry. */
    record Row(String name, List<Map.Entry<String, String>> headers, byte[] body, boolean base64, String text) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static final byte[] HELLO = "héllo <b>wörld</b>".getBytes(StandardCharsets.UTF_8);

    private static Row text(String contentType) {
        return new Row(contentType + " -> text", List.of(Map.entry("Content-Type", contentType)), HELLO, false,
                "héllo <b>wörld</b>");
    }

    private static Row binary(String name, List<Map.Entry<String, String>> headers) {
        return new Row(name + " -> base64", headers, HELLO, true, "");
    }

    static List<Row> rows() {
        List<Row> rows = new ArrayList<>();
        // rule 3: prefixes, case-sensitive, on the raw header
        for (String type : List.of("text/html; charset=utf-8", "text/plain", "text/event-stream", "application/json",
                "application/json; charset=utf-8", "application/jsonl", "application/javascript", "application/xml",
                "application/yaml", "textfoo/x")) {
            rows.add(text(type));
        }
        // rule 4: suffixes of the MIME type
        for (String type : List.of("image/svg+xml", "application/graphql-response+json; charset=utf-8",
                "application/vnd.api+json", "application/problem+yaml", "application/atom+xml ; charset=utf-8")) {
            rows.add(text(type));
        }
        // rule 2: no Content-Type at all
        rows.add(new Row("no content-type -> text", List.of(), HELLO, false, "héllo <b>wörld</b>"));
        // rule 6: everything else
        for (String type : List.of("application/octet-stream", "image/png", "application/pdf", "TEXT/HTML",
                "Application/JSON", "application/x-yaml", "audio/mpeg")) {
            rows.add(binary(type, List.of(Map.entry("Content-Type", type))));
        }
        // rule 1: any Content-Encoding wins over a text type, and over the text override
        rows.add(binary("text/plain + content-encoding gzip", List.of(Map.entry("Content-Type", "text/plain"),
                Map.entry("Content-Encoding", "gzip"))));
        rows.add(binary("application/json + content-encoding identity", List.of(Map.entry("Content-Type", "application/json"),
                Map.entry("Content-Encoding", "identity"))));
        rows.add(binary("content-encoding br + x-lambda-http-content-encoding text", List.of(
                Map.entry("Content-Type", "text/plain"), Map.entry("Content-Encoding", "br"),
                Map.entry("x-lambda-http-content-encoding", "text"))));
        // rule 5: the explicit override, exact value only
        rows.add(new Row("octet-stream + x-lambda-http-content-encoding text -> text", List.of(
                Map.entry("Content-Type", "application/octet-stream"), Map.entry("x-lambda-http-content-encoding", "text")),
                HELLO, false, "héllo <b>wörld</b>"));
        rows.add(binary("octet-stream + x-lambda-http-content-encoding TEXT", List.of(
                Map.entry("Content-Type", "application/octet-stream"), Map.entry("x-lambda-http-content-encoding", "TEXT"))));
        // charsets: WHATWG labels (latin1 is windows-1252), lossy decoding
        rows.add(new Row("iso-8859-1 body -> UTF-8 text", List.of(Map.entry("Content-Type", "text/plain; charset=iso-8859-1")),
                new byte[]{'c', 'a', 'f', (byte) 0xE9, ' ', (byte) 0x80}, false, "café €"));
        rows.add(new Row("quoted charset", List.of(Map.entry("Content-Type", "text/plain; charset=\"windows-1252\"")),
                new byte[]{(byte) 0x93, 'q', (byte) 0x94}, false, "“q”"));
        rows.add(new Row("invalid UTF-8 -> U+FFFD", List.of(Map.entry("Content-Type", "text/plain; charset=utf-8")),
                new byte[]{'a', (byte) 0xFF, 'b'}, false, "a\uFFFDb"));
        rows.add(new Row("unknown charset -> UTF-8", List.of(Map.entry("Content-Type", "text/plain; charset=x-nonsense")),
                HELLO, false, "héllo <b>wörld</b>"));
        rows.add(new Row("utf-16 is UTF-16LE (Encoding Standard label)", List.of(Map.entry("Content-Type", "text/plain; charset=utf-16")),
                new byte[]{'h', 0, (byte) 0xE9, 0}, false, "hé"));
        rows.add(new Row("latin5 is windows-1254", List.of(Map.entry("Content-Type", "text/plain; charset=latin5")),
                new byte[]{(byte) 0x80, (byte) 0xFD}, false, "€ı"));
        rows.add(new Row("windows-1255, not in the layer's runtime", List.of(Map.entry("Content-Type", "text/html; charset=windows-1255")),
                new byte[]{(byte) 0xF9, (byte) 0xEC, (byte) 0xE5, (byte) 0xED}, false, "שלום"));
        // a byte order mark decides the charset and is not part of the text
        rows.add(new Row("UTF-8 byte order mark dropped", List.of(Map.entry("Content-Type", "text/csv")),
                new byte[]{(byte) 0xEF, (byte) 0xBB, (byte) 0xBF, 'a', ',', 'b'}, false, "a,b"));
        rows.add(new Row("UTF-16LE byte order mark over the label", List.of(Map.entry("Content-Type", "text/plain; charset=iso-8859-1")),
                new byte[]{(byte) 0xFF, (byte) 0xFE, 'h', 0, 'i', 0}, false, "hi"));
        // empty bodies keep their kind
        rows.add(new Row("empty binary", List.of(Map.entry("Content-Type", "image/png")), new byte[0], true, ""));
        rows.add(new Row("empty text", List.of(Map.entry("Content-Type", "text/plain")), new byte[0], false, ""));
        return rows;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void bodyIsTextOrBase64ByTheAppsHeaders(Row row) throws Exception {
        app.replyOnce(new TestApp.Reply(200, row.headers(), row.body()));
        InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/body").bytes()));
        assertTrue(r.isResponse(), r::toString);
        app.take();
        JsonObject envelope = json(r.body());
        assertEquals(row.base64(), envelope.getBoolean("isBase64Encoded"), row.name());
        if (row.base64()) {
            assertArrayEquals(row.body(), Base64.getDecoder().decode(envelope.getString("body")), "the bytes, unchanged");
        } else {
            assertEquals(row.text(), envelope.getString("body"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestEvent.Trigger.class)
    void everyTriggerGetsTheSameDecision(TestEvent.Trigger trigger) throws Exception {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0};
        app.replyOnce(TestApp.Reply.of(200, "image/png", png));
        JsonObject envelope = json(lwa.invoke(Invoke.of(TestEvent.of(trigger, "GET", "/logo.png").bytes())).body());
        app.take();
        assertTrue(envelope.getBoolean("isBase64Encoded"));
        assertArrayEquals(png, Base64.getDecoder().decode(envelope.getString("body")));
    }

    @Test
    void aPassThroughResultIsNullWhenTheBodyIsBinaryOrNotJson() throws Exception {
        String sqs = "{\"Records\":[]}";
        app.replyOnce(TestApp.Reply.of(200, "application/octet-stream", "{\"ok\":true}".getBytes(StandardCharsets.UTF_8)));
        assertEquals("null", lwa.invoke(sqs).bodyAsString(), "binary by the text-or-base64 rules, so null (LWA)");
        app.replyOnce(TestApp.Reply.text(200, "text/html", "<p>ok</p>"));
        assertEquals("null", lwa.invoke(sqs).bodyAsString(), "text but not JSON, so null (LWA)");
        app.replyOnce(TestApp.Reply.text(500, "application/json", "[1, 2]"));
        InvocationResult r = lwa.invoke(sqs);
        assertTrue(r.isResponse(), "the app's status does not matter for pass-through");
        assertEquals("[1,2]", r.bodyAsString());
    }

    @ParameterizedTest(name = "{0} -> \"{1}\"")
    @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
            "200|200 OK", "201|201 Created", "302|302 Found", "404|404 Not Found", "418|418 I'm a teapot",
            "503|503 Service Unavailable", "299|'299 '", "599|'599 '"})
    void albStatusDescriptionIsTheCodeAndItsCanonicalReason(int status, String description) throws Exception {
        for (TestEvent.Trigger alb : List.of(TestEvent.Trigger.ALB, TestEvent.Trigger.ALB_MULTI_VALUE)) {
            app.replyOnce(TestApp.Reply.text(status, "text/plain", "s"));
            JsonObject envelope = json(lwa.invoke(Invoke.of(TestEvent.of(alb, "GET", "/s").bytes())).body());
            app.take();
            assertEquals(status, envelope.getInt("statusCode"), "any status passes through");
            assertEquals(description, envelope.getString("statusDescription"), "unknown codes keep LWA's trailing space");
        }
    }

    @Test
    void repeatedHeadersAndCookiesInEachEnvelope() throws Exception {
        // TestApp's /cookies: Set-Cookie a=1; Path=/ and b=2; HttpOnly, X-Multi one and two, 201.
        Map<TestEvent.Trigger, JsonObject> envelopes = new java.util.EnumMap<>(TestEvent.Trigger.class);
        for (TestEvent.Trigger trigger : TestEvent.Trigger.values()) {
            envelopes.put(trigger, json(lwa.invoke(Invoke.of(TestEvent.of(trigger, "GET", "/cookies").bytes())).body()));
            app.take();
        }
        List<String> cookies = List.of("a=1; Path=/", "b=2; HttpOnly");
        JsonObject rest = envelopes.get(TestEvent.Trigger.REST);
        assertEquals(cookies, SampleEventsConformanceTest.strings(rest.getJsonObject("multiValueHeaders").get("set-cookie")));
        assertEquals(List.of("one", "two"), SampleEventsConformanceTest.strings(rest.getJsonObject("multiValueHeaders").get("x-multi")));
        for (TestEvent.Trigger v2 : List.of(TestEvent.Trigger.HTTP_API, TestEvent.Trigger.FUNCTION_URL)) {
            JsonObject e = envelopes.get(v2);
            assertEquals(cookies, SampleEventsConformanceTest.strings(e.get("cookies")), v2 + ": Set-Cookie goes to cookies");
            assertEquals("one, two", e.getJsonObject("headers").getString("x-multi"), v2 + ": joined, not first-only");
            assertTrue(!e.getJsonObject("headers").containsKey("set-cookie"));
        }
        JsonObject alb = envelopes.get(TestEvent.Trigger.ALB);
        assertEquals("one, two", alb.getJsonObject("headers").getString("x-multi"));
        assertEquals("a=1; Path=/", alb.getJsonObject("headers").getString("set-cookie"),
                "single-value ALB cannot carry two cookies: the first one");
        JsonObject albMulti = envelopes.get(TestEvent.Trigger.ALB_MULTI_VALUE);
        assertEquals(cookies, SampleEventsConformanceTest.strings(albMulti.getJsonObject("multiValueHeaders").get("set-cookie")));
        assertEquals(List.of("one", "two"), SampleEventsConformanceTest.strings(albMulti.getJsonObject("multiValueHeaders").get("x-multi")));
        envelopes.values().forEach(e -> assertEquals(201, e.getInt("statusCode")));
    }
}

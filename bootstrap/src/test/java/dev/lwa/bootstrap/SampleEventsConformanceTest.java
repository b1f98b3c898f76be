package dev.lwa.bootstrap;

import dev.lwa.core.event.SampleEventKinds;
import dev.lwa.core.event.SampleEventKinds.Expect;
import dev.lwa.core.event.SharedEvents;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The conformance run: every sample event (core's {@code sample-events}) through the real emulator and
 * the adapter to a real echo app. For each request event: what the app received (method, path,
 * query as a multimap, headers, cookies, body bytes, the context headers) and the shape of the
 * envelope the trigger gets back. For each response sample: an app answering with that response
 * makes lwa return a result the trigger reads as the same response.
 *
 * <p>Expectations are computed from the event JSON with the rules of docs/behaviour.md, "From
 * event to request" (with D1–D12), independently of the code under test; SampleEventKinds says
 * which trigger each file is, by the fields it carries (docs/protocols.md, "Event kinds").
 */
@LwaTest
class SampleEventsConformanceTest {

    private static final Map<String, Expect> EXPECTED = SampleEventKinds.EXPECTED;

    /**
     * Each response sample and the sample event of the trigger that expects it. The non-HTTP
     * results answer pass-through events. (The HTTP API simple-authorizer response cannot be paired
     * with its own event: {@code apiGatewayAuthorizerV2Event.json} carries
     * {@code requestContext.http.method}, so LWA and lwa treat it as an HTTP API request; see
     * {@link #anHttpApiAuthorizerEventIsAnHttpRequestAsInLwa()}.)
     */
    private static final Map<String, String> RESPONSE_TRIGGERS = new LinkedHashMap<>();

    static {
        Map<String, String> m = RESPONSE_TRIGGERS;
        m.put("java-libs/apigw/responses/apigw_response.json", "java-libs/apigw/events/apigw_event.json");
        m.put("java-libs/apigw/responses/apigw_response2.json", "java-libs/apigw/events/apigw_event_nobody.json");
        m.put("java-libs/response/apigw_proxy_response.json", "java-libs/apigw_rest_event.json");
        m.put("java-libs/response/apigw_v2_http_response.json", "java-libs/apigw_http_event.json");
        m.put("java-libs/response/alb_response.json", "powertools/albMultiValueHeadersEvent.json");
        m.put("java-libs/response/apigw_v2_websocket_response.json", "java-libs/apigw_websocket_event.json");
        m.put("java-libs/response/msk_firehose_response.json", "powertools/kafkaEventMsk.json");
        m.put("java-libs/response/s3_batch_response.json", "java-libs/s3_event.json");
        m.put("java-libs/response/simple_iam_policy_response.json", "powertools/apiGatewayAuthorizerTokenEvent.json");
        m.put("java-libs/response/sqs_batch_response.json", "java-libs/sqs/sqs_event_product.json");
    }

    private static final String TRACE = "Root=1-67891233-abcdef012345678912345678;Parent=53995c3f42cd8ad8;Sampled=1";

    private static TestApp app;
    private static AdapterHarness lwa;

    @BeforeEach
    void forgetEarlierRequests() {
        app.clear();
    }

    static List<String> requestEvents() {
        return EXPECTED.entrySet().stream().filter(e -> e.getValue() != Expect.RESPONSE).map(Map.Entry::getKey).toList();
    }

    static List<String> responseSamples() {
        return List.copyOf(RESPONSE_TRIGGERS.keySet());
    }

    @Test
    void everySampleFileHasAnExpectation() {
        // A sample event added must be given an expectation; a renamed one must not be skipped silently.
        assertEquals(new TreeSet<>(SharedEvents.jsonFiles()), new TreeSet<>(EXPECTED.keySet()),
                "the table must list exactly the JSON files of " + SharedEvents.root());
        Set<String> responses = new TreeSet<>();
        EXPECTED.forEach((file, expect) -> {
            if (expect == Expect.RESPONSE) {
                responses.add(file);
            }
        });
        assertEquals(responses, new TreeSet<>(RESPONSE_TRIGGERS.keySet()), "every response sample has a trigger event");
    }

    // ---- request events ------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestEvents")
    void sampleEventReachesTheAppAsTheTriggerSentIt(String file) throws Exception {
        Expect expect = EXPECTED.get(file);
        byte[] raw = SharedEvents.bytes(file);
        String requestId = "conformance-" + Integer.toHexString(file.hashCode());
        InvocationResult r = lwa.invoke(Invoke.of(raw).requestId(requestId).traceId(TRACE));

        if (expect == Expect.BAD_BASE64) {
            // D2: a clean error naming the problem, and the app is never called.
            assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
            assertEquals("lwa.InvalidEvent", r.errorType().orElseThrow());
            String message = json(r.body()).getString("errorMessage");
            assertTrue(message.contains("base64") && message.contains("isBase64Encoded"), message);
            assertEquals(0, app.receivedCount(), "an invalid event never reaches the app");
            return;
        }
        assertTrue(r.isResponse(), () -> file + ": " + r + " " + r.bodyAsString());
        TestApp.Received got = app.take();
        assertEquals(0, app.receivedCount(), "one request per invocation");

        JsonObject lambdaContext = json(got.header("x-amzn-lambda-context"));
        assertEquals(requestId, lambdaContext.getString("request_id"), file);
        assertEquals(TRACE, lambdaContext.getString("xray_trace_id"), file);

        if (expect == Expect.PASS_THROUGH) {
            assertEquals("POST", got.method(), file);
            assertEquals("/events", got.rawPath(), file);
            assertEquals("", got.rawQuery(), file);
            assertArrayEquals(raw, got.body(), file + ": the event reaches the app byte for byte");
            Map<String, List<String>> expected = new TreeMap<>();
            expected.put("content-type", List.of("application/json"));
            expected.put("content-length", List.of(Integer.toString(raw.length)));
            expected.put("host", List.of("127.0.0.1:" + app.port()));
            expected.put("x-amzn-request-context", List.of("null"));
            expected.put("x-amzn-lambda-context", got.headers().get("x-amzn-lambda-context"));
            expected.put("x-amzn-trace-id", List.of(TRACE));
            assertEquals(expected, got.headers(), file + ": headers");
            // The result is the app's JSON body (the echo), not an HTTP envelope.
            JsonObject result = json(r.body());
            assertEquals("POST", result.getString("method"), file);
            assertEquals(Base64.getEncoder().encodeToString(raw), result.getString("bodyBase64"), file);
            return;
        }

        JsonObject event = json(raw);
        HttpExpectation want = HttpExpectation.of(expect, event);
        assertEquals(want.method(), got.method(), file + ": method");
        assertEquals(whatwgPath(want.rawPath()), got.rawPath(), file + ": path");
        if (want.verbatimQuery()) {
            assertEquals(want.query(), got.rawQuery(), file + ": rawQueryString is forwarded verbatim");
        } else {
            assertEquals(queryPairs(want.query()), queryPairs(got.rawQuery()),
                    file + ": query as an ordered multimap (D11): " + got.rawQuery());
        }
        assertArrayEquals(want.body(), got.body(), file + ": body bytes");

        Map<String, List<String>> headers = new TreeMap<>(want.headers());
        // What lwa does to the event's headers (docs/behaviour.md, "Headers and cookies" and "Headers
        // lwa adds"): the client's connection fields not passed on, one Host (the last), framing
        // recomputed from the body, a Host only when the event has none, the trace id of the
        // invocation, no client tenant id (D8), and its own context headers in place of any client copies.
        for (String named : headers.getOrDefault("connection", List.of())) {
            for (String token : named.split(",")) {
                headers.remove(token.trim().toLowerCase(java.util.Locale.ROOT));
            }
        }
        for (String hop : List.of("connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade")) {
            headers.remove(hop);
        }
        headers.computeIfPresent("host", (name, values) -> List.of(values.getLast()));
        headers.remove("content-length");
        headers.remove("transfer-encoding");
        headers.remove("x-amz-tenant-id");
        headers.put("content-length", List.of(Integer.toString(want.body().length)));
        headers.putIfAbsent("host", List.of("127.0.0.1:" + app.port()));
        headers.put("x-amzn-trace-id", List.of(TRACE));
        headers.put("x-amzn-request-context", got.headers().get("x-amzn-request-context"));
        headers.put("x-amzn-lambda-context", got.headers().get("x-amzn-lambda-context"));
        assertEquals(headers, got.headers(), file + ": headers as a multimap");
        assertEquals(1, got.headers().get("x-amzn-request-context").size(), file);
        assertEquals(want.requestContext(), dev.lwa.runtimeapi.json.TestJson.parse(got.header("x-amzn-request-context").getBytes(StandardCharsets.UTF_8)),
                file + ": x-amzn-request-context carries the event's requestContext");

        assertEnvelope(file, expect, json(r.body()), got);
    }

    /** The envelope of each trigger ("The result each trigger gets"), field by field and in LWA's field order. */
    private static void assertEnvelope(String file, Expect expect, JsonObject envelope, TestApp.Received got) {
        List<String> keys = switch (expect) {
            case REST -> List.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded");
            case HTTP_API, FUNCTION_URL -> List.of("statusCode", "headers", "multiValueHeaders", "body", "isBase64Encoded", "cookies");
            case ALB, LATTICE, LATTICE_V2 -> List.of("statusCode", "statusDescription", "headers", "body", "isBase64Encoded");
            case ALB_MULTI -> List.of("statusCode", "statusDescription", "multiValueHeaders", "body", "isBase64Encoded");
            default -> throw new AssertionError(expect);
        };
        assertEquals(keys, List.copyOf(envelope.keySet()), file + ": envelope fields");
        assertEquals(200, envelope.getInt("statusCode"), file);
        assertFalse(envelope.getBoolean("isBase64Encoded"), file + ": application/json is text");
        JsonObject echoed = json(envelope.getString("body"));
        assertEquals(got.method(), echoed.getString("method"), file + ": the app's body comes back");
        assertEquals(got.rawPath(), echoed.getString("path"), file);
        switch (expect) {
            case REST -> {
                assertEquals(JsonValue.EMPTY_JSON_OBJECT, envelope.get("headers"), file + ": REST puts everything in multiValueHeaders");
                assertEquals(List.of("application/json"), strings(envelope.getJsonObject("multiValueHeaders").get("content-type")), file);
            }
            case HTTP_API, FUNCTION_URL -> {
                assertEquals("application/json", envelope.getJsonObject("headers").getString("content-type"), file);
                assertEquals(JsonValue.EMPTY_JSON_OBJECT, envelope.get("multiValueHeaders"), file);
                assertEquals(JsonValue.EMPTY_JSON_ARRAY, envelope.get("cookies"), file + ": cookies is always present");
            }
            case ALB, LATTICE, LATTICE_V2 -> {
                assertEquals("200 OK", envelope.getString("statusDescription"), file);
                assertEquals("application/json", envelope.getJsonObject("headers").getString("content-type"), file);
            }
            case ALB_MULTI -> {
                assertEquals("200 OK", envelope.getString("statusDescription"), file);
                assertEquals(List.of("application/json"), strings(envelope.getJsonObject("multiValueHeaders").get("content-type")), file);
            }
            default -> throw new AssertionError(expect);
        }
    }

    /** The request an HTTP event describes, by the rules of docs/behaviour.md, "Method, path and query", with D10 and D11. */
    record HttpExpectation(String method, String rawPath, String query, boolean verbatimQuery,
                           Map<String, List<String>> headers, byte[] body, JsonValue requestContext) {

        static HttpExpectation of(Expect kind, JsonObject e) {
            JsonValue context = e.get("requestContext") instanceof JsonObject c ? c : JsonValue.NULL;
            return switch (kind) {
                case REST, ALB, ALB_MULTI -> {
                    JsonObject multi = objectOrEmpty(e, "multiValueQueryStringParameters");
                    JsonObject params = multi.isEmpty() ? objectOrEmpty(e, "queryStringParameters") : multi;
                    // ALB values arrive still percent-encoded; the app gets them decoded once ("Method, path and query").
                    String query = formEncode(params, kind != Expect.REST);
                    yield new HttpExpectation(e.getString("httpMethod"), e.getString("path", ""), query, false,
                            mergedHeaders(e), body(e, "isBase64Encoded"), context);
                }
                case HTTP_API, FUNCTION_URL -> {
                    Map<String, List<String>> headers = new TreeMap<>();
                    objectOrEmpty(e, "headers").forEach((n, v) -> add(headers, n, strings(v)));
                    if (e.get("cookies") instanceof JsonArray cookies) {
                        // LWA 1.0 (lambda_http 1.1): joined with ";" and no space.
                        headers.put("cookie", List.of(String.join(";", strings(cookies))));
                    }
                    yield new HttpExpectation(context.asJsonObject().getJsonObject("http").getString("method"),
                            e.getString("rawPath"), e.getString("rawQueryString", ""), true, headers,
                            body(e, "isBase64Encoded"), context);
                }
                case LATTICE -> {
                    Map<String, List<String>> headers = new TreeMap<>();
                    objectOrEmpty(e, "headers").forEach((n, v) -> add(headers, n, strings(v)));
                    yield new HttpExpectation(e.getString("method"), e.getString("raw_path"),
                            formEncode(objectOrEmpty(e, "query_string_parameters"), false), false, headers,
                            body(e, "is_base64_encoded"), JsonValue.NULL);
                }
                case LATTICE_V2 -> {
                    Map<String, List<String>> headers = new TreeMap<>();
                    objectOrEmpty(e, "headers").forEach((n, v) -> add(headers, n, strings(v)));
                    yield new HttpExpectation(e.getString("method"), e.getString("path"),
                            formEncode(objectOrEmpty(e, "queryStringParameters"), false), false, headers,
                            body(e, "isBase64Encoded"), context);
                }
                default -> throw new AssertionError(kind);
            };
        }

        /** D10: every value of multiValueHeaders, plus the names that only headers has. */
        private static Map<String, List<String>> mergedHeaders(JsonObject e) {
            Map<String, List<String>> headers = new TreeMap<>();
            JsonObject multi = objectOrEmpty(e, "multiValueHeaders");
            multi.forEach((n, v) -> add(headers, n, strings(v)));
            Set<String> multiNames = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            multiNames.addAll(multi.keySet());
            objectOrEmpty(e, "headers").forEach((n, v) -> {
                if (!multiNames.contains(n) && v != JsonValue.NULL) {
                    add(headers, n, strings(v));
                }
            });
            return headers;
        }

        private static void add(Map<String, List<String>> headers, String name, List<String> values) {
            headers.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values);
        }

        private static byte[] body(JsonObject e, String flag) {
            String body = e.get("body") instanceof JsonString s ? s.getString() : "";
            return e.get(flag) == JsonValue.TRUE ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
        }

        /** The parameter map as {@code k=v&...}, in event order, optionally form-decoding the event's values first. */
        private static String formEncode(JsonObject params, boolean decodeFirst) {
            StringBuilder sb = new StringBuilder();
            params.forEach((k, v) -> {
                for (String value : strings(v)) {
                    if (!sb.isEmpty()) {
                        sb.append('&');
                    }
                    String key = decodeFirst ? URLDecoder.decode(k, StandardCharsets.UTF_8) : k;
                    String val = decodeFirst ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value;
                    sb.append(java.net.URLEncoder.encode(key, StandardCharsets.UTF_8)).append('=')
                            .append(java.net.URLEncoder.encode(val, StandardCharsets.UTF_8));
                }
            });
            return sb.toString();
        }
    }

    // ---- response samples ----------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @MethodSource("responseSamples")
    void responseSampleComesBackInTheSameShape(String file) throws Exception {
        JsonObject sample = SharedEvents.object(file);
        String trigger = RESPONSE_TRIGGERS.get(file);
        Expect kind = EXPECTED.get(trigger);

        if (kind == Expect.PASS_THROUGH) {
            // A non-HTTP result: the app answers with the result document itself.
            app.replyOnce(TestApp.Reply.of(200, "application/json", SharedEvents.bytes(file)));
            InvocationResult r = lwa.invoke(Invoke.of(SharedEvents.bytes(trigger)));
            assertTrue(r.isResponse(), r::toString);
            assertEquals("/events", app.take().rawPath());
            assertEquals(sample, json(r.body()), file + ": the app's JSON is the function result");
            return;
        }

        Map<String, List<String>> sampleHeaders = effectiveHeaders(sample);
        List<Map.Entry<String, String>> fields = new ArrayList<>();
        sampleHeaders.forEach((name, values) -> values.forEach(v -> fields.add(Map.entry(name, v))));
        app.replyOnce(new TestApp.Reply(sample.getInt("statusCode"), fields, body(sample)));
        InvocationResult r = lwa.invoke(Invoke.of(SharedEvents.bytes(trigger)));
        assertTrue(r.isResponse(), r::toString);
        app.take();

        JsonObject result = json(r.body());
        assertEquals(sample.getInt("statusCode"), result.getInt("statusCode"), file);
        assertEquals(sample.getString("body"), result.getString("body"), file);
        assertEquals(sample.getBoolean("isBase64Encoded"), result.getBoolean("isBase64Encoded"), file);
        if (sample.containsKey("statusDescription")) {
            assertEquals(sample.getString("statusDescription"), result.getString("statusDescription"), file);
        }
        // The headers as the trigger reads them: the sample's, plus only what the app's HTTP server adds itself.
        Map<String, List<String>> resultHeaders = effectiveHeaders(result);
        sampleHeaders.forEach((name, values) -> assertEquals(values, resultHeaders.get(name), file + ": header " + name));
        Set<String> extra = new TreeSet<>(resultHeaders.keySet());
        extra.removeAll(sampleHeaders.keySet());
        assertTrue(Set.of("date", "content-length").containsAll(extra), file + ": unexpected headers " + extra);
        if (kind == Expect.HTTP_API) {
            assertFalse(result.getJsonObject("headers").containsKey("set-cookie"), file + ": v2 cookies go to cookies");
        }
    }

    @Test
    void theV2ResponseSampleAsAFunctionUrlResultKeepsItsCookies() throws Exception {
        JsonObject sample = SharedEvents.object("java-libs/response/apigw_v2_http_response.json");
        app.replyOnce(new TestApp.Reply(200, List.of(Map.entry("Content-Type", "application/json"),
                Map.entry("Set-Cookie", "cookie1=value1"), Map.entry("Set-Cookie", "session=abc123; Secure; HttpOnly")),
                sample.getString("body").getBytes(StandardCharsets.UTF_8)));
        InvocationResult r = lwa.invoke(Invoke.of(SharedEvents.bytes("rust-lambda-http/lambda_function_url_request.json")));
        app.take();
        JsonObject result = json(r.body());
        assertEquals(List.of("cookie1=value1", "session=abc123; Secure; HttpOnly"), strings(result.get("cookies")));
        assertEquals("{\"message\":\"OK\"}", result.getString("body"));
    }

    // ---- the README's cases worth a test, end to end -------------------------------------------

    @Test
    void aPathWithASpaceReachesTheAppPercentEncoded() throws Exception {
        lwa.invoke(Invoke.of(SharedEvents.bytes("rust-lambda-http/apigw_request_path_with_space.json")));
        assertEquals("/my/path-with%20space", app.take().rawPath());
    }

    @Test
    void repeatedRestHeadersAndQueryValuesAllReachTheAppInEventOrder() throws Exception {
        lwa.invoke(Invoke.of(SharedEvents.bytes("java-libs/apigw_rest_event.json")));
        TestApp.Received got = app.take();
        assertEquals(List.of("value1", "value2"), got.headers().get("header2"), "D10");
        assertEquals("parameter1=value1&parameter2=value1&parameter2=value2", got.rawQuery(), "D11");
    }

    @Test
    void albPercentEncodedQueryValuesAreDecodedOnceAndReEncoded() throws Exception {
        lwa.invoke(Invoke.of(SharedEvents.bytes("rust-lambda-http/alb_multi_value_request_encoded_query_parameters.json")));
        TestApp.Received got = app.take();
        assertEquals("myKey=%3FshowAll%3Dtrue&myKey=%3FshowAll%3Dfalse", got.rawQuery());
        assertEquals(List.of("name1=value1", "name2=value2"), got.headers().get("cookie"));
    }

    @Test
    void samLocalEmptyCookiesGiveAnEmptyCookieHeader() throws Exception {
        lwa.invoke(Invoke.of(SharedEvents.bytes("rust-lambda-http/apigw_v2_sam_local.json")));
        assertEquals(List.of(""), app.take().headers().get("cookie"));
    }

    @Test
    void eventsWithoutHostGetTheAppsAddress() throws Exception {
        lwa.invoke(Invoke.of(SharedEvents.bytes("rust-lambda-http/alb_no_host.json")));
        assertEquals("127.0.0.1:" + app.port(), app.take().header("host"));
    }

    @Test
    void anHttpApiAuthorizerEventIsAnHttpRequestAsInLwa() throws Exception {
        // It carries requestContext.http.method, so LWA 1.0's detection ("Event kinds") makes it an HTTP API
        // request; an authorizer function behind LWA sees requestContext.http's method and the rawPath,
        // and its answer is wrapped in an HTTP API envelope.
        InvocationResult r = lwa.invoke(Invoke.of(SharedEvents.bytes("powertools/apiGatewayAuthorizerV2Event.json")));
        TestApp.Received got = app.take();
        assertEquals("POST", got.method());
        assertEquals("/merchants", got.rawPath());
        assertTrue(json(r.body()).containsKey("cookies"), "an HTTP API envelope, not an authorizer result");
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /**
     * The WHATWG path setter for the paths the samples have ("Path and query encoding"): percent-encode controls,
     * space, {@code " # < > ? ` { }} and non-ASCII as UTF-8. Dot segments are not expected here.
     */
    static String whatwgPath(String raw) {
        String path = raw.isEmpty() ? "/" : raw.startsWith("/") ? raw : "/" + raw;
        for (String segment : path.split("/")) {
            if (segment.equals(".") || segment.equals("..")) {
                fail("a sample path with dot segments needs the full WHATWG algorithm: " + raw);
            }
        }
        StringBuilder out = new StringBuilder();
        HexFormat hex = HexFormat.of().withUpperCase();
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c <= 0x20 || c >= 0x7f || "\"#<>?`{}".indexOf(c) >= 0) {
                out.append('%').append(hex.toHexDigits(b));
            } else {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    /** A form-encoded query as the ordered list of decoded {@code key=value} pairs: what a web framework sees. */
    static List<String> queryPairs(String query) {
        List<String> pairs = new ArrayList<>();
        if (query.isEmpty()) {
            return pairs;
        }
        for (String part : query.split("&", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(URLDecoder.decode(key, StandardCharsets.UTF_8) + "=" + URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return pairs;
    }

    static List<String> strings(JsonValue v) {
        return switch (v) {
            case JsonString s -> List.of(s.getString());
            case JsonArray a -> a.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
            default -> List.of();
        };
    }

    static JsonObject objectOrEmpty(JsonObject o, String name) {
        return o.get(name) instanceof JsonObject v ? v : JsonValue.EMPTY_JSON_OBJECT;
    }

    /**
     * A result as a trigger's client sees it: {@code multiValueHeaders}, then {@code headers} for
     * names not in it (API Gateway merges the two), then {@code cookies} as Set-Cookie; by
     * lower-cased name.
     */
    static Map<String, List<String>> effectiveHeaders(JsonObject result) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        objectOrEmpty(result, "multiValueHeaders").forEach((name, values) ->
                map.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(strings(values)));
        objectOrEmpty(result, "headers").forEach((name, v) ->
                map.putIfAbsent(name.toLowerCase(Locale.ROOT), new ArrayList<>(strings(v))));
        if (result.get("cookies") instanceof JsonArray cookies) {
            map.computeIfAbsent("set-cookie", k -> new ArrayList<>()).addAll(strings(cookies));
        }
        return map;
    }

    private static byte[] body(JsonObject result) {
        String body = result.getString("body", "");
        return result.getBoolean("isBase64Encoded", false) ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }
}

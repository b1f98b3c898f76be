package dev.lwa.core.event;

import dev.lwa.core.event.SampleEventKinds.Expect;
import dev.lwa.runtimeapi.json.TestJson;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * EventParser over every sample event (core's {@code sample-events}): each is recognised as the
 * kind SampleEventKinds gives it (by the fields it carries, docs/protocols.md, "Event kinds"), and
 * the request the app gets carries the event's method, raw path, query (as an ordered multimap, D11), headers (D10), cookies
 * and body. Expectations are computed from the event JSON with docs/behaviour.md's rules, plus literal
 * checks of the samples' README, "Cases worth a test", in {@link #spotChecks}.
 */
class SampleEventsTest {
    private static final Map<String, Expect> EXPECTED = SampleEventKinds.EXPECTED;


    static List<String> files() {
        return SharedEvents.jsonFiles();
    }

    @Test
    void everySampleFileIsClassifiedHere() {
        // A sample event added must be given an expectation; a renamed one must not be silently skipped.
        assertEquals(new TreeSet<>(EXPECTED.keySet()), new TreeSet<>(files()),
                "the expectation table must list exactly the JSON files of " + SharedEvents.root());
        assertEquals(83, files().size(), "the samples' README counts 83 JSON files");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("files")
    void sampleIsRecognisedAndMapped(String file) throws InvalidEventException {
        Expect expect = EXPECTED.get(file);
        if (expect == null) {
            fail(file + " has no expectation in SampleEventsTest.EXPECTED");
        }
        byte[] raw = SharedEvents.bytes(file);
        switch (expect) {
            case RESPONSE -> assertInstanceOf(JsonObject.class, TestJson.parse(raw), file + " is a function result object");
            case BAD_BASE64 -> {
                InvalidEventException e = assertThrows(InvalidEventException.class, () -> EventParser.parse(raw));
                assertTrue(e.getMessage().contains("base64"), "message should say base64: " + e.getMessage());
                assertTrue(e.getMessage().contains("isBase64Encoded"), "message should name the flag: " + e.getMessage());
            }
            case PASS_THROUGH -> {
                LambdaEvent.PassThrough pass = assertInstanceOf(LambdaEvent.PassThrough.class, EventParser.parse(raw));
                assertEquals(EventKind.PASS_THROUGH, pass.kind());
                assertArrayEquals(raw, pass.json(), "pass-through forwards the event byte for byte");
            }
            default -> checkHttp(file, expect, raw);
        }
    }

    private static void checkHttp(String file, Expect expect, byte[] raw) throws InvalidEventException {
        JsonObject event = TestJson.parse(raw).asJsonObject();
        LambdaEvent.Http http = assertInstanceOf(LambdaEvent.Http.class, EventParser.parse(raw), file);
        AppRequest r = http.request();
        EventKind kind = switch (expect) {
            case REST -> EventKind.API_GATEWAY_REST;
            case HTTP_API -> EventKind.HTTP_API;
            case FUNCTION_URL -> EventKind.FUNCTION_URL;
            case ALB -> EventKind.ALB;
            case ALB_MULTI -> EventKind.ALB_MULTI_VALUE;
            case LATTICE -> EventKind.VPC_LATTICE;
            case LATTICE_V2 -> EventKind.VPC_LATTICE_V2;
            default -> throw new AssertionError(expect);
        };
        assertEquals(kind, http.kind(), file);

        r.headers().forEach((name, value) ->
                assertEquals(name.toLowerCase(Locale.ROOT), name, file + ": header names reach the app lower-cased"));

        JsonObject context = event.get("requestContext") instanceof JsonObject c ? c : JsonValue.EMPTY_JSON_OBJECT;
        switch (expect) {
            case REST, ALB, ALB_MULTI -> {
                assertEquals(event.getString("httpMethod"), r.method(), file + " method");
                assertEquals(event.getString("path", ""), r.rawPath(), file + " raw path");
                JsonObject multi = objectOrEmpty(event, "multiValueQueryStringParameters");
                JsonObject params = multi.isEmpty() ? objectOrEmpty(event, "queryStringParameters") : multi;
                // ALB values arrive still percent-encoded; the app gets them decoded once ("Method, path and query").
                boolean alb = expect != Expect.REST;
                assertEquals(SharedEvents.pairsOf(params, alb), SharedEvents.queryPairs(r.rawQuery()),
                        file + " query, in event order (D11): " + r.rawQuery());
                assertEquals(mergedHeaders(event), SharedEvents.multimap(r.headers()), file + " headers (D10)");
                assertEquals(context, parse(http.requestContextJson()), file + " request context");
                assertArrayEquals(body(event, "isBase64Encoded"), r.bodyBytes(), file + " body");
            }
            case HTTP_API, FUNCTION_URL -> {
                JsonObject httpContext = context.getJsonObject("http");
                assertEquals(httpContext.getString("method"), r.method(), file + " method");
                assertEquals(event.getString("rawPath"), r.rawPath(), file + " raw path");
                assertEquals(event.getString("rawQueryString", ""), r.rawQuery(), file + " raw query, verbatim");
                Map<String, List<String>> expected = new LinkedHashMap<>();
                objectOrEmpty(event, "headers").forEach((n, v) ->
                        expected.computeIfAbsent(n.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(((JsonString) v).getString()));
                if (event.get("cookies") instanceof jakarta.json.JsonArray cookies) {
                    List<String> parts = cookies.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
                    expected.put("cookie", List.of(String.join(";", parts)));
                }
                assertEquals(expected, SharedEvents.multimap(r.headers()), file + " headers");
                assertEquals(context, parse(http.requestContextJson()), file + " request context");
                assertArrayEquals(body(event, "isBase64Encoded"), r.bodyBytes(), file + " body");
            }
            case LATTICE -> {
                assertEquals(event.getString("method"), r.method(), file + " method");
                assertEquals(event.getString("raw_path"), r.rawPath(), file + " raw path");
                assertEquals(SharedEvents.pairsOf(objectOrEmpty(event, "query_string_parameters"), false),
                        SharedEvents.queryPairs(r.rawQuery()), file + " query");
                assertEquals(latticeHeaders(event), SharedEvents.multimap(r.headers()), file + " headers");
                assertEquals("null", http.requestContextJson(), file + ": a v1 Lattice event has no request context");
                assertArrayEquals(body(event, "is_base64_encoded"), r.bodyBytes(), file + " body");
            }
            case LATTICE_V2 -> {
                assertEquals(event.getString("method"), r.method(), file + " method");
                assertEquals(event.getString("path"), r.rawPath(), file + " raw path");
                assertEquals(SharedEvents.pairsOf(objectOrEmpty(event, "queryStringParameters"), false),
                        SharedEvents.queryPairs(r.rawQuery()), file + " query");
                assertEquals(latticeHeaders(event), SharedEvents.multimap(r.headers()), file + " headers");
                assertEquals(context, parse(http.requestContextJson()), file + " request context");
                assertArrayEquals(body(event, "isBase64Encoded"), r.bodyBytes(), file + " body");
            }
            default -> throw new AssertionError(expect);
        }
    }

    /** D10: every multiValueHeaders value, plus headers entries whose name multiValueHeaders lacks. */
    private static Map<String, List<String>> mergedHeaders(JsonObject event) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        objectOrEmpty(event, "multiValueHeaders").forEach((n, v) -> v.asJsonArray().getValuesAs(JsonString.class)
                .forEach(s -> expected.computeIfAbsent(n.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(s.getString())));
        objectOrEmpty(event, "headers").forEach((n, v) -> {
            if (!expected.containsKey(n.toLowerCase(Locale.ROOT)) && v instanceof JsonString s) {
                expected.put(n.toLowerCase(Locale.ROOT), new ArrayList<>(List.of(s.getString())));
            }
        });
        return expected;
    }

    private static Map<String, List<String>> latticeHeaders(JsonObject event) {
        Map<String, List<String>> expected = new LinkedHashMap<>();
        objectOrEmpty(event, "headers").forEach((n, v) -> {
            List<String> values = v instanceof JsonString s ? List.of(s.getString())
                    : v.asJsonArray().getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
            expected.computeIfAbsent(n.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).addAll(values);
        });
        return expected;
    }

    private static byte[] body(JsonObject event, String flag) {
        String body = event.get("body") instanceof JsonString s ? s.getString() : "";
        return event.get(flag) == JsonValue.TRUE ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    private static JsonObject objectOrEmpty(JsonObject o, String name) {
        return o.get(name) instanceof JsonObject v ? v : JsonValue.EMPTY_JSON_OBJECT;
    }

    private static JsonValue parse(String json) {
        return TestJson.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static AppRequest request(String file) throws InvalidEventException {
        return assertInstanceOf(LambdaEvent.Http.class, EventParser.parse(SharedEvents.bytes(file)), file).request();
    }

    // ---- the README's "cases worth a test", with literal values ------------------------------

    @Test
    void restRepeatedHeadersAndQueryKeepEveryValueInEventOrder() throws InvalidEventException {
        AppRequest r = request("java-libs/apigw_rest_event.json");
        assertEquals("GET", r.method());
        assertEquals("/my/path", r.rawPath());
        assertEquals("parameter1=value1&parameter2=value1&parameter2=value2", r.rawQuery());
        assertEquals(List.of("value1", "value2"), r.headers().all("header2"), "D10: both values, not just headers' one");
        assertEquals(List.of("value1,value2"), r.headers().all("header3"), "a value with a comma stays one value");
        assertEquals("Hello from Lambda!", new String(r.bodyBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void restHeaderOnlyInSingleValueMapIsKept() throws InvalidEventException {
        AppRequest r = request("powertools/apiGatewayProxyOtherEvent.json");
        assertEquals(List.of("https://aws.amazon.com"), r.headers().all("origin"));
        assertEquals(List.of("value1", "value2"), r.headers().all("header2"));
        assertEquals("/other/path", r.rawPath());
    }

    @Test
    void v2CookiesAreJoinedWithSemicolonAndNoSpace() throws InvalidEventException {
        AppRequest r = request("rust-lambda-http/apigw_v2_proxy_request.json");
        assertEquals(List.of("cookie1=value1;cookie2=value2"), r.headers().all("cookie"));
        assertEquals("POST", r.method());
        assertEquals("/my/path", r.rawPath());
        assertEquals("parameter1=value1&parameter1=value2&parameter2=value", r.rawQuery());
    }

    @Test
    void emptyCookiesArrayGivesAnEmptyCookieHeader() throws InvalidEventException {
        AppRequest r = request("rust-lambda-http/apigw_v2_sam_local.json");
        assertEquals(EventKind.HTTP_API, EventParser.parse(SharedEvents.bytes("rust-lambda-http/apigw_v2_sam_local.json")).kind());
        assertEquals(List.of(""), r.headers().all("cookie"));
    }

    @Test
    void pathWithLiteralSpaceIsKeptRawForTheForwarder() throws InvalidEventException {
        assertEquals("/my/path-with space", request("rust-lambda-http/apigw_request_path_with_space.json").rawPath());
    }

    @Test
    void namedStageStaysInTheRawPath() throws InvalidEventException {
        assertEquals("/Prod/my/path", request("rust-lambda-http/apigw_v2_proxy_request_with_stage_in_path.json").rawPath());
    }

    @Test
    void albPercentEncodedQueryValueIsDecodedThenReEncoded() throws InvalidEventException {
        assertEquals("myKey=%3FshowAll%3Dtrue", request("rust-lambda-http/alb_request_encoded_query_parameters.json").rawQuery());
        AppRequest multi = request("rust-lambda-http/alb_multi_value_request_encoded_query_parameters.json");
        assertEquals("myKey=%3FshowAll%3Dtrue&myKey=%3FshowAll%3Dfalse", multi.rawQuery());
        assertEquals(List.of("name1=value1", "name2=value2"), multi.headers().all("cookie"),
                "multi-value ALB keeps both cookie values, not headers' single one");
    }

    @Test
    void eventsWithoutHostHaveNoHostHeader() throws InvalidEventException {
        assertTrue(request("rust-lambda-http/alb_no_host.json").headers().first("host").isEmpty());
        assertTrue(request("rust-lambda-http/apigw_no_host.json").headers().first("host").isEmpty());
    }

    @Test
    void functionUrlIsToldApartByItsDomain() throws InvalidEventException {
        LambdaEvent e = EventParser.parse(SharedEvents.bytes("rust-lambda-http/lambda_function_url_request.json"));
        assertEquals(EventKind.FUNCTION_URL, e.kind());
        assertEquals("/my/path", ((LambdaEvent.Http) e).request().rawPath());
    }

    @Test
    void latticeV1DecodesTheBase64BodyAndKeepsCommaJoinedHeaders() throws InvalidEventException {
        AppRequest r = request("powertools/vpcLatticeEvent.json");
        assertEquals("{\"test\": \"event\"}", new String(r.bodyBytes(), StandardCharsets.UTF_8));
        assertEquals("order-id=1", r.rawQuery());
        assertEquals(List.of("value1,value2"), r.headers().all("header2"));
        assertEquals(List.of("curl/7.64.1"), r.headers().all("user_agent"), "an underscore is a valid header-name character");
    }

    @Test
    void latticeV2ArrayValuesBecomeRepeatedHeadersAndQueryPairs() throws InvalidEventException {
        AppRequest r = request("powertools/vpcLatticeV2EventWithHeaders.json");
        assertEquals(List.of("value1", "value2"), r.headers().all("header2"));
        assertEquals(List.of("a", "b"), r.headers().all("powertools"));
        assertEquals("parameter1=value1&parameter1=value2&parameter2=value", r.rawQuery());
    }

    @Test
    void latticeV2ReadsOnlyTheV2QueryField() throws InvalidEventException {
        // This powertools fixture puts the v1 name query_string_parameters in a v2 event; real v2
        // events use queryStringParameters, and a v1 field in a v2 event is not read.
        assertEquals("", request("powertools/vpcLatticeEventV2PathTrailingSlash.json").rawQuery());
    }

    @Test
    void restEventWithoutBodyHasAnEmptyBody() throws InvalidEventException {
        assertEquals(0, request("java-libs/apigw/events/apigw_event_nobody.json").bodyBytes().length);
    }

    @Test
    void albHealthCheckHasNoBodyAndKeepsItsUserAgent() throws InvalidEventException {
        AppRequest r = request("rust-lambda-http/alb_health_check.json");
        assertEquals("GET", r.method());
        assertEquals("/", r.rawPath());
        assertEquals(0, r.bodyBytes().length);
        assertEquals(List.of("ELB-HealthChecker/2.0"), r.headers().all("user-agent"));
    }
}

package dev.lwa.core.response;

import dev.lwa.core.event.EventKind;
import dev.lwa.core.event.SharedEvents;
import dev.lwa.runtimeapi.json.TestJson;
import dev.lwa.runtimeapi.http.Headers;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The function results among the sample events (java-libs/response, java-libs/apigw/responses):
 * an app answering with the same status, headers and body makes lwa produce a result that the
 * trigger reads as the same response.
 */
class ResponseSamplesTest {

    private static final List<String> SAMPLES = List.of(
            "java-libs/apigw/responses/apigw_response.json",
            "java-libs/apigw/responses/apigw_response2.json",
            "java-libs/response/alb_response.json",
            "java-libs/response/apigw_proxy_response.json",
            "java-libs/response/apigw_v2_http_response.json",
            "java-libs/response/apigw_v2_websocket_response.json",
            "java-libs/response/msk_firehose_response.json",
            "java-libs/response/s3_batch_response.json",
            "java-libs/response/simple_iam_policy_response.json",
            "java-libs/response/sqs_batch_response.json");

    @Test
    void everyResponseSampleIsListedAndParses() {
        List<String> found = SharedEvents.jsonFiles().stream()
                .filter(f -> f.startsWith("java-libs/response/") || f.startsWith("java-libs/apigw/responses/"))
                .toList();
        assertEquals(SAMPLES.stream().sorted().toList(), found);
        for (String file : found) {
            assertInstanceOf(JsonObject.class, TestJson.parse(SharedEvents.bytes(file)), file);
        }
    }

    /**
     * The response as a client of the trigger sees it: every header of {@code headers},
     * {@code multiValueHeaders} (which wins for a name in both, as API Gateway merges them) and
     * {@code cookies} (as Set-Cookie), by lower-cased name.
     */
    private static Map<String, List<String>> effectiveHeaders(JsonObject result) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        if (result.get("multiValueHeaders") instanceof JsonObject multi) {
            multi.forEach((name, values) -> values.asJsonArray().getValuesAs(JsonString.class)
                    .forEach(v -> map.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(v.getString())));
        }
        if (result.get("headers") instanceof JsonObject single) {
            single.forEach((name, v) -> map.putIfAbsent(name.toLowerCase(Locale.ROOT), new ArrayList<>(List.of(((JsonString) v).getString()))));
        }
        if (result.get("cookies") instanceof JsonArray cookies) {
            cookies.getValuesAs(JsonString.class)
                    .forEach(c -> map.computeIfAbsent("set-cookie", k -> new ArrayList<>()).add(c.getString()));
        }
        return map;
    }

    private static byte[] body(JsonObject result) {
        String body = result.getString("body", "");
        return result.getBoolean("isBase64Encoded", false) ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    /** The app response that the sample describes. */
    private static BufferedResponse appResponse(JsonObject sample) {
        Headers headers = new Headers();
        effectiveHeaders(sample).forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
        return new BufferedResponse(sample.getInt("statusCode"), headers, body(sample));
    }

    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({
            "java-libs/apigw/responses/apigw_response.json, API_GATEWAY_REST",
            "java-libs/apigw/responses/apigw_response2.json, API_GATEWAY_REST",
            "java-libs/response/apigw_proxy_response.json, API_GATEWAY_REST",
            "java-libs/response/apigw_v2_http_response.json, HTTP_API",
            "java-libs/response/apigw_v2_http_response.json, FUNCTION_URL",
            "java-libs/response/alb_response.json, ALB_MULTI_VALUE"})
    void httpSampleRoundTrips(String file, EventKind kind) {
        JsonObject sample = SharedEvents.object(file);
        JsonObject result = TestJson.parse(Envelopes.write(kind, appResponse(sample))).asJsonObject();
        assertEquals(sample.getInt("statusCode"), result.getInt("statusCode"));
        assertEquals(effectiveHeaders(sample), effectiveHeaders(result), "headers as a multimap");
        assertEquals(sample.getString("body"), result.getString("body"));
        assertEquals(sample.get("isBase64Encoded"), result.get("isBase64Encoded"));
        if (sample.containsKey("statusDescription")) {
            assertEquals(sample.getString("statusDescription"), result.getString("statusDescription"));
        }
    }

    @Test
    void v2SampleCookiesComeBackAsCookies() {
        JsonObject sample = SharedEvents.object("java-libs/response/apigw_v2_http_response.json");
        JsonObject result = TestJson.parse(Envelopes.write(EventKind.HTTP_API, appResponse(sample))).asJsonObject();
        assertEquals(TestJson.parse("[\"cookie1=value1\",\"session=abc123; Secure; HttpOnly\"]".getBytes(StandardCharsets.UTF_8)),
                result.get("cookies"));
        assertFalse(result.getJsonObject("headers").containsKey("set-cookie"));
        assertEquals("application/json", result.getJsonObject("headers").getString("content-type"));
    }

    @Test
    void restSampleCookiesStayInMultiValueHeaders() {
        JsonObject sample = SharedEvents.object("java-libs/response/apigw_proxy_response.json");
        JsonObject result = TestJson.parse(Envelopes.write(EventKind.API_GATEWAY_REST, appResponse(sample))).asJsonObject();
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, result.get("headers"));
        assertEquals(TestJson.parse("[\"cookie1=value1\",\"cookie2=value2\"]".getBytes(StandardCharsets.UTF_8)),
                result.getJsonObject("multiValueHeaders").get("set-cookie"));
    }

    @Test
    void albSampleInSingleValueModeKeepsTheFirstCookie() {
        JsonObject sample = SharedEvents.object("java-libs/response/alb_response.json");
        JsonObject result = TestJson.parse(Envelopes.write(EventKind.ALB, appResponse(sample))).asJsonObject();
        assertEquals("200 OK", result.getString("statusDescription"));
        assertEquals(TestJson.parse("{\"set-cookie\":\"cookie1=value1\",\"content-type\":\"text/html\"}".getBytes(StandardCharsets.UTF_8)),
                result.get("headers"));
        assertFalse(result.containsKey("multiValueHeaders"));
        assertEquals("<html><body>Hello</body></html>", result.getString("body"));
    }

    @ParameterizedTest
    @CsvSource({
            "java-libs/response/msk_firehose_response.json",
            "java-libs/response/s3_batch_response.json",
            "java-libs/response/simple_iam_policy_response.json",
            "java-libs/response/sqs_batch_response.json",
            "java-libs/response/apigw_v2_websocket_response.json"})
    void nonHttpSampleReturnedAsJsonBodyIsThePassThroughResult(String file) {
        // A pass-through app answers with the result object itself; lwa hands Lambda that JSON.
        byte[] sample = SharedEvents.bytes(file);
        byte[] result = Envelopes.write(EventKind.PASS_THROUGH,
                new BufferedResponse(200, Headers.of("Content-Type", "application/json"), sample));
        assertEquals(TestJson.parse(sample), TestJson.parse(result));
        assertTrue(result.length < sample.length, "compact JSON, not the app's formatting");
    }
}

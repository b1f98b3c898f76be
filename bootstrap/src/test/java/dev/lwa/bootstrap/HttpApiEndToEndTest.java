package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HTTP API v2 and Function URL events through the real emulator, the adapter and a real app. */
@LwaTest
class HttpApiEndToEndTest {
    private static TestApp app;
    private static AdapterHarness lwa;

    static String v2Event(String method, String rawPath, String rawQuery, String extraHeaders, String cookies,
                          String body, boolean base64, String domain) {
        return """
                {"version":"2.0","routeKey":"$default","rawPath":"%s","rawQueryString":"%s",%s
                 "headers":{"accept":"*/*","host":"%s","user-agent":"curl/8.0"%s},
                 "requestContext":{"accountId":"123456789012","apiId":"abc","domainName":"%s","domainPrefix":"abc",
                   "http":{"method":"%s","path":"%s","protocol":"HTTP/1.1","sourceIp":"203.0.113.9","userAgent":"curl/8.0"},
                   "requestId":"req-1","routeKey":"$default","stage":"$default","time":"12/Mar/2020:19:03:58 +0000","timeEpoch":1583348638390},
                 "body":%s,"isBase64Encoded":%s}
                """.formatted(rawPath, rawQuery, cookies == null ? "" : "\"cookies\":" + cookies + ",", domain,
                extraHeaders, domain, method, rawPath, body == null ? "null" : "\"" + body + "\"", base64);
    }

    @Test
    void httpApiRequestReachesTheAppAsSent() throws Exception {
        InvocationResult r = lwa.invoke(v2Event("POST", "/orders/42", "a=1&a=2&b=x%20y", ",\"content-type\":\"text/plain\"",
                "[\"s=1\",\"t=2\"]", "hello", false, "abc.execute-api.us-east-1.amazonaws.com"));

        assertTrue(r.isResponse(), r::toString);
        TestApp.Received got = app.take();
        assertEquals("POST", got.method());
        assertEquals("/orders/42", got.rawPath());
        assertEquals("a=1&a=2&b=x%20y", got.rawQuery(), "rawQueryString is forwarded verbatim");
        assertEquals("text/plain", got.header("content-type"));
        assertEquals("abc.execute-api.us-east-1.amazonaws.com", got.header("host"), "the event's Host reaches the app");
        assertEquals("s=1;t=2", got.header("cookie"), "cookies joined as LWA 1.0 does");
        assertEquals("hello", got.bodyText());
        assertEquals("5", got.header("content-length"));

        JsonObject envelope = json(r.body());
        assertEquals(200, envelope.getInt("statusCode"));
        assertEquals("application/json", envelope.getJsonObject("headers").getString("content-type"));
        assertFalse(envelope.getBoolean("isBase64Encoded"));
        assertEquals("POST", json(envelope.getString("body")).getString("method"));
    }

    @Test
    void base64BodyIsDecodedForTheAppAndBinaryResponsesComeBackBase64() throws Exception {
        byte[] bytes = {0, 1, 2, (byte) 0xFF, (byte) 0xFE, (byte) 0x89, 0x50, 0x4E, 0x47};
        InvocationResult r = lwa.invoke(v2Event("PUT", "/binary", "", "", null,
                Base64.getEncoder().encodeToString(bytes), true, "abc.lambda-url.us-east-1.on.aws"));

        assertArrayEquals(bytes, app.take().body());
        JsonObject envelope = json(r.body());
        assertTrue(envelope.getBoolean("isBase64Encoded"));
        byte[] back = Base64.getDecoder().decode(envelope.getString("body"));
        assertEquals(256, back.length);
        assertEquals((byte) 255, back[255]);
    }

    @Test
    void setCookieBecomesCookiesAndStatusIsKept() throws Exception {
        InvocationResult r = lwa.invoke(v2Event("GET", "/cookies", "", "", null, null, false,
                "abc.lambda-url.us-east-1.on.aws"));
        app.take();

        JsonObject envelope = json(r.body());
        assertEquals(201, envelope.getInt("statusCode"));
        assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"),
                envelope.getJsonArray("cookies").getValuesAs(jakarta.json.JsonString::getString));
        assertFalse(envelope.getJsonObject("headers").containsKey("set-cookie"));
        assertEquals("one, two", envelope.getJsonObject("headers").getString("x-multi"));
        assertEquals("with cookies", envelope.getString("body"));
    }

    @Test
    void contextHeadersAreTheAdaptersOwnNotTheClients() throws Exception {
        String spoofed = ",\"x-amzn-lambda-context\":\"spoofed\",\"x-amzn-request-context\":\"spoofed\",\"x-amz-tenant-id\":\"evil\"";
        InvocationResult r = lwa.invoke(Invoke.of(v2Event("GET", "/ctx", "", spoofed, null, null, false,
                        "abc.lambda-url.us-east-1.on.aws").getBytes(StandardCharsets.UTF_8))
                .traceId("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")
                .requestId("fixed-request-id"));
        assertTrue(r.isResponse(), r::toString);

        TestApp.Received got = app.take();
        assertEquals(1, got.headers().get("x-amzn-lambda-context").size());
        assertEquals(1, got.headers().get("x-amzn-request-context").size());
        JsonObject lambdaContext = json(got.header("x-amzn-lambda-context"));
        assertEquals("fixed-request-id", lambdaContext.getString("request_id"));
        assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", lambdaContext.getString("xray_trace_id"));
        assertTrue(lambdaContext.getJsonNumber("deadline").longValue() > System.currentTimeMillis());
        assertEquals("test_function", lambdaContext.getJsonObject("env_config").getString("function_name"));
        JsonObject requestContext = json(got.header("x-amzn-request-context"));
        assertEquals("req-1", requestContext.getString("requestId"));
        assertEquals("GET", requestContext.getJsonObject("http").getString("method"));
        assertEquals("Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1", got.header("x-amzn-trace-id"));
        assertNull(got.header("x-amz-tenant-id"), "a client-sent tenant id is dropped when Lambda sends none (D8)");
    }

    @Test
    void nonAsciiClientContextReachesTheAppIntact() throws Exception {
        lwa.invoke(Invoke.of(v2Event("GET", "/cc", "", "", null, null, false, "abc.lambda-url.us-east-1.on.aws")
                .getBytes(StandardCharsets.UTF_8)).clientContext("{\"custom\":{\"name\":\"José €\"}}"));
        JsonObject lambdaContext = json(app.take().header("x-amzn-lambda-context"));
        assertEquals("José €", lambdaContext.getJsonObject("client_context").getJsonObject("custom").getString("name"));
    }

    @Test
    void tenantIdFromLambdaReachesTheApp() throws Exception {
        lwa.invoke(Invoke.of(v2Event("GET", "/t", "", "", null, null, false, "abc.lambda-url.us-east-1.on.aws")
                .getBytes(StandardCharsets.UTF_8)).tenantId("tenant-abc-123"));
        assertEquals("tenant-abc-123", app.take().header("x-amz-tenant-id"));
    }

    @Test
    void nonHttpEventsArePassedThroughAndTheAppsJsonIsTheResult() throws Exception {
        String sqs = """
                {"Records":[{"messageId":"m1","eventSource":"aws:sqs","body":"hi"}]}""";
        InvocationResult r = lwa.invoke(sqs);

        TestApp.Received got = app.take();
        assertEquals("POST", got.method());
        assertEquals("/events", got.rawPath());
        assertEquals("application/json", got.header("content-type"));
        assertEquals(sqs, got.bodyText(), "the event reaches the app byte for byte");
        assertEquals("null", got.header("x-amzn-request-context"));
        assertTrue(r.isResponse(), r::toString);
        JsonObject result = json(r.body());
        assertEquals("POST", result.getString("method"), "the app's JSON body is the function result");
    }

    @Test
    void invalidEventsGiveACleanErrorAndTheNextInvocationIsServed() throws Exception {
        InvocationResult notJson = lwa.invoke("{not json");
        assertEquals(InvocationResult.Kind.ERROR, notJson.kind());
        assertEquals("lwa.InvalidEvent", notJson.errorType().orElseThrow());
        assertTrue(notJson.bodyAsString().contains("not valid JSON"), notJson.bodyAsString());

        InvocationResult badBase64 = lwa.invoke(v2Event("POST", "/x", "", "", null, "Hello from Lambda!", true,
                "abc.lambda-url.us-east-1.on.aws"));
        assertEquals("lwa.InvalidEvent", badBase64.errorType().orElseThrow());
        assertTrue(json(badBase64.body()).getString("errorMessage").contains("base64"));

        InvocationResult crlf = lwa.invoke(v2Event("GET", "/x", "", ",\"x-evil\":\"a\\r\\nInjected: yes\"", null, null, false,
                "abc.lambda-url.us-east-1.on.aws"));
        assertEquals("lwa.InvalidEvent", crlf.errorType().orElseThrow());

        // Nesting past the reader's limit must not cost the process its poller (found in review).
        InvocationResult deep = lwa.invoke("[".repeat(5000) + "]".repeat(5000));
        assertEquals("lwa.InvalidEvent", deep.errorType().orElseThrow(), deep::toString);

        assertEquals(0, app.receivedCount(), "no bad event reached the app");

        // A number of any size is JSON: it is passed through, not refused.
        InvocationResult hugeNumber = lwa.invoke("1e9999999999");
        assertTrue(hugeNumber.isResponse(), hugeNumber::toString);
        assertEquals("1e9999999999", app.take().bodyText());
        InvocationResult ok = lwa.invoke(v2Event("GET", "/after", "", "", null, null, false, "abc.lambda-url.us-east-1.on.aws"));
        assertTrue(ok.isResponse(), ok::toString);
        assertEquals("/after", app.take().rawPath());
    }

    @Test
    void extensionIsRegisteredUnderItsNameForShutdown() {
        var extension = lwa.emulator.extensions().getFirst();
        assertEquals("lambda-adapter", extension.name());
        assertTrue(extension.events().contains("SHUTDOWN"));
    }
}

package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AWS_LWA_WEBSOCKET_PATH (beyond LWA), end to end: API Gateway WebSocket events, as API Gateway
 * sends them, through the emulator and the adapter to a real app, which sees a connect, text and
 * binary messages and a disconnect as POSTs to one path; its answers come back as route results.
 * Without the setting, the same events are passed through as LWA passes them.
 */
@LwaTest(settings = "AWS_LWA_WEBSOCKET_PATH=/ws")
class WebSocketEndToEndTest {
    private static TestApp app;
    private static AdapterHarness lwa;

    private static final String DOMAIN = "abc123.execute-api.eu-west-1.amazonaws.com";

    @BeforeEach
    void clear() {
        app.clear();
    }

    private static String context(String eventType, String routeKey, String more) {
        return """
                "requestContext":{"routeKey":"%s","eventType":"%s","extendedRequestId":"Xq1=",\
                "requestTime":"07/Dec/2026:00:00:00 +0000","messageDirection":"IN","stage":"prod",\
                "connectedAt":1796601600000,"requestTimeEpoch":1796601600000,"identity":{"sourceIp":"192.0.2.7"},\
                "requestId":"Xq1=","domainName":"%s","connectionId":"Zx9abcDEF=","apiId":"abc123"%s}"""
                .formatted(routeKey, eventType, DOMAIN, more);
    }

    static String connectEvent() {
        return """
                {"headers":{"Host":"%1$s","Sec-WebSocket-Key":"dGVzdGtleQ==","Sec-WebSocket-Protocol":"chat",\
                "Sec-WebSocket-Version":"13","X-Forwarded-For":"192.0.2.7","x-amzn-websocket-connection-id":"spoofed"},\
                "multiValueHeaders":{"Host":["%1$s"],"Sec-WebSocket-Key":["dGVzdGtleQ=="],"Sec-WebSocket-Protocol":["chat"],\
                "Sec-WebSocket-Version":["13"],"X-Forwarded-For":["192.0.2.7"],"x-amzn-websocket-connection-id":["spoofed"]},\
                "queryStringParameters":{"room":"lobby"},"multiValueQueryStringParameters":{"room":["lobby"]},%2$s,\
                "isBase64Encoded":false}""".formatted(DOMAIN, context("CONNECT", "$connect", ""));
    }

    static String messageEvent(String routeKey, String body, boolean base64) {
        return "{" + context("MESSAGE", routeKey, ",\"messageId\":\"Mq1=\"") + ",\"body\":\"" + body
                + "\",\"isBase64Encoded\":" + base64 + "}";
    }

    static String disconnectEvent() {
        return "{\"headers\":{\"Host\":\"" + DOMAIN + "\"},\"multiValueHeaders\":{\"Host\":[\"" + DOMAIN + "\"]},"
                + context("DISCONNECT", "$disconnect", ",\"disconnectStatusCode\":1001,\"disconnectReason\":\"Going away\"")
                + ",\"isBase64Encoded\":false}";
    }

    private static void assertWebSocketHeaders(TestApp.Received seen, String eventType, String routeKey) {
        assertEquals("POST", seen.method());
        assertEquals("/ws", seen.rawPath());
        assertEquals("Zx9abcDEF=", seen.header("x-amzn-websocket-connection-id"));
        assertEquals(eventType, seen.header("x-amzn-websocket-event-type"));
        assertEquals(routeKey, seen.header("x-amzn-websocket-route-key"));
        assertEquals(DOMAIN, seen.header("x-amzn-websocket-domain-name"));
        assertEquals("prod", seen.header("x-amzn-websocket-stage"));
        JsonObject ctx = AdapterHarness.json(seen.header("x-amzn-request-context"));
        assertEquals("Zx9abcDEF=", ctx.getString("connectionId"), "the whole requestContext goes along");
    }

    @Test
    void connectGoesWithTheHandshakeAndTheAppsAnswerAcceptsIt() throws Exception {
        app.replyOnce(new TestApp.Reply(200, List.of(Map.entry("Sec-WebSocket-Protocol", "chat")), new byte[0]));
        InvocationResult r = lwa.invoke(connectEvent());
        assertTrue(r.isResponse(), r::toString);
        TestApp.Received seen = app.take();
        assertWebSocketHeaders(seen, "CONNECT", "$connect");
        assertEquals("room=lobby", seen.rawQuery());
        assertEquals("dGVzdGtleQ==", seen.header("sec-websocket-key"));
        assertEquals("chat", seen.header("sec-websocket-protocol"));
        assertEquals(0, seen.body().length);
        assertNull(seen.header("x-amzn-websocket-message-id"));

        JsonObject result = AdapterHarness.json(r.body());
        assertEquals(200, result.getInt("statusCode"));
        assertEquals("chat", result.getJsonObject("headers").getString("sec-websocket-protocol"));
        assertEquals("", result.getString("body"));
        assertFalse(result.getBoolean("isBase64Encoded"));
    }

    @Test
    void aNon2xxAnswerToConnectIsTheRoutesStatus() throws Exception {
        app.replyOnce(TestApp.Reply.text(401, "text/plain", "no token"));
        JsonObject result = AdapterHarness.json(lwa.invoke(connectEvent()).body());
        assertEquals(401, result.getInt("statusCode"), "API Gateway refuses the connection");
        assertEquals("no token", result.getString("body"));
    }

    @Test
    void aTextMessageAndTheAppsReply() throws Exception {
        app.replyOnce(TestApp.Reply.text(200, "application/json", "{\"echo\":\"hello\"}"));
        InvocationResult r = lwa.invoke(messageEvent("sendmessage", "{\\\"action\\\":\\\"sendmessage\\\",\\\"text\\\":\\\"hello\\\"}", false));
        TestApp.Received seen = app.take();
        assertWebSocketHeaders(seen, "MESSAGE", "sendmessage");
        assertEquals("Mq1=", seen.header("x-amzn-websocket-message-id"));
        assertEquals("text/plain; charset=utf-8", seen.header("content-type"));
        assertEquals("{\"action\":\"sendmessage\",\"text\":\"hello\"}", seen.bodyText());

        JsonObject result = AdapterHarness.json(r.body());
        assertEquals(200, result.getInt("statusCode"));
        assertEquals("{\"echo\":\"hello\"}", result.getString("body"));
        assertFalse(result.getBoolean("isBase64Encoded"));
    }

    @Test
    void aBinaryMessageArrivesAsBytesAndABinaryAnswerGoesBackAsBase64() throws Exception {
        byte[] frame = {0, 1, 2, (byte) 0xfe, (byte) 0xff};
        app.replyOnce(TestApp.Reply.of(200, "application/octet-stream", new byte[]{9, 8, 7}));
        InvocationResult r = lwa.invoke(messageEvent("$default", Base64.getEncoder().encodeToString(frame), true));
        TestApp.Received seen = app.take();
        assertWebSocketHeaders(seen, "MESSAGE", "$default");
        assertEquals("application/octet-stream", seen.header("content-type"));
        assertArrayEquals(frame, seen.body());

        JsonObject result = AdapterHarness.json(r.body());
        assertEquals("CQgH", result.getString("body"));
        assertTrue(result.getBoolean("isBase64Encoded"));
    }

    @Test
    void disconnect() throws Exception {
        app.replyOnce(TestApp.Reply.of(204, null, new byte[0]));
        InvocationResult r = lwa.invoke(disconnectEvent());
        TestApp.Received seen = app.take();
        assertWebSocketHeaders(seen, "DISCONNECT", "$disconnect");
        assertEquals(0, seen.body().length);
        assertEquals(204, AdapterHarness.json(r.body()).getInt("statusCode"));
    }

    @Test
    @LwaTest
    void withoutTheSettingWebSocketEventsArePassedThrough(TestApp app, AdapterHarness lwa) throws Exception {
        for (String event : List.of(connectEvent(), messageEvent("$default", "hi", false), disconnectEvent())) {
            app.replyOnce(TestApp.Reply.text(200, "application/json", "{\"statusCode\":200}"));
            InvocationResult r = lwa.invoke(event);
            TestApp.Received seen = app.take();
            assertEquals("/events", seen.rawPath());
            assertEquals(AdapterHarness.json(event), AdapterHarness.json(seen.body()), "the event as it came");
            assertNull(seen.header("x-amzn-websocket-event-type"));
            assertEquals("{\"statusCode\":200}", r.bodyAsString(), "the app's JSON is the result, as LWA's");
        }
    }

    @Test
    @LwaTest(streaming = true, settings = {"AWS_LWA_WEBSOCKET_PATH=/ws", "AWS_LWA_ENABLE_COMPRESSION=true"})
    void inStreamingModeWithCompressionTheRouteStillGetsABufferedPlainResult(TestApp app, AdapterHarness lwa) throws Exception {
        app.replyOnce(TestApp.Reply.text(200, "text/plain", "x".repeat(2000)));
        String connect = connectEvent().replace("\"X-Forwarded-For\":\"192.0.2.7\"",
                "\"X-Forwarded-For\":\"192.0.2.7\",\"Accept-Encoding\":\"gzip\"");
        InvocationResult r = lwa.invoke(connect);
        assertTrue(r.isResponse(), r::toString);
        assertFalse(r.streamed());
        JsonObject result = AdapterHarness.json(r.body());
        assertEquals("x".repeat(2000), result.getString("body"));
        assertFalse(result.getBoolean("isBase64Encoded"));
        assertEquals("CONNECT", app.take().header("x-amzn-websocket-event-type"));
        String bytes = new String(r.body(), StandardCharsets.UTF_8);
        assertFalse(bytes.contains("content-encoding"), bytes);
    }
}

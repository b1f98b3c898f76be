package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What of the app's answer reaches the trigger, in both invoke modes: no hop-by-hop fields (they
 * belong to the connection between lwa and the app) and no Content-Length that came beside a
 * chunked coding, every cookie where the format can carry it,
 * no invented content type for a response without a body, and non-HTTP events answered buffered
 * even in {@code response_stream} mode.
 */
class ResponseHeadersEndToEndTest {
    private static final List<String> HOP_BY_HOP = List.of("connection", "keep-alive", "proxy-connection", "\"te\"",
            "trailer", "transfer-encoding", "upgrade", "x-private",
            "content-length"); // sent beside Transfer-Encoding, so not the body's length

    private static void assertNoHopByHop(String json) {
        String lower = json.toLowerCase(Locale.ROOT);
        for (String name : HOP_BY_HOP) {
            assertFalse(lower.contains(name), name + " was passed on: " + json);
        }
        assertTrue(lower.contains("x-kept"), json);
    }

    @ParameterizedTest
    @EnumSource(TestEvent.Trigger.class)
    void hopByHopFieldsDoNotReachABufferedEnvelope(TestEvent.Trigger trigger) throws Exception {
        try (RawSocketApp app = RawSocketApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_READINESS_CHECK_PROTOCOL", "tcp"))) {
            InvocationResult r = lwa.invoke(TestEvent.of(trigger, "GET", "/hop-by-hop").json());
            assertTrue(r.isResponse(), r::toString);
            assertEquals("ok", json(r.body()).getString("body"));
            assertNoHopByHop(r.bodyAsString());
        }
    }

    @Test
    void hopByHopFieldsDoNotReachTheStreamingPrelude() throws Exception {
        try (RawSocketApp app = RawSocketApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_READINESS_CHECK_PROTOCOL", "tcp",
                     "AWS_LWA_INVOKE_MODE", "response_stream"))) {
            InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/hop-by-hop").bytes()));
            assertTrue(r.isResponse() && r.streamed(), r::toString);
            assertEquals("ok", r.bodyAsString());
            String prelude = new String(r.prelude().orElseThrow(), StandardCharsets.UTF_8);
            assertNoHopByHop(prelude);
            assertEquals(List.of("s=1"), json(prelude).getJsonArray("cookies").getValuesAs(jakarta.json.JsonString::getString));
        }
    }

    @Test
    void aBodilessStreamedResponseGetsNoContentType() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_INVOKE_MODE", "response_stream"))) {
            app.replyOnce(new TestApp.Reply(204, List.of(Map.entry("X-Id", "7")), new byte[0]));
            InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("DELETE", "/item/7").bytes()));
            assertTrue(r.isResponse() && r.streamed(), r::toString);
            JsonObject prelude = json(r.prelude().orElseThrow());
            assertEquals(204, prelude.getInt("statusCode"));
            assertEquals("7", prelude.getJsonObject("headers").getString("x-id"));
            assertFalse(prelude.getJsonObject("headers").containsKey("content-type"), prelude::toString);
        }
    }

    @Test
    void inStreamModeAnSqsBatchIsAnsweredBufferedWithTheAppsJson() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_INVOKE_MODE", "response_stream"))) {
            app.replyOnce(TestApp.Reply.text(200, "application/json", "{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}"));
            InvocationResult r = lwa.invoke("{\"Records\":[{\"messageId\":\"m1\",\"eventSource\":\"aws:sqs\",\"body\":\"a\"},"
                    + "{\"messageId\":\"m2\",\"eventSource\":\"aws:sqs\",\"body\":\"b\"}]}");
            assertTrue(r.isResponse(), r::toString);
            assertFalse(r.streamed(), "a non-HTTP caller gets a buffered answer");
            assertEquals("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}", r.bodyAsString());
            assertEquals("/events", app.take().rawPath());

            InvocationResult http = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/json").bytes()));
            assertTrue(http.streamed(), "HTTP events keep streaming");
        }
    }

    @Test
    void everyCookieReachesAVpcLatticeClient() throws Exception {
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            String lattice = "{\"version\":\"2.0\",\"path\":\"/cookies\",\"method\":\"GET\",\"headers\":{},"
                    + "\"requestContext\":{\"serviceNetworkArn\":\"arn:aws:vpc-lattice:us-east-1:123:servicenetwork/sn-1\"},"
                    + "\"isBase64Encoded\":false,\"body\":\"\"}";
            InvocationResult r = lwa.invoke(lattice);
            assertTrue(r.isResponse(), r::toString);
            JsonObject headers = json(r.body()).getJsonObject("headers");
            List<String> cookies = headers.keySet().stream().filter(k -> k.equalsIgnoreCase("set-cookie"))
                    .map(headers::getString).sorted().toList();
            assertEquals(List.of("a=1; Path=/", "b=2; HttpOnly"), cookies);
        }
    }
}

package dev.lwa.core.response;

import dev.lwa.core.event.EventKind;
import dev.lwa.runtimeapi.http.Headers;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The result of an API Gateway WebSocket route: status, single-value headers, body. */
class WebSocketEnvelopeTest {

    private static String result(int status, Headers headers, byte[] body) {
        return new String(Envelopes.write(EventKind.WEBSOCKET, new BufferedResponse(status, headers, body)),
                StandardCharsets.UTF_8);
    }

    @Test
    void textBody() {
        assertEquals("{\"statusCode\":200,\"headers\":{\"content-type\":\"text/plain\",\"sec-websocket-protocol\":\"chat\"},"
                        + "\"body\":\"got \\\"hi\\\"\",\"isBase64Encoded\":false}",
                result(200, Headers.of("Content-Type", "text/plain", "Sec-WebSocket-Protocol", "chat"),
                        "got \"hi\"".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void binaryBodyAndARefusal() {
        assertEquals("{\"statusCode\":403,\"headers\":{\"content-type\":\"application/octet-stream\"},"
                        + "\"body\":\"AAH/\",\"isBase64Encoded\":true}",
                result(403, Headers.of("Content-Type", "application/octet-stream"), new byte[]{0, 1, (byte) 0xff}));
    }
}

package dev.lwa.benchmarks;

import dev.lwa.core.event.EventKind;
import dev.lwa.core.event.EventParser;
import dev.lwa.core.event.InvalidEventException;
import dev.lwa.runtimeapi.http.Http1Request;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The benchmarks measure the success path of the intended event kind, not an error path. */
class HotPathTest {

    @ParameterizedTest
    @CsvSource({
        "HTTP_V2, 64, HTTP_API, POST, /orders/42?expand=items&page=2",
        "REST_V1, 64, API_GATEWAY_REST, POST, /orders/42?expand=items&expand=prices&page=2",
        "SQS, 64, PASS_THROUGH, POST, /events",
        "HTTP_V2, 65536, HTTP_API, POST, /orders/42?expand=items&page=2",
    })
    void eachEventIsRecognisedAndAnsweredWithTheAppsBody(String kind, int size, EventKind expected, String method,
                                                         String target) throws IOException, InvalidEventException {
        byte[] event = Events.event(Events.Kind.parse(kind), size);
        assertEquals(expected, EventParser.parse(event).kind());
        byte[] body = Events.jsonBody(size);
        assertEquals(size, body.length);
        try (FixedResponseServer app = FixedResponseServer.start(body, "application/json");
             HotPath hot = new HotPath(app.port())) {
            var inv = HotPath.invocation(event);
            Http1Request request = hot.appRequest(inv);
            assertEquals(method, request.method());
            assertEquals(target, request.target());
            String result = new String(hot.payload(inv), StandardCharsets.UTF_8);
            if (expected == EventKind.PASS_THROUGH) {
                assertEquals(new String(body, StandardCharsets.UTF_8), result);
            } else {
                assertTrue(result.startsWith("{\"statusCode\":200,"), result);
                assertTrue(result.length() > size, "the envelope carries the whole body");
            }
            assertEquals(1, app.requests());
        }
    }
}

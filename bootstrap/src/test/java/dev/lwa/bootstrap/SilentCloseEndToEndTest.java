package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An app that answers HTTP/1.1 with a {@code Content-Length} and no {@code Connection} field, then
 * closes the connection anyway: the adapter must not send the next invocation down the closed
 * connection (where a POST would fail, and is never sent twice). Each invocation follows the app's
 * close of the previous connection, however soon; the app sees every request once.
 */
class SilentCloseEndToEndTest {

    /** Concurrency 1 runs the adapter on one platform thread, 2 on virtual threads. */
    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 2})
    void backToBackPostsAllSucceed(int concurrency) throws Exception {
        try (RawSocketApp app = RawSocketApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_READINESS_CHECK_PROTOCOL", "tcp"),
                     concurrency, true)) {
            for (int i = 0; i < 300; i++) {
                String body = "{\"n\":" + i + "}";
                InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("POST", "/silent-close").body(body).bytes()));
                int n = i;
                assertTrue(r.isResponse(), () -> "invocation " + n + ": " + r);
                assertEquals("ok", json(r.body()).getString("body"));
                String head = app.takeHead();
                assertTrue(head.startsWith("POST /silent-close HTTP/1.1\r\n"), head);
                app.awaitSilentClose();
            }
            assertEquals(0, app.untakenHeads(), "no request reached the app twice");
        }
    }
}

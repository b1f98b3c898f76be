package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * D6: the request to the app ends shortly before the invocation deadline, so an app that hangs
 * becomes {@code lwa.AppTimeout} posted by the adapter (an ERROR result, not the platform's
 * TIMEOUT), and the next invocation is served. Each invocation gets a short timeout of its own.
 * (The readiness deadline, D7, is in {@link LifecycleEndToEndTest}.)
 */
class DeadlineEndToEndTest {
    private static final Duration SHORT = Duration.ofSeconds(2);

    private static InvocationResult get(AdapterHarness lwa, String path, Duration timeout) {
        return lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", path).bytes()).timeout(timeout));
    }

    private static void assertAppTimeout(InvocationResult r) {
        assertEquals(InvocationResult.Kind.ERROR, r.kind(), () -> "lwa must answer before the deadline: " + r);
        assertEquals("lwa.AppTimeout", r.errorType().orElseThrow(), r::bodyAsString);
        assertTrue(json(r.body()).getString("errorMessage").contains("deadline"), r::bodyAsString);
    }

    @Test
    void anAppSleepingPastTheDeadlineIsAppTimeoutAndTheNextInvocationIsServed() throws Exception {
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            assertAppTimeout(get(lwa, "/slow/6000", SHORT));
            assertEquals("/slow/6000", app.take().rawPath());

            InvocationResult next = get(lwa, "/after", SHORT);
            assertTrue(next.isResponse(), next::toString);
            assertEquals("/after", app.take().rawPath());
        }
    }

    @Test
    void anAppThatStallsMidBodyIsAppTimeout() throws Exception {
        try (RawSocketApp app = RawSocketApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_READINESS_CHECK_PROTOCOL", "tcp"))) {
            // Headers arrived, then the body stopped: the deadline covers reading the body too.
            assertAppTimeout(get(lwa, "/stall-body", SHORT));
            app.takeHead();

            InvocationResult next = get(lwa, "/ok", SHORT);
            assertTrue(next.isResponse(), next::toString);
        }
    }

    @Test
    void inStreamingModeAnAppThatSendsNoHeadersBeforeTheDeadlineIsAppTimeout() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_INVOKE_MODE", "response_stream"))) {
            InvocationResult r = get(lwa, "/slow/6000", SHORT);
            assertAppTimeout(r);
            assertFalse(r.streamed(), "nothing was streamed: the error went to /error");
            app.take();

            InvocationResult next = get(lwa, "/after", SHORT);
            assertTrue(next.isResponse() && next.streamed(), next::toString);
        }
    }

    @Test
    void anAppAnsweringJustInsideTheDeadlineIsServed() throws Exception {
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            InvocationResult r = get(lwa, "/slow/500", Duration.ofSeconds(3));
            assertTrue(r.isResponse(), r::toString);
            assertEquals("slept 500", json(r.body()).getString("body"));
        }
    }
}

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
 * TIMEOUT), and the next invocation is served. (The readiness deadline, D7, is in
 * {@link LifecycleEndToEndTest}.)
 *
 * <p>The adapter sees 2 s deadlines while the emulator enforces 30 s ones
 * ({@link AdapterHarness#withEarlierDeadlines}): what is tested is that the adapter ends the
 * request at its deadline and reports {@code lwa.AppTimeout}, not whether its 200 ms margin before
 * the platform's timeout survives a busy machine (that margin is AppForwarderTest's).
 */
class DeadlineEndToEndTest {

    private static InvocationResult get(AdapterHarness lwa, String path) {
        return lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", path).bytes()));
    }

    private static void assertAppTimeout(InvocationResult r) {
        assertEquals(InvocationResult.Kind.ERROR, r.kind(), () -> "lwa must answer before the deadline: " + r);
        assertEquals("lwa.AppTimeout", r.errorType().orElseThrow(), r::bodyAsString);
        assertTrue(json(r.body()).getString("errorMessage").contains("deadline"), r::bodyAsString);
    }

    @Test
    void anAppSleepingPastTheDeadlineIsAppTimeoutAndTheNextInvocationIsServed() throws Exception {
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.withEarlierDeadlines(app.port(), Map.of(), true)) {
            assertAppTimeout(get(lwa, "/slow/6000"));
            assertEquals("/slow/6000", app.take().rawPath());

            InvocationResult next = get(lwa, "/after");
            assertTrue(next.isResponse(), next::toString);
            assertEquals("/after", app.take().rawPath());
        }
    }

    @Test
    void anAppThatStallsMidBodyIsAppTimeout() throws Exception {
        try (RawSocketApp app = RawSocketApp.start();
             AdapterHarness lwa = AdapterHarness.withEarlierDeadlines(app.port(), Map.of("AWS_LWA_READINESS_CHECK_PROTOCOL", "tcp"), true)) {
            // Headers arrived, then the body stopped: the deadline covers reading the body too.
            assertAppTimeout(get(lwa, "/stall-body"));
            app.takeHead();

            InvocationResult next = get(lwa, "/ok");
            assertTrue(next.isResponse(), next::toString);
        }
    }

    @Test
    void inStreamingModeAnAppThatSendsNoHeadersBeforeTheDeadlineIsAppTimeout() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.withEarlierDeadlines(app.port(), Map.of("AWS_LWA_INVOKE_MODE", "response_stream"), true)) {
            InvocationResult r = get(lwa, "/slow/6000");
            assertAppTimeout(r);
            assertFalse(r.streamed(), "nothing was streamed: the error went to /error");
            app.take();

            InvocationResult next = get(lwa, "/after");
            assertTrue(next.isResponse() && next.streamed(), next::toString);
        }
    }

    @Test
    void anAppAnsweringJustInsideTheDeadlineIsServed() throws Exception {
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/slow/500").bytes()).timeout(Duration.ofSeconds(3)));
            assertTrue(r.isResponse(), r::toString);
            assertEquals("slept 500", json(r.body()).getString("body"));
        }
    }
}

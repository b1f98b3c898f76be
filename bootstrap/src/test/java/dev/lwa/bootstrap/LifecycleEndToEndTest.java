package dev.lwa.bootstrap;

import dev.lwa.bootstrap.logging.LogCapture;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.runtimeapi.testing.PortReservation;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up, readiness, concurrency and shutdown, with real processes and sockets. */
class LifecycleEndToEndTest {

    static String event(String path) {
        return HttpApiEndToEndTest.v2Event("GET", path, "", "", null, null, false, "abc.lambda-url.us-east-1.on.aws");
    }

    @Test
    void readinessWaitsForAnAppThatStartsLate() throws Exception {
        try (PortReservation late = PortReservation.reserve();
             AdapterHarness lwa = AdapterHarness.start(late.port(), Map.of(), 1, false)) {
            lwa.assertNotPollingWhileNothingListens("no /next while the app is not listening");
            try (TestApp app = TestApp.start(late.port())) {
                assertTrue(lwa.emulator.awaitParkedPollers(1, Duration.ofSeconds(10)), "polling starts once the app is up");
                InvocationResult r = lwa.invoke(event("/late"));
                assertTrue(r.isResponse(), r::toString);
                assertEquals("/late", app.take().rawPath());
            }
        }
    }

    @Test
    void readinessTimeoutReportsAnInitErrorAndExitsNonZero() throws Exception {
        try (PortReservation nothing = PortReservation.reserve();
             AdapterHarness lwa = AdapterHarness.start(nothing.port(), Map.of("AWS_LWA_READINESS_CHECK_TIMEOUT", "400ms"), 1, false)) {
            int code = lwa.exit.get(10, TimeUnit.SECONDS);
            assertEquals(1, code);
            var error = lwa.emulator.initError().orElseThrow(() -> new AssertionError("no /init/error was posted"));
            assertEquals("lwa.AppNotReady", error.errorType());
        }
    }

    @Test
    void shutdownWhileWaitingForTheAppStopsProbingAndExitsZero() throws Exception {
        try (LogCapture log = LogCapture.start(false);
             PortReservation nothing = PortReservation.reserve();
             AdapterHarness lwa = AdapterHarness.start(nothing.port(), Map.of(), 1, false)) {
            assertTrue(lwa.emulator.awaitExtensions(1, Duration.ofSeconds(10)));
            assertEquals(0, lwa.shutdown(), "SHUTDOWN during readiness ends the adapter cleanly");
            assertTrue(lwa.emulator.initError().isEmpty(), "a shutdown is not an init failure");
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("stopping (SHUTDOWN")
                    && l.contains("while waiting for the app to be ready")), () -> "the stop is logged: " + log.lines());
        }
    }

    @Test
    void shutdownMakesTheAdapterExitCleanly() throws Exception {
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            assertTrue(lwa.invoke(event("/before")).isResponse());
            assertEquals(0, lwa.shutdown());
        }
    }

    @Test
    void fourPollersServeFourSlowInvocationsAtOnce() throws Exception {
        try (TestApp app = TestApp.start(); AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of(), 4, true)) {
            List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                // each request is held until all four are in the app at once (a rendezvous, not a 1 s sleep)
                results.add(lwa.emulator.invokeAsync(Invoke.of(event("/together/4").getBytes(StandardCharsets.UTF_8))));
            }
            for (CompletableFuture<InvocationResult> f : results) {
                InvocationResult r = f.get(20, TimeUnit.SECONDS);
                assertTrue(r.isResponse(), r::toString);
                assertEquals(200, AdapterHarness.json(r.body()).getInt("statusCode"), "all four met: " + r.bodyAsString());
            }
            assertEquals(4, app.maxConcurrent(), "the app saw the 4 requests at the same time");
        }
    }

    @Test
    void anAppThatIsGoneGivesAppUnavailableAndTheAdapterKeepsServing() throws Exception {
        // the port stays reserved while the app is gone: nothing else can answer there meanwhile
        try (PortReservation reserved = PortReservation.reserve()) {
            int port = reserved.port();
            TestApp app = TestApp.start(port);
            try (AdapterHarness lwa = AdapterHarness.start(port, Map.of())) {
                app.close();
                InvocationResult r = lwa.invoke(event("/gone"));
                assertEquals(InvocationResult.Kind.ERROR, r.kind());
                assertEquals("lwa.AppUnavailable", r.errorType().orElseThrow());
                try (TestApp again = TestApp.start(port)) {
                    InvocationResult ok = lwa.invoke(event("/back"));
                    assertTrue(ok.isResponse(), ok::toString);
                }
            }
        }
    }
}

package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up, readiness, concurrency and shutdown, with real processes and sockets. */
class LifecycleEndToEndTest {

    static String event(String path) {
        return HttpApiEndToEndTest.v2Event("GET", path, "", "", null, null, false, "abc.lambda-url.us-east-1.on.aws");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Test
    void readinessWaitsForAnAppThatStartsLate() throws Exception {
        int port = freePort();
        try (AdapterHarness lwa = AdapterHarness.start(port, Map.of(), 1, false)) {
            assertFalse(lwa.emulator.awaitParkedPollers(1, Duration.ofMillis(700)),
                    "no /next while the app is not listening");
            try (TestApp app = TestApp.start(port)) {
                assertTrue(lwa.emulator.awaitParkedPollers(1, Duration.ofSeconds(10)), "polling starts once the app is up");
                InvocationResult r = lwa.invoke(event("/late"));
                assertTrue(r.isResponse(), r::toString);
                assertEquals("/late", app.take().rawPath());
            }
        }
    }

    @Test
    void readinessTimeoutReportsAnInitErrorAndExitsNonZero() throws Exception {
        int port = freePort();
        try (AdapterHarness lwa = AdapterHarness.start(port, Map.of("AWS_LWA_READINESS_CHECK_TIMEOUT", "400ms"), 1, false)) {
            int code = lwa.exit.get(10, TimeUnit.SECONDS);
            assertEquals(1, code);
            var error = lwa.emulator.initError().orElseThrow(() -> new AssertionError("no /init/error was posted"));
            assertEquals("lwa.AppNotReady", error.errorType());
        }
    }

    @Test
    void shutdownWhileWaitingForTheAppStopsProbingAndExitsZero() throws Exception {
        int port = freePort();
        try (AdapterHarness lwa = AdapterHarness.start(port, Map.of(), 1, false)) {
            assertTrue(lwa.emulator.awaitExtensions(1, Duration.ofSeconds(10)));
            assertEquals(0, lwa.shutdown(), "SHUTDOWN during readiness ends the adapter cleanly");
            assertTrue(lwa.emulator.initError().isEmpty(), "a shutdown is not an init failure");
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
            long start = System.nanoTime();
            List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                results.add(lwa.emulator.invokeAsync(Invoke.of(event("/slow/1000").getBytes(StandardCharsets.UTF_8))));
            }
            for (CompletableFuture<InvocationResult> f : results) {
                assertTrue(f.get(10, TimeUnit.SECONDS).isResponse());
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(4, app.maxConcurrent(), "the app saw the 4 requests at the same time");
            assertTrue(ms < 3500, "4 invocations of 1 s each took " + ms + " ms: they did not run concurrently");
        }
    }

    @Test
    void anAppThatIsGoneGivesAppUnavailableAndTheAdapterKeepsServing() throws Exception {
        TestApp app = TestApp.start();
        int port = app.port();
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

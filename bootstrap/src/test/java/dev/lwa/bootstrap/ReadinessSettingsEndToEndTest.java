package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.lwa.bootstrap.LifecycleEndToEndTest.freePort;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness and start-up settings (lwa-behaviour.md §1, §4), their deprecated aliases, and async
 * init, with a real app whose health answer the test switches. "Not ready" is observed as "no
 * {@code /next} parked": the adapter does not poll until the app is ready. The readiness timeout
 * (D7) is covered by {@link LifecycleEndToEndTest}.
 */
class ReadinessSettingsEndToEndTest {
    /** Long enough for dozens of probes at LWA's 10 ms interval. */
    private static final Duration NOT_READY_WINDOW = Duration.ofMillis(600);
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    private static InvocationResult get(AdapterHarness lwa, String path) {
        return lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", path).bytes()));
    }

    @Test
    void readinessPathIsProbedAndAFailingStatusHoldsPolling() throws Exception {
        try (TestApp app = TestApp.start()) {
            app.healthStatus(503);
            try (AdapterHarness lwa = AdapterHarness.start(app.port(),
                    Map.of("AWS_LWA_READINESS_CHECK_PATH", "/health?deep=1"), 1, false)) {
                assertFalse(lwa.emulator.awaitParkedPollers(1, NOT_READY_WINDOW), "503 is not healthy");
                TestApp.Probe probe = app.takeProbe();
                assertEquals("GET", probe.method());
                assertEquals("/health", probe.rawPath(), "the configured path, its query kept apart");
                assertEquals(503, probe.status());
                assertTrue(app.probeCount() > 2, "the check retries");

                app.healthStatus(200);
                assertTrue(lwa.emulator.awaitParkedPollers(1, READY_WITHIN), "ready once /health says 200");
                assertTrue(get(lwa, "/work").isResponse());
            }
        }
    }

    @Test
    void deprecatedReadinessPathStillWorks() throws Exception {
        try (TestApp app = TestApp.start()) {
            app.healthStatus(500);
            try (AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("READINESS_CHECK_PATH", "/health"), 1, false)) {
                assertFalse(lwa.emulator.awaitParkedPollers(1, NOT_READY_WINDOW));
                assertEquals("/health", app.takeProbe().rawPath());
                app.healthStatus(204);
                assertTrue(lwa.emulator.awaitParkedPollers(1, READY_WITHIN));
            }
        }
    }

    @Test
    void defaultHealthyRangeTakesA404AsReady() throws Exception {
        // LWA's default is 100-499: an app without a route for the readiness path is ready.
        try (TestApp app = TestApp.start()) {
            app.healthStatus(404);
            try (AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_READINESS_CHECK_PATH", "/health"))) {
                assertEquals(404, app.takeProbe().status());
                assertTrue(get(lwa, "/work").isResponse());
            }
        }
    }

    @Test
    void healthyStatusRangeMakesA404NotReady() throws Exception {
        try (TestApp app = TestApp.start()) {
            app.healthStatus(404);
            try (AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_READINESS_CHECK_PATH", "/health",
                    "AWS_LWA_READINESS_CHECK_HEALTHY_STATUS", "200-399"), 1, false)) {
                assertFalse(lwa.emulator.awaitParkedPollers(1, NOT_READY_WINDOW), "404 is outside 200-399");
                assertEquals(404, app.takeProbe().status());
                app.healthStatus(302);
                assertTrue(lwa.emulator.awaitParkedPollers(1, READY_WITHIN), "302 is inside 200-399");
            }
        }
    }

    @Test
    void tcpReadinessNeedsOnlyAListeningPort() throws Exception {
        try (TestApp app = TestApp.start()) {
            app.healthStatus(500);
            try (AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("AWS_LWA_READINESS_CHECK_PROTOCOL", "tcp",
                    "AWS_LWA_READINESS_CHECK_PATH", "/health"))) {
                assertTrue(get(lwa, "/work").isResponse());
                assertEquals(0, app.probeCount(), "a TCP check sends no HTTP request, so /health's 500 does not matter");
            }
        }
    }

    @Test
    void deprecatedTcpProtocolWaitsForTheListener() throws Exception {
        int port = freePort();
        try (AdapterHarness lwa = AdapterHarness.start(port, Map.of("READINESS_CHECK_PROTOCOL", "TCP"), 1, false)) {
            assertFalse(lwa.emulator.awaitParkedPollers(1, NOT_READY_WINDOW), "nothing listens yet");
            try (TestApp app = TestApp.start(port)) {
                assertTrue(lwa.emulator.awaitParkedPollers(1, READY_WITHIN));
                assertTrue(get(lwa, "/work").isResponse());
                assertEquals(0, app.probeCount(), "TCP, case-insensitive, through the deprecated name");
            }
        }
    }

    @Test
    void readinessPortProbesAnotherListenerWhileTrafficGoesToTheAppPort() throws Exception {
        try (TestApp app = TestApp.start(); TestApp health = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(),
                     Map.of("AWS_LWA_READINESS_CHECK_PORT", Integer.toString(health.port())))) {
            assertEquals("/", health.takeProbe().rawPath());
            assertEquals(0, app.probeCount(), "the app port is not probed");
            assertTrue(get(lwa, "/work").isResponse());
            assertEquals("/work", app.take().rawPath());
            assertEquals(0, health.receivedCount(), "traffic does not go to the readiness port");
        }
    }

    @Test
    void deprecatedReadinessPortIsHonouredAndTheNewNameWins() throws Exception {
        int nothing = freePort();
        try (TestApp app = TestApp.start(); TestApp health = TestApp.start()) {
            try (AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("READINESS_CHECK_PORT", Integer.toString(nothing)),
                    1, false)) {
                assertFalse(lwa.emulator.awaitParkedPollers(1, NOT_READY_WINDOW), "READINESS_CHECK_PORT points at nothing");
                try (TestApp late = TestApp.start(nothing)) {
                    assertTrue(lwa.emulator.awaitParkedPollers(1, READY_WITHIN), "ready once that port answers");
                    assertEquals(0, app.probeCount());
                }
            }
            try (AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of(
                    "READINESS_CHECK_PORT", Integer.toString(nothing),
                    "AWS_LWA_READINESS_CHECK_PORT", Integer.toString(health.port())))) {
                assertEquals("/", health.takeProbe().rawPath(), "AWS_LWA_READINESS_CHECK_PORT wins");
            }
        }
    }

    @Test
    void portFallsBackToPortAndAwsLwaPortWins() throws Exception {
        int nothing = freePort();
        try (TestApp app = TestApp.start()) {
            try (AdapterHarness lwa = AdapterHarness.startWithEnv(Map.of("PORT", Integer.toString(app.port())), 1, true)) {
                assertTrue(get(lwa, "/via-port").isResponse());
                assertEquals("/via-port", app.take().rawPath());
            }
            try (AdapterHarness lwa = AdapterHarness.startWithEnv(Map.of("PORT", Integer.toString(nothing),
                    "AWS_LWA_PORT", Integer.toString(app.port())), 1, true)) {
                assertTrue(get(lwa, "/via-aws-lwa-port").isResponse());
                assertEquals("/via-aws-lwa-port", app.take().rawPath());
            }
        }
    }

    @Test
    void asyncInitStartsPollingAsSoonAsALateAppIsReady() throws Exception {
        int port = freePort();
        try (AdapterHarness lwa = AdapterHarness.start(port, Map.of("AWS_LWA_ASYNC_INIT", "true"), 1, false)) {
            // Within the 9.8 s async-init budget the adapter still waits for the app...
            assertFalse(lwa.emulator.awaitParkedPollers(1, Duration.ofMillis(1000)));
            try (TestApp app = TestApp.start(port)) {
                // ...and polls as soon as it answers, not when the budget runs out (well before 9.8 s).
                assertTrue(lwa.emulator.awaitParkedPollers(1, Duration.ofSeconds(5)));
                assertTrue(get(lwa, "/late").isResponse());
                assertEquals("/late", app.take().rawPath());
            }
        }
    }

    @Test
    void asyncInitLetsTheFirstInvocationFinishTheReadinessCheck() throws Exception {
        // The init budget is min(readiness timeout, 9.8 s): after 300 ms init completes with no app...
        int port = freePort();
        try (AdapterHarness lwa = AdapterHarness.start(port,
                Map.of("AWS_LWA_ASYNC_INIT", "true", "AWS_LWA_READINESS_CHECK_TIMEOUT", "300ms"), 1, false)) {
            assertTrue(lwa.emulator.awaitParkedPollers(1, READY_WITHIN), "polling starts without the app");
            assertTrue(lwa.emulator.initError().isEmpty(), "no init error with async init");
            assertFalse(lwa.exit.isDone());

            // ...and the first invocation waits for the app, which comes up while it is in flight.
            CompletableFuture<InvocationResult> first = lwa.emulator.invokeAsync(
                    Invoke.of(TestEvent.functionUrl("GET", "/first").bytes()).timeout(Duration.ofSeconds(8)));
            awaitInFlight(lwa);
            try (TestApp app = TestApp.start(port)) {
                InvocationResult r = first.get(10, TimeUnit.SECONDS);
                assertTrue(r.isResponse(), r::toString);
                assertEquals("/first", app.take().rawPath());
            }
        }
    }

    @Test
    void deprecatedAsyncInitGivesAppNotReadyWhenTheAppMissesTheDeadline() throws Exception {
        int port = freePort();
        try (AdapterHarness lwa = AdapterHarness.start(port,
                Map.of("ASYNC_INIT", "true", "AWS_LWA_READINESS_CHECK_TIMEOUT", "200ms"), 1, false)) {
            assertTrue(lwa.emulator.awaitParkedPollers(1, READY_WITHIN));
            InvocationResult r = lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/nobody").bytes())
                    .timeout(Duration.ofSeconds(2)));
            assertEquals(InvocationResult.Kind.ERROR, r.kind(), "an lwa error before the deadline, not a platform timeout: " + r);
            assertEquals("lwa.AppNotReady", r.errorType().orElseThrow());

            try (TestApp app = TestApp.start(port)) {
                InvocationResult next = get(lwa, "/next");
                assertTrue(next.isResponse(), next::toString);
                assertEquals("/next", app.take().rawPath());
            }
        }
    }

    private static void awaitInFlight(AdapterHarness lwa) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (lwa.emulator.inFlight() == 0) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the adapter did not take the invocation within 5 s");
            }
            Thread.sleep(10);
        }
    }
}

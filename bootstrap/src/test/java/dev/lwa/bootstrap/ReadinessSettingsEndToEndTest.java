package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.runtimeapi.testing.PortReservation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Readiness and start-up settings (docs/behaviour.md, "Settings", "Start-up and readiness"), their
 * deprecated aliases, and async init, with a real app whose health answer the test switches. "Not ready" is observed as "no
 * {@code /next} parked": the adapter does not poll until the app is ready. The readiness timeout
 * (D7) is covered by {@link LifecycleEndToEndTest}. Ports where "nothing listens yet" are
 * {@link PortReservation}s, so nothing else can listen there either.
 */
class ReadinessSettingsEndToEndTest {
    private static final Duration READY_WITHIN = Duration.ofSeconds(10);

    /**
     * Not ready while the app answers its probes with {@code status}: the check goes on probing
     * (once an answer is healthy it stops, so a fourth probe means the three before it were not),
     * and the adapter has not polled. Returns the first probe.
     */
    private static TestApp.Probe assertProbedButNotReady(AdapterHarness lwa, TestApp app, int status, String message)
            throws InterruptedException {
        TestApp.Probe first = app.takeProbe();
        assertEquals(status, first.status());
        for (int i = 0; i < 3; i++) {
            assertEquals(status, app.takeProbe().status(), "the check retries");
        }
        assertEquals(0, lwa.emulator.parkedPollers(), message);
        return first;
    }

    private static InvocationResult get(AdapterHarness lwa, String path) {
        return lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", path).bytes()));
    }

    @Test
    void readinessPathIsProbedAndAFailingStatusHoldsPolling() throws Exception {
        try (TestApp app = TestApp.start()) {
            app.healthStatus(503);
            try (AdapterHarness lwa = AdapterHarness.start(app.port(),
                    Map.of("AWS_LWA_READINESS_CHECK_PATH", "/health?deep=1"), 1, false)) {
                TestApp.Probe probe = assertProbedButNotReady(lwa, app, 503, "503 is not healthy");
                assertEquals("GET", probe.method());
                assertEquals("/health", probe.rawPath(), "the configured path, its query kept apart");

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
                assertEquals("/health", assertProbedButNotReady(lwa, app, 500, "500 is not healthy").rawPath());
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
                assertProbedButNotReady(lwa, app, 404, "404 is outside 200-399");
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
        try (PortReservation late = PortReservation.reserve();
             AdapterHarness lwa = AdapterHarness.start(late.port(), Map.of("READINESS_CHECK_PROTOCOL", "TCP"), 1, false)) {
            lwa.assertNotPollingWhileNothingListens("nothing listens yet");
            try (TestApp app = TestApp.start(late.port())) {
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
        try (PortReservation reserved = PortReservation.reserve(); TestApp app = TestApp.start(); TestApp health = TestApp.start()) {
            int nothing = reserved.port();
            try (AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of("READINESS_CHECK_PORT", Integer.toString(nothing)),
                    1, false)) {
                lwa.assertNotPollingWhileNothingListens("READINESS_CHECK_PORT points at nothing");
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
        try (PortReservation reserved = PortReservation.reserve(); TestApp app = TestApp.start()) {
            int nothing = reserved.port();
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
        long started = System.nanoTime();
        try (PortReservation late = PortReservation.reserve();
             AdapterHarness lwa = AdapterHarness.start(late.port(), Map.of("AWS_LWA_ASYNC_INIT", "true"), 1, false)) {
            // Within the 9.8 s async-init budget the adapter still waits for the app...
            lwa.assertNotPollingWhileNothingListens("polling before the app listens, within the async-init budget");
            try (TestApp app = TestApp.start(late.port())) {
                // ...and polls as soon as it answers, not when the budget runs out: the wait ends
                // a second before the budget would, so only polling on readiness can pass.
                Duration beforeBudgetEnds = Adapter.ASYNC_INIT_BUDGET.minus(Duration.ofNanos(System.nanoTime() - started))
                        .minusSeconds(1);
                assertTrue(beforeBudgetEnds.isPositive(), "too slow to tell readiness from the budget's end");
                assertTrue(lwa.emulator.awaitParkedPollers(1, beforeBudgetEnds));
                assertTrue(get(lwa, "/late").isResponse());
                assertEquals("/late", app.take().rawPath());
            }
        }
    }

    @Test
    void asyncInitLetsTheFirstInvocationFinishTheReadinessCheck() throws Exception {
        // The init budget is min(readiness timeout, 9.8 s): after 300 ms init completes with no app...
        try (PortReservation late = PortReservation.reserve();
             AdapterHarness lwa = AdapterHarness.start(late.port(),
                Map.of("AWS_LWA_ASYNC_INIT", "true", "AWS_LWA_READINESS_CHECK_TIMEOUT", "300ms"), 1, false)) {
            assertTrue(lwa.emulator.awaitParkedPollers(1, READY_WITHIN), "polling starts without the app");
            assertTrue(lwa.emulator.initError().isEmpty(), "no init error with async init");
            assertFalse(lwa.exit.isDone());

            // ...and the first invocation waits for the app, which comes up while it is in flight.
            CompletableFuture<InvocationResult> first = lwa.emulator.invokeAsync(
                    Invoke.of(TestEvent.functionUrl("GET", "/first").bytes()).timeout(Duration.ofSeconds(8)));
            awaitInFlight(lwa);
            try (TestApp app = TestApp.start(late.port())) {
                InvocationResult r = first.get(10, TimeUnit.SECONDS);
                assertTrue(r.isResponse(), r::toString);
                assertEquals("/first", app.take().rawPath());
            }
        }
    }

    @Test
    void deprecatedAsyncInitGivesAppNotReadyWhenTheAppMissesTheDeadline() throws Exception {
        // The adapter sees a 2 s deadline, the emulator enforces 30 s (AdapterHarness.withEarlierDeadlines):
        // lwa's AppNotReady at its deadline does not race the platform's timeout.
        try (PortReservation late = PortReservation.reserve();
             AdapterHarness lwa = AdapterHarness.withEarlierDeadlines(late.port(),
                     Map.of("ASYNC_INIT", "true", "AWS_LWA_READINESS_CHECK_TIMEOUT", "200ms"), false)) {
            assertTrue(lwa.emulator.awaitParkedPollers(1, READY_WITHIN));
            InvocationResult r = get(lwa, "/nobody");
            assertEquals(InvocationResult.Kind.ERROR, r.kind(), "an lwa error before the deadline, not a platform timeout: " + r);
            assertEquals("lwa.AppNotReady", r.errorType().orElseThrow());

            try (TestApp app = TestApp.start(late.port())) {
                InvocationResult next = get(lwa, "/next");
                assertTrue(next.isResponse(), next::toString);
                assertEquals("/next", app.take().rawPath());
            }
        }
    }

    private static void awaitInFlight(AdapterHarness lwa) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (lwa.emulator.inFlight() == 0) {
            if (System.nanoTime() > end) {
                throw new AssertionError("the adapter did not take the invocation within 20 s");
            }
            Thread.sleep(10);
        }
    }
}

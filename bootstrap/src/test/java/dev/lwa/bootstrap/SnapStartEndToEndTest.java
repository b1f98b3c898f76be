package dev.lwa.bootstrap;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.lwa.emulator.ErrorInfo;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.RestoreResult;
import dev.lwa.emulator.RuntimeCall;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SnapStart against the emulator's snapshot (initType snap-start): the hooks, restore/next, the
 * connections dropped at the restore, the readiness check after it, and each failure reported where
 * Lambda expects it, with exit 1. The app records every request with the port it came from.
 */
@Timeout(90)
class SnapStartEndToEndTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String RESTORE_NEXT = "/2018-06-01/runtime/restore/next";
    private static final String INVOCATION_NEXT = "/2018-06-01/runtime/invocation/next";

    /** A request as the app saw it: {@code remotePort} tells connections apart, {@code nanoTime} orders it. */
    record Seen(String method, String path, int remotePort, long nanoTime) {
    }

    /**
     * {@code GET /health}: 200 while {@link #ready}, else 503. {@code POST /before} and {@code POST
     * /after}: the status set for the path (204 and 200 by default). Anything else: 200 "ok".
     */
    static final class HookApp implements AutoCloseable {
        final HttpServer server;
        final List<Seen> seen = new CopyOnWriteArrayList<>();
        final AtomicBoolean ready = new AtomicBoolean(true);
        final Map<String, Integer> status = new ConcurrentHashMap<>(Map.of("/before", 204, "/after", 200));
        /** Counted down when {@code /before} arrives; the answer then waits for {@link #answerBefore}. */
        final CountDownLatch beforeArrived = new CountDownLatch(1);
        volatile CountDownLatch answerBefore = new CountDownLatch(0);
        /** When set, {@code /before} makes the app unready (it will not come back after the restore). */
        volatile boolean unreadyAfterBefore;

        HookApp() throws IOException {
            server = HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 64);
            server.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
            server.createContext("/", this::handle);
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        private void handle(HttpExchange ex) throws IOException {
            try (ex) {
                String path = ex.getRequestURI().getRawPath();
                seen.add(new Seen(ex.getRequestMethod(), path, ex.getRemoteAddress().getPort(), System.nanoTime()));
                ex.getRequestBody().readAllBytes();
                int code;
                if (path.equals("/health")) {
                    code = ready.get() ? 200 : 503;
                } else if (path.equals("/before")) {
                    beforeArrived.countDown();
                    try {
                        answerBefore.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    if (unreadyAfterBefore) {
                        ready.set(false);
                    }
                    code = status.get(path);
                } else {
                    code = status.getOrDefault(path, 200);
                }
                byte[] body = "ok".getBytes();
                if (code == 204) {
                    ex.sendResponseHeaders(204, -1);
                } else {
                    ex.sendResponseHeaders(code, body.length);
                    ex.getResponseBody().write(body);
                }
            }
        }

        /** The requests for {@code method path}, in arrival order. */
        List<Seen> requests(String method, String path) {
            return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).toList();
        }

        @Override
        public void close() {
            answerBefore.countDown();
            server.stop(0);
        }
    }

    private static Map<String, String> hooks(String... extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "AWS_LWA_READINESS_CHECK_PATH", "/health",
                "AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", "/before",
                "AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", "/after"));
        for (int i = 0; i < extra.length; i += 2) {
            settings.put(extra[i], extra[i + 1]);
        }
        return settings;
    }

    private static AdapterHarness start(HookApp app, String initType, Map<String, String> settings) throws Exception {
        return AdapterHarness.builder().appPort(app.port()).settings(settings)
                .emulator(b -> b.initType(initType)).awaitPollers(false).start();
    }

    private static InvocationResult invoke(AdapterHarness lwa, String path) {
        return lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", path).bytes()).timeout(Duration.ofSeconds(30)));
    }

    private static long firstCall(AdapterHarness lwa, String path) {
        return lwa.emulator.runtimeCalls().stream().filter(c -> c.path().equals(path)).mapToLong(RuntimeCall::nanoTime)
                .findFirst().orElseThrow(() -> new AssertionError("no " + path + " call: " + lwa.emulator.runtimeCalls()));
    }

    private static boolean called(AdapterHarness lwa, String path) {
        return lwa.emulator.runtimeCalls().stream().anyMatch(c -> c.path().equals(path));
    }

    private static Seen only(List<Seen> requests) {
        assertEquals(1, requests.size(), requests::toString);
        return requests.getFirst();
    }

    @Test
    void hooksRestoreAndReadinessComeInOrderAndTheAfterHookUsesANewConnection() throws Exception {
        try (HookApp app = new HookApp(); AdapterHarness lwa = start(app, "snap-start", hooks())) {
            assertTrue(lwa.emulator.awaitCheckpoint(WAIT), "the adapter did not reach the checkpoint");
            Seen before = only(app.requests("POST", "/before"));
            assertTrue(app.requests("POST", "/after").isEmpty(), "after-restore hook before the restore");
            int probesBefore = app.requests("GET", "/health").size();
            assertTrue(probesBefore >= 1);
            assertFalse(called(lwa, INVOCATION_NEXT), "invocation/next before the restore");

            RestoreResult restored = lwa.emulator.restore();
            assertInstanceOf(RestoreResult.Restored.class, restored, restored::toString);
            InvocationResult served = invoke(lwa, "/hello");
            assertTrue(served.isResponse(), served::toString);

            Seen after = only(app.requests("POST", "/after"));
            List<Seen> probes = app.requests("GET", "/health");
            assertTrue(probes.size() > probesBefore, "no readiness check after the restore");
            Seen probeAfter = probes.get(probesBefore);
            Seen invocation = only(app.requests("GET", "/hello"));
            long restoreNext = firstCall(lwa, RESTORE_NEXT);
            long invocationNext = firstCall(lwa, INVOCATION_NEXT);

            assertTrue(probes.get(probesBefore - 1).nanoTime() < before.nanoTime(), "the app was ready before the hook");
            assertTrue(before.nanoTime() < restoreNext, "before-checkpoint hook, then restore/next");
            assertTrue(restoreNext < after.nanoTime(), "restore/next, then the after-restore hook");
            assertTrue(after.nanoTime() < probeAfter.nanoTime(), "after-restore hook, then readiness");
            assertTrue(probeAfter.nanoTime() < invocationNext, "readiness, then invocation/next");
            assertTrue(invocationNext < invocation.nanoTime(), "invocation/next, then the invocation");
            assertNotEquals(before.remotePort(), after.remotePort(), "the connection from before the snapshot was reused");
            assertEquals(after.remotePort(), invocation.remotePort(), "connections opened after the restore are reused");
            assertEquals(0, lwa.shutdown());
        }
    }

    @Test
    void withoutSnapStartThereIsNoRestoreAndNoHook() throws Exception {
        for (String initType : List.of("on-demand", "provisioned-concurrency")) {
            try (HookApp app = new HookApp(); AdapterHarness lwa = start(app, initType, hooks())) {
                assertTrue(lwa.emulator.awaitParkedPollers(1, WAIT), initType + ": not polling");
                assertTrue(invoke(lwa, "/hello").isResponse(), initType);
                assertFalse(called(lwa, RESTORE_NEXT), initType + ": " + lwa.emulator.runtimeCalls());
                assertTrue(app.requests("POST", "/before").isEmpty() && app.requests("POST", "/after").isEmpty(),
                        initType + ": a hook was called: " + app.seen);
                assertEquals(0, lwa.shutdown(), initType);
            }
        }
    }

    @Test
    void aFailingBeforeHookIsAnInitErrorAndExit1() throws Exception {
        try (HookApp app = new HookApp()) {
            app.status.put("/before", 500);
            try (AdapterHarness lwa = start(app, "snap-start", hooks())) {
                assertEquals(1, lwa.exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                ErrorInfo error = lwa.emulator.initError().orElseThrow(() -> new AssertionError("no init error"));
                assertEquals("Runtime.BeforeCheckpointError", error.errorType());
                assertTrue(error.bodyAsString().contains("POST /before") && error.bodyAsString().contains("500"),
                        error.bodyAsString());
                assertFalse(called(lwa, RESTORE_NEXT), "restore/next after a failed before-checkpoint hook");
            }
        }
    }

    @Test
    void aBeforeHookNobodyListensForIsAnInitErrorAndExit1() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        // readiness looks at the app; the hook goes to AWS_LWA_PORT, where nothing listens
        try (HookApp app = new HookApp();
             AdapterHarness lwa = start(app, "snap-start", hooks("AWS_LWA_PORT", Integer.toString(closedPort),
                     "AWS_LWA_READINESS_CHECK_PORT", Integer.toString(app.port())))) {
            assertEquals(1, lwa.exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            ErrorInfo error = lwa.emulator.initError().orElseThrow(() -> new AssertionError("no init error"));
            assertEquals("Runtime.BeforeCheckpointError", error.errorType());
            String body = error.bodyAsString();
            assertTrue(body.contains("POST /before") && body.contains(Integer.toString(closedPort)) && body.contains("refused"), body);
        }
    }

    /**
     * The status decides: a hook that sends 200 and never finishes its body held the snapshot until
     * Lambda's init limit (before) or took the restore's whole 9 s budget (after).
     */
    @Test
    void hooksThatNeverFinishTheirBodyHoldNeitherTheSnapshotNorTheRestore() throws Exception {
        try (RawSocketApp app = RawSocketApp.start();
             AdapterHarness lwa = AdapterHarness.builder().appPort(app.port()).settings(Map.of(
                             "AWS_LWA_READINESS_CHECK_PROTOCOL", "tcp",
                             "AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", "/stall-body",
                             "AWS_LWA_SNAPSTART_AFTER_RESTORE_PATH", "/stall-body"))
                     .emulator(b -> b.initType("snap-start")).awaitPollers(false).start()) {
            assertTrue(lwa.emulator.awaitCheckpoint(WAIT), "the before-checkpoint hook held the snapshot");
            RestoreResult restored = lwa.emulator.restore();
            RestoreResult.Restored ok = assertInstanceOf(RestoreResult.Restored.class, restored, restored::toString);
            assertTrue(ok.took().compareTo(Duration.ofSeconds(8)) < 0, "the after-restore hook took the restore's budget: " + ok);
            assertEquals(0, lwa.shutdown());
        }
    }

    @Test
    void aFailingAfterHookIsARestoreErrorAndExit1() throws Exception {
        try (HookApp app = new HookApp()) {
            app.status.put("/after", 500);
            try (AdapterHarness lwa = start(app, "snap-start", hooks())) {
                assertTrue(lwa.emulator.awaitCheckpoint(WAIT));
                RestoreResult result = lwa.emulator.restore();
                RestoreResult.Failed failed = assertInstanceOf(RestoreResult.Failed.class, result, result::toString);
                assertEquals("Runtime.AfterRestoreError", failed.error().errorType());
                assertTrue(failed.error().bodyAsString().contains("POST /after") && failed.error().bodyAsString().contains("500"),
                        failed.error().bodyAsString());
                assertEquals(1, lwa.exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                assertFalse(called(lwa, INVOCATION_NEXT));
            }
        }
    }

    @Test
    void anAppNotReadyAfterTheRestoreIsARestoreErrorAndExit1() throws Exception {
        try (HookApp app = new HookApp()) {
            app.unreadyAfterBefore = true;
            try (AdapterHarness lwa = start(app, "snap-start", Map.of(
                    "AWS_LWA_READINESS_CHECK_PATH", "/health",
                    "AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", "/before",
                    "AWS_LWA_READINESS_CHECK_TIMEOUT", "1s"))) {
                assertTrue(lwa.emulator.awaitCheckpoint(WAIT));
                RestoreResult result = lwa.emulator.restore();
                RestoreResult.Failed failed = assertInstanceOf(RestoreResult.Failed.class, result, result::toString);
                assertEquals("Runtime.AfterRestoreError", failed.error().errorType());
                assertTrue(failed.error().bodyAsString().contains("after the restore")
                        && failed.error().bodyAsString().contains("503"), failed.error().bodyAsString());
                assertEquals(1, lwa.exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
        }
    }

    @Test
    void anAppNotReadyAfterTheRestoreIsReportedBeforeLambdasRestoreLimit() throws Exception {
        // No readiness timeout: lwa ends the wait 9 s after the restore, so its diagnosis reaches
        // Lambda before Lambda's own 10 s limit does (the emulator's restore timeout is that limit).
        try (HookApp app = new HookApp()) {
            app.unreadyAfterBefore = true;
            try (AdapterHarness lwa = start(app, "snap-start", Map.of(
                    "AWS_LWA_READINESS_CHECK_PATH", "/health",
                    "AWS_LWA_SNAPSTART_BEFORE_CHECKPOINT_PATH", "/before"))) {
                assertTrue(lwa.emulator.awaitCheckpoint(WAIT));
                RestoreResult result = lwa.emulator.restore();
                RestoreResult.Failed failed = assertInstanceOf(RestoreResult.Failed.class, result,
                        () -> "lwa's report, not Lambda's timeout: " + result);
                assertEquals("Runtime.AfterRestoreError", failed.error().errorType());
                assertTrue(failed.error().bodyAsString().contains("after the restore"), failed.error().bodyAsString());
                assertEquals(1, lwa.exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            }
        }
    }

    /**
     * With async init, an on-demand adapter stops waiting for the app after the readiness timeout
     * (when shorter than 9.8 s) and goes on. Under SnapStart it must not reach the snapshot with an
     * app that is not ready: async init is ignored, so the timeout is an init error instead.
     */
    @Test
    void asyncInitIsIgnoredUnderSnapStart() throws Exception {
        try (HookApp app = new HookApp()) {
            app.ready.set(false);
            try (AdapterHarness lwa = start(app, "snap-start", hooks(
                    "AWS_LWA_ASYNC_INIT", "true", "AWS_LWA_READINESS_CHECK_TIMEOUT", "1s"))) {
                assertEquals(1, lwa.exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                assertEquals(Optional.of("lwa.AppNotReady"), lwa.emulator.initError().map(ErrorInfo::errorType));
                assertFalse(called(lwa, RESTORE_NEXT), "restore/next with an app that was never ready");
                assertTrue(app.requests("POST", "/before").isEmpty());
            }
        }
    }

    @Test
    void sigtermWhileWaitingForTheRestoreStopsCleanly() throws Exception {
        try (dev.lwa.bootstrap.logging.LogCapture log = dev.lwa.bootstrap.logging.LogCapture.start(false);
             HookApp app = new HookApp(); AdapterHarness lwa = start(app, "snap-start", hooks())) {
            assertTrue(lwa.emulator.awaitCheckpoint(WAIT));
            Thread.ofVirtual().start(lwa.adapter::terminate);
            assertEquals(0, lwa.exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
            assertEquals(Optional.empty(), lwa.emulator.initError());
            assertTrue(log.lines().stream().anyMatch(l -> l.contains("stopping (SIGTERM) while in SnapStart's checkpoint or restore")),
                    () -> "the stop is logged: " + log.lines());
        }
    }

    @Test
    void sigtermDuringTheBeforeHookStopsCleanly() throws Exception {
        try (HookApp app = new HookApp()) {
            app.answerBefore = new CountDownLatch(1); // the hook hangs until the app closes
            try (AdapterHarness lwa = start(app, "snap-start", hooks())) {
                assertTrue(app.beforeArrived.await(WAIT.toSeconds(), TimeUnit.SECONDS));
                Thread.ofVirtual().start(lwa.adapter::terminate);
                assertEquals(0, lwa.exit.get(WAIT.toSeconds(), TimeUnit.SECONDS));
                assertEquals(Optional.empty(), lwa.emulator.initError());
                assertFalse(called(lwa, RESTORE_NEXT));
            }
        }
    }
}

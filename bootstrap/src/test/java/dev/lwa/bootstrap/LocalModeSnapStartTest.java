package dev.lwa.bootstrap;

import dev.lwa.bootstrap.local.LocalSnapStart;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.RuntimeCall;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code ./lwa local --snapstart}'s lifecycle ({@link LocalSnapStart}): with the real adapter and app,
 * and with hand-driven runtimes for the restore's outcomes.
 */
class LocalModeSnapStartTest {

    static final String RESTORE_NEXT = "/2018-06-01/runtime/restore/next";
    static final Duration WAIT = Duration.ofSeconds(60);
    // HTTP/1.1: while an h2c upgrade is pending the JDK client holds back other requests to the host
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void withTheRealAdapterTheLifecycleRunsAndLocalModeGoesOnServing() throws Exception {
        try (TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.builder().appPort(app.port()).awaitPollers(false)
                     .emulator(b -> b.initType("snap-start")).start()) {
            List<String> lines = new CopyOnWriteArrayList<>();
            LocalSnapStart.Outcome outcome = LocalSnapStart.run(lwa.emulator, WAIT, System.nanoTime(), lines::add);
            // lwa takes part: checkpoint, restore, one line each
            assertTrue(lwa.emulator.runtimeCalls().stream().map(RuntimeCall::path).anyMatch(RESTORE_NEXT::equals),
                    "the adapter waited in restore/next");
            assertInstanceOf(LocalSnapStart.Outcome.Restored.class, outcome, lines::toString);
            assertTrue(lines.get(0).matches("SnapStart: checkpoint reached after \\d+ ms"), lines::toString);
            assertTrue(lines.get(1).matches("SnapStart: restored in \\d+ ms"), lines::toString);
            assertEquals(0, outcome.exitCode());
            assertTrue(lwa.invoke(LifecycleEndToEndTest.event("/after-restore")).isResponse(), "serving as usual");
            assertEquals("/after-restore", app.take().rawPath());
        }
    }

    @Test
    void aRuntimeThatRestoresIsReportedWithItsTimes() throws Exception {
        try (LambdaEmulator emu = LambdaEmulator.builder().initType("snap-start").start()) {
            long started = System.nanoTime();
            CompletableFuture<HttpResponse<String>> restoreNext = get(emu, RESTORE_NEXT);
            restoreNext.thenCompose(answered -> get(emu, "/2018-06-01/runtime/invocation/next"));
            List<String> lines = new CopyOnWriteArrayList<>();
            LocalSnapStart.Outcome outcome = LocalSnapStart.run(emu, WAIT, started, lines::add);
            assertInstanceOf(LocalSnapStart.Outcome.Restored.class, outcome, lines::toString);
            assertEquals(2, lines.size(), lines::toString);
            assertTrue(lines.get(0).matches("SnapStart: checkpoint reached after \\d+ ms"), lines::toString);
            assertTrue(lines.get(1).matches("SnapStart: restored in \\d+ ms"), lines::toString);
        }
    }

    @Test
    void aFailedRestoreIsReportedWithItsTypeAndMessageAndEndsLocalMode() throws Exception {
        try (LambdaEmulator emu = LambdaEmulator.builder().initType("snap-start").start()) {
            CompletableFuture<HttpResponse<String>> restoreNext = get(emu, RESTORE_NEXT);
            restoreNext.thenCompose(answered -> http.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://" + emu.runtimeApi() + "/2018-06-01/runtime/restore/error"))
                    .header("Lambda-Runtime-Function-Error-Type", "Runtime.AfterRestoreError")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"errorMessage\":\"database unreachable\",\"errorType\":\"x\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString()));
            List<String> lines = new CopyOnWriteArrayList<>();
            LocalSnapStart.Outcome outcome = LocalSnapStart.run(emu, WAIT, System.nanoTime(), lines::add);
            assertEquals(1, outcome.exitCode());
            assertEquals("SnapStart: restore failed: Runtime.AfterRestoreError: database unreachable", lines.getLast(),
                    lines::toString);
        }
    }

    @Test
    void aRestoreThatTimesOutEndsLocalMode() throws Exception {
        try (LambdaEmulator emu = LambdaEmulator.builder().initType("snap-start").restoreTimeout(Duration.ofMillis(200)).start()) {
            CompletableFuture<HttpResponse<String>> restoreNext = get(emu, RESTORE_NEXT); // and never an invocation/next
            List<String> lines = new CopyOnWriteArrayList<>();
            LocalSnapStart.Outcome outcome = LocalSnapStart.run(emu, WAIT, System.nanoTime(), lines::add);
            assertEquals(1, outcome.exitCode());
            assertTrue(lines.getLast().startsWith("SnapStart: restore failed: Runtime.RestoreHookUserTimeout"), lines::toString);
            assertEquals(200, restoreNext.get(30, TimeUnit.SECONDS).statusCode());
        }
    }

    private CompletableFuture<HttpResponse<String>> get(LambdaEmulator emu, String path) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create("http://" + emu.runtimeApi() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

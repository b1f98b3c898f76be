package dev.lwa.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SnapStart: the restore routes, the runtime's state machine, the checkpoint barrier and restore(). */
class SnapStartTest {

    static final String RESTORE_NEXT = "/2018-06-01/runtime/restore/next";
    static final String RESTORE_ERROR = "/2018-06-01/runtime/restore/error";
    static final String INVOCATION_NEXT = "/2018-06-01/runtime/invocation/next";
    static final Duration WAIT = Duration.ofSeconds(30);

    LambdaEmulator emu;
    FakeRuntime runtime;

    LambdaEmulator start(LambdaEmulator.Builder builder) throws Exception {
        emu = builder.start();
        runtime = new FakeRuntime(emu);
        return emu;
    }

    LambdaEmulator snapStart() throws Exception {
        return start(LambdaEmulator.builder().initType("snap-start"));
    }

    @AfterEach
    void stop() {
        if (emu != null) {
            emu.close();
        }
    }

    CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return runtime.client.sendAsync(HttpRequest.newBuilder(URI.create(runtime.base + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    CompletableFuture<HttpResponse<String>> postAsync(String path, String body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(runtime.base + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return runtime.client.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static void assertInvalidStateTransition(HttpResponse<String> response) {
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"errorType\":\"InvalidStateTransition\""), response.body());
    }

    @Test
    void withoutSnapStartTheRestoreRoutesDoNotExist() throws Exception {
        start(LambdaEmulator.builder());
        assertEquals("on-demand", emu.runtimeEnvironment().get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        assertEquals(404, runtime.get(RESTORE_NEXT).statusCode());
        assertEquals(404, runtime.post(RESTORE_ERROR, new byte[0], Map.of()).statusCode());
        assertEquals(404, runtime.post(RESTORE_NEXT, new byte[0], Map.of()).statusCode(), "missing, whatever the method");
        assertThrows(IllegalStateException.class, () -> emu.awaitCheckpoint(Duration.ofSeconds(1)));
        assertThrows(IllegalStateException.class, emu::restore);
        assertEquals(List.of("GET " + RESTORE_NEXT, "POST " + RESTORE_ERROR, "POST " + RESTORE_NEXT),
                emu.runtimeCalls().stream().map(c -> c.method() + " " + c.path()).toList(), "refused calls are recorded too");
    }

    @Test
    void theInitializationTypeIsExported() throws Exception {
        snapStart();
        assertEquals("snap-start", emu.runtimeEnvironment().get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        try (LambdaEmulator provisioned = LambdaEmulator.builder().initType("provisioned-concurrency").start()) {
            assertEquals("provisioned-concurrency", provisioned.runtimeEnvironment().get("AWS_LAMBDA_INITIALIZATION_TYPE"));
        }
    }

    @Test
    void invocationsWaitForTheRestoreAndTheRuntimeCallsAreRecordedInOrder() throws Exception {
        snapStart();
        CompletableFuture<InvocationResult> early = emu.invokeAsync(Invoke.of("{\"early\":true}"));
        CompletableFuture<HttpResponse<String>> restoreNext = getAsync(RESTORE_NEXT);
        assertTrue(emu.awaitCheckpoint(WAIT));
        assertFalse(restoreNext.isDone(), "restore/next is held while the environment is snapshotted");
        assertEquals(1, emu.queued(), "nothing is delivered before the restore");

        // the runtime, as a SnapStart runtime does: after restore/next answers, run hooks, then ask for work
        CompletableFuture<HttpResponse<byte[]>> next = restoreNext.thenCompose(answered -> runtime.nextAsync());
        RestoreResult restored = emu.restore();
        Duration took = assertInstanceOf(RestoreResult.Restored.class, restored).took();
        assertFalse(took.isNegative());
        HttpResponse<String> restoreAnswer = restoreNext.get(30, TimeUnit.SECONDS);
        assertEquals(200, restoreAnswer.statusCode());
        assertEquals("", restoreAnswer.body());

        FakeRuntime.Event event = FakeRuntime.delivered(next.get(30, TimeUnit.SECONDS));
        assertEquals("{\"early\":true}", event.body());
        assertEquals(202, runtime.respond(event.requestId(), "\"late but fine\"").statusCode());
        assertEquals("\"late but fine\"", early.get(30, TimeUnit.SECONDS).bodyAsString());
        assertTrue(emu.restoreError().isEmpty());
        assertTrue(emu.awaitCheckpoint(Duration.ZERO), "the environment stays one that was snapshotted");

        List<RuntimeCall> calls = emu.runtimeCalls();
        assertEquals(List.of("GET " + RESTORE_NEXT, "GET " + INVOCATION_NEXT,
                        "POST /2018-06-01/runtime/invocation/" + event.requestId() + "/response"),
                calls.stream().map(c -> c.method() + " " + c.path()).toList());
        assertTrue(calls.get(0).nanoTime() <= calls.get(1).nanoTime() && calls.get(1).nanoTime() <= calls.get(2).nanoTime());
    }

    @Test
    void theBarrierWaitsForTheRuntimeAndEveryExtension() throws Exception {
        snapStart();
        ExtensionClient extension = ExtensionClient.register(emu, "watcher", "[\"INVOKE\",\"SHUTDOWN\"]");
        CompletableFuture<HttpResponse<String>> restoreNext = getAsync(RESTORE_NEXT);
        // the runtime is parked, the extension has not asked for an event yet: no checkpoint
        assertFalse(emu.awaitCheckpoint(Duration.ofMillis(300)));

        CompletableFuture<HttpResponse<String>> extensionNext = extension.nextAsync();
        assertTrue(emu.awaitCheckpoint(WAIT), "runtime in restore/next and the extension in event/next");
        assertFalse(restoreNext.isDone());

        CompletableFuture<HttpResponse<byte[]>> next = restoreNext.thenCompose(answered -> runtime.nextAsync());
        assertInstanceOf(RestoreResult.Restored.class, emu.restore());
        assertFalse(extensionNext.isDone(), "no RESTORE event: the extension's event/next stays blocked across the restore");

        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = FakeRuntime.delivered(next.get(30, TimeUnit.SECONDS));
        HttpResponse<String> invokeEvent = extensionNext.get(30, TimeUnit.SECONDS);
        assertTrue(invokeEvent.body().contains("\"eventType\":\"INVOKE\""), invokeEvent.body());
        runtime.respond(event.requestId(), "{}");
        assertEquals(InvocationResult.Kind.RESPONSE, result.get(30, TimeUnit.SECONDS).kind());
    }

    @Test
    void theBarrierAlsoWaitsForTheRuntime() throws Exception {
        snapStart();
        ExtensionClient extension = ExtensionClient.register(emu, "watcher", "[]");
        extension.nextAsync();
        assertFalse(emu.awaitCheckpoint(Duration.ofMillis(300)), "the extension alone is no checkpoint");
        getAsync(RESTORE_NEXT);
        assertTrue(emu.awaitCheckpoint(WAIT));
    }

    @Test
    void callsInTheWrongStateAreInvalidStateTransitions() throws Exception {
        snapStart();
        assertThrows(IllegalStateException.class, emu::restore, "not snapshotted yet");
        assertInvalidStateTransition(runtime.post(RESTORE_ERROR, "{}".getBytes(StandardCharsets.UTF_8), Map.of()));

        CompletableFuture<HttpResponse<String>> restoreNext = getAsync(RESTORE_NEXT);
        assertTrue(emu.awaitCheckpoint(WAIT));
        assertInvalidStateTransition(runtime.get(INVOCATION_NEXT));
        assertInvalidStateTransition(runtime.get(RESTORE_NEXT));
        assertFalse(restoreNext.isDone());

        CompletableFuture<HttpResponse<byte[]>> next = restoreNext.thenCompose(answered -> runtime.nextAsync());
        assertInstanceOf(RestoreResult.Restored.class, emu.restore());
        assertThrows(IllegalStateException.class, emu::restore, "restored already");
        assertInvalidStateTransition(runtime.get(RESTORE_NEXT));
        assertInvalidStateTransition(runtime.post(RESTORE_ERROR, "{}".getBytes(StandardCharsets.UTF_8), Map.of()));
        emu.invokeAsync(Invoke.of("{}"));
        assertEquals(200, next.get(30, TimeUnit.SECONDS).statusCode());
    }

    @Test
    void aRestoreErrorFailsTheRestoreAndTheWaitingInvocations() throws Exception {
        snapStart();
        CompletableFuture<InvocationResult> waiting = emu.invokeAsync(Invoke.of("{}"));
        CompletableFuture<HttpResponse<String>> restoreNext = getAsync(RESTORE_NEXT);
        assertTrue(emu.awaitCheckpoint(WAIT));
        CompletableFuture<HttpResponse<String>> posted = restoreNext.thenCompose(answered -> postAsync(RESTORE_ERROR,
                "{\"errorMessage\":\"cannot reconnect\",\"errorType\":\"java.io.IOException\"}",
                Map.of("Lambda-Runtime-Function-Error-Type", "Runtime.AfterRestoreError")));

        ErrorInfo error = assertInstanceOf(RestoreResult.Failed.class, emu.restore()).error();
        assertEquals("Runtime.AfterRestoreError", error.errorType());
        assertTrue(error.bodyAsString().contains("cannot reconnect"));
        HttpResponse<String> accepted = posted.get(30, TimeUnit.SECONDS);
        assertEquals(202, accepted.statusCode());
        assertEquals("{\"status\":\"OK\"}", accepted.body());
        assertEquals(error, emu.restoreError().orElseThrow());

        InvocationResult failed = waiting.get(30, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.ERROR, failed.kind());
        assertEquals("Runtime.AfterRestoreError", failed.errorType().orElseThrow());
        assertEquals("Runtime.AfterRestoreError", emu.invoke("{}".getBytes(StandardCharsets.UTF_8)).errorType().orElseThrow(),
                "a later invocation fails the same way");
        assertInvalidStateTransition(runtime.get(INVOCATION_NEXT));
    }

    @Test
    void anInitErrorWhileRestoringIsARestoreErrorAndAnOddTypeBecomesRuntimeUnknown() throws Exception {
        snapStart();
        CompletableFuture<HttpResponse<String>> restoreNext = getAsync(RESTORE_NEXT);
        assertTrue(emu.awaitCheckpoint(WAIT));
        CompletableFuture<HttpResponse<String>> posted = restoreNext.thenCompose(answered -> postAsync(
                "/2018-06-01/runtime/init/error", "{\"errorMessage\":\"x\"}",
                Map.of("Lambda-Runtime-Function-Error-Type", "NotALambdaType")));
        ErrorInfo error = assertInstanceOf(RestoreResult.Failed.class, emu.restore()).error();
        assertEquals("Runtime.Unknown", error.errorType());
        assertEquals(202, posted.get(30, TimeUnit.SECONDS).statusCode());
        assertTrue(emu.initError().isEmpty(), "it ended the restore; init had ended before");
    }

    @Test
    void aRuntimeThatNeverAsksForWorkTimesOut() throws Exception {
        start(LambdaEmulator.builder().initType("snap-start").restoreTimeout(Duration.ofMillis(300)));
        CompletableFuture<InvocationResult> waiting = emu.invokeAsync(Invoke.of("{}"));
        CompletableFuture<HttpResponse<String>> restoreNext = getAsync(RESTORE_NEXT);
        assertTrue(emu.awaitCheckpoint(WAIT));
        RestoreResult result = emu.restore();
        assertEquals(new RestoreResult.TimedOut(Duration.ofMillis(300)), result);
        assertEquals(200, restoreNext.get(30, TimeUnit.SECONDS).statusCode());
        assertEquals("Runtime.RestoreHookUserTimeout", waiting.get(30, TimeUnit.SECONDS).errorType().orElseThrow());
        assertTrue(emu.restoreError().isEmpty(), "the runtime posted nothing");
        assertInvalidStateTransition(runtime.get(INVOCATION_NEXT));
    }

    @Test
    void aRuntimeThatSkipsRestoreNextIsServedAndTheBarrierGivesUpAtOnce() throws Exception {
        snapStart();
        CompletableFuture<HttpResponse<byte[]>> next = runtime.nextAsync();
        assertTrue(emu.awaitParkedPollers(1, WAIT));
        long start = System.nanoTime();
        assertFalse(emu.awaitCheckpoint(Duration.ofMinutes(5)), "it will never reach a checkpoint");
        assertTrue(System.nanoTime() - start < Duration.ofMinutes(1).toNanos(), "and the barrier knows it");
        assertThrows(IllegalStateException.class, emu::restore);
        assertInvalidStateTransition(runtime.get(RESTORE_NEXT));

        CompletableFuture<InvocationResult> result = emu.invokeAsync(Invoke.of("{}"));
        FakeRuntime.Event event = FakeRuntime.delivered(next.get(30, TimeUnit.SECONDS));
        runtime.respond(event.requestId(), "1");
        assertEquals("1", result.get(30, TimeUnit.SECONDS).bodyAsString());
    }

    @Test
    void closingEndsAHeldRestoreNext() throws Exception {
        snapStart();
        CompletableFuture<HttpResponse<String>> restoreNext = getAsync(RESTORE_NEXT);
        assertTrue(emu.awaitCheckpoint(WAIT));
        emu.close();
        // a 500, or the connection closed under it while the server stops: either way the call ends
        assertTrue(restoreNext.handle((answer, failure) -> failure != null || answer.statusCode() == 500)
                .get(30, TimeUnit.SECONDS));
    }
}

package dev.lwa.emulator;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Concurrency &gt; 1: several /next parked, several invocations in flight, answers routed by id. */
class ManagedInstancesTest {

    LambdaEmulator emu;
    FakeRuntime runtime;

    @BeforeEach
    void start() throws Exception {
        emu = LambdaEmulator.builder().concurrency(3).start();
        runtime = new FakeRuntime(emu);
    }

    @AfterEach
    void stop() {
        emu.close();
    }

    @Test
    void environmentAnnouncesTheConcurrency() {
        assertEquals("3", emu.runtimeEnvironment().get("AWS_LAMBDA_MAX_CONCURRENCY"));
        assertEquals("lambda-managed-instances", emu.runtimeEnvironment().get("AWS_LAMBDA_INITIALIZATION_TYPE"));
    }

    @Test
    void largeEventsComeChunkedInPiecesAsManagedInstancesCopyThem() throws Exception {
        byte[] event = RuntimeApiTest.jsonOfLength(100_000);
        emu.invokeAsync(Invoke.of(event));
        try (RawHttp raw = new RawHttp(emu.port())) {
            raw.send("GET", "/2018-06-01/runtime/invocation/next", Map.of(), new byte[0]);
            RawHttp.Reply reply = raw.read();
            assertEquals("chunked", reply.headers().get("transfer-encoding"));
            assertEquals(List.of(32768, 32768, 32768, 1696), reply.chunks());
            assertArrayEquals(event, reply.body());
        }
    }

    @Test
    void answersAreRoutedByRequestIdInAnyOrder() throws Exception {
        List<CompletableFuture<HttpResponse<byte[]>>> polls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            polls.add(runtime.nextAsync());
        }
        assertTrue(emu.awaitParkedPollers(3, Duration.ofSeconds(5)));
        List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            results.add(emu.invokeAsync(Invoke.of("\"" + i + "\"").requestId("id-" + i)));
        }
        for (CompletableFuture<HttpResponse<byte[]>> poll : polls) {
            assertEquals(200, poll.get(5, TimeUnit.SECONDS).statusCode());
        }
        assertEquals(3, emu.inFlight());
        // answer in reverse order, each with its own body
        for (int i = 2; i >= 0; i--) {
            assertEquals(202, runtime.respond("id-" + i, "\"answer-" + i + "\"").statusCode());
        }
        for (int i = 0; i < 3; i++) {
            InvocationResult r = results.get(i).get(5, TimeUnit.SECONDS);
            assertEquals("id-" + i, r.requestId());
            assertEquals("\"answer-" + i + "\"", r.bodyAsString());
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void atMostConcurrencyInvocationsAreInFlightEvenWithMorePollers() throws Exception {
        // a Node RIC 4 style runtime may park more /next calls than the concurrency; they queue
        List<CompletableFuture<HttpResponse<byte[]>>> polls = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            polls.add(runtime.nextAsync());
        }
        assertTrue(emu.awaitParkedPollers(5, Duration.ofSeconds(5)));
        List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(emu.invokeAsync(Invoke.of("{}")));
        }
        assertEquals(3, emu.inFlight());
        assertEquals(1, emu.queued(), "the fourth waits for a free slot, not for a poller");
        assertEquals(2, emu.parkedPollers());

        // whichever poller got the first invocation (pollers are served in arrival order at the server)
        HttpResponse<byte[]> delivered = (HttpResponse<byte[]>) CompletableFuture.anyOf(polls.toArray(CompletableFuture[]::new))
                .get(5, TimeUnit.SECONDS);
        String id = delivered.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow();
        runtime.respond(id, "{}");
        InvocationResult answered = CompletableFuture.anyOf(results.toArray(CompletableFuture[]::new))
                .thenApply(InvocationResult.class::cast).get(5, TimeUnit.SECONDS);
        assertEquals(id, answered.requestId());
        assertEquals(0, emu.queued());
        assertEquals(3, emu.inFlight());
        assertEquals(1, emu.parkedPollers());
    }

    @Test
    void aTimedOutInvocationFreesItsSlotWhileOthersCarryOn() throws Exception {
        CompletableFuture<HttpResponse<byte[]>> poll1 = runtime.nextAsync();
        CompletableFuture<HttpResponse<byte[]>> poll2 = runtime.nextAsync();
        assertTrue(emu.awaitParkedPollers(2, Duration.ofSeconds(5)));
        CompletableFuture<InvocationResult> slow = emu.invokeAsync(Invoke.of("{}").requestId("slow").timeout(Duration.ofMillis(300)));
        CompletableFuture<InvocationResult> fast = emu.invokeAsync(Invoke.of("{}").requestId("fast"));
        poll1.get(5, TimeUnit.SECONDS);
        poll2.get(5, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.TIMEOUT, slow.get(5, TimeUnit.SECONDS).kind());
        assertFalse(fast.isDone());
        assertEquals(410, runtime.respond("slow", "{}").statusCode());
        assertEquals(202, runtime.respond("fast", "{}").statusCode());
        assertEquals(InvocationResult.Kind.RESPONSE, fast.get(5, TimeUnit.SECONDS).kind());
    }

    @Test
    void aRequestIdInUseCannotBeSubmittedTwice() {
        emu.invokeAsync(Invoke.of("{}").requestId("dup"));
        CompletableFuture<InvocationResult> second = emu.invokeAsync(Invoke.of("{}").requestId("dup"));
        assertTrue(second.isCompletedExceptionally());
    }

    @Test
    @SuppressWarnings("unchecked")
    void hundredsOfParkedPollsDoNotStarveTheServer() throws Exception {
        // each parked /next holds a handler thread; Jetty's default cap (200) must not apply
        List<CompletableFuture<HttpResponse<byte[]>>> polls = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            polls.add(runtime.nextAsync());
        }
        assertTrue(emu.awaitParkedPollers(300, Duration.ofSeconds(30)), () -> "parked: " + emu.parkedPollers());
        assertEquals(200, runtime.get("/2018-06-01/ping").statusCode());
        CompletableFuture<InvocationResult> invocation = emu.invokeAsync(Invoke.of("{}"));
        HttpResponse<byte[]> delivered = (HttpResponse<byte[]>) CompletableFuture.anyOf(polls.toArray(CompletableFuture[]::new))
                .get(5, TimeUnit.SECONDS);
        runtime.respond(delivered.headers().firstValue("Lambda-Runtime-Aws-Request-Id").orElseThrow(), "{}");
        assertEquals(InvocationResult.Kind.RESPONSE, invocation.get(5, TimeUnit.SECONDS).kind());
    }
}

package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SHUTDOWN or SIGTERM loses nothing: no new {@code /next} after the signal, what is in flight (or
 * arrives on a {@code /next} that was already waiting) is served while the drain window lasts, and
 * whatever is still running when it ends is answered {@code lwa.Shutdown} before the adapter exits.
 */
@Timeout(60)
class ShutdownEndToEndTest {

    private static Invoke get(String path) {
        return Invoke.of(TestEvent.functionUrl("GET", path).bytes()).timeout(Duration.ofSeconds(30));
    }

    /**
     * Served, or (on a machine too busy to finish within the 1.5 s drain window) answered
     * lwa.Shutdown: either way not lost, which is what these tests are about.
     */
    private static void assertAnswered(InvocationResult r) {
        assertTrue(r.isResponse() || r.errorType().filter("lwa.Shutdown"::equals).isPresent(), r::toString);
    }

    /** Asks the adapter to stop as SIGTERM does, and waits until it has seen the request. */
    private static void sigterm(AdapterHarness lwa) throws InterruptedException {
        Thread.ofVirtual().name("sigterm").start(lwa.adapter::terminate);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!lwa.adapter.stopRequested()) {
            assertTrue(System.nanoTime() < end, "the stop was not seen within 10 s");
            Thread.sleep(1);
        }
    }

    @Test
    @LwaTest(concurrency = 2)
    void afterTheSignalNoPollerTakesAnotherInvocation(TestApp app, AdapterHarness lwa) throws Exception {
        CompletableFuture<InvocationResult> first = lwa.emulator.invokeAsync(get("/wait"));
        CompletableFuture<InvocationResult> second = lwa.emulator.invokeAsync(get("/wait"));
        app.take();
        app.take(); // both pollers busy
        CompletableFuture<InvocationResult> queued = lwa.emulator.invokeAsync(get("/after-the-signal"));
        sigterm(lwa);
        app.releaseWaiters(); // the two finish inside the drain window; their pollers must not ask for more

        assertEquals(0, lwa.exit.get(10, TimeUnit.SECONDS));
        assertAnswered(first.get(10, TimeUnit.SECONDS));
        assertAnswered(second.get(10, TimeUnit.SECONDS));
        assertEquals(1, lwa.emulator.queued(), "the third invocation was taken after the signal");
        assertEquals(0, lwa.emulator.inFlight());
        assertEquals(0, app.receivedCount(), "the app saw nothing after the signal");
        assertTrue(!queued.isDone(), "nobody answered the queued invocation: it is still Lambda's to give");
    }

    @Test
    @LwaTest(concurrency = 2)
    void anInvocationOnANextThatWasAlreadyWaitingIsServedDuringTheDrain(TestApp app, AdapterHarness lwa) throws Exception {
        CompletableFuture<InvocationResult> busy = lwa.emulator.invokeAsync(get("/wait"));
        app.take();
        assertTrue(lwa.emulator.awaitParkedPollers(1, Duration.ofSeconds(10)), "the other poller waits on /next");
        sigterm(lwa);
        InvocationResult late = lwa.emulator.invoke(get("/delivered-late"));
        app.releaseWaiters();

        assertAnswered(late);
        if (late.isResponse()) {
            assertEquals("/delivered-late", app.take().rawPath());
        }
        assertAnswered(busy.get(10, TimeUnit.SECONDS));
        assertEquals(0, lwa.exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    @LwaTest
    void anInvocationStillRunningWhenTheDrainEndsIsAnsweredShutdown(TestApp app, AdapterHarness lwa) throws Exception {
        CompletableFuture<InvocationResult> stuck = lwa.emulator.invokeAsync(get("/wait"));
        app.take();
        sigterm(lwa);
        assertEquals(0, lwa.exit.get(10, TimeUnit.SECONDS));

        InvocationResult r = stuck.get(10, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
        assertEquals("lwa.Shutdown", r.errorType().orElseThrow());
        String message = json(r.body()).getString("errorMessage");
        assertTrue(message.contains("shutting down") && message.contains("1500 ms"), message);
        app.releaseWaiters();
    }

    /**
     * A stream is its own answer, claimed when it starts, so the stop cannot answer it with {@code
     * /error}: it cuts the app's response and the stream ends with lwa.Shutdown trailers, rather than
     * stopping mid-body, unexplained, when the process exits.
     */
    @Test
    @LwaTest(app = StreamingApp.class, streaming = true)
    void aStreamStillRunningWhenTheDrainEndsEndsWithShutdownTrailers(StreamingApp app, AdapterHarness lwa) throws Exception {
        java.util.concurrent.CountDownLatch firstPart = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<InvocationResult> stream = lwa.emulator.invokeAsync(
                Invoke.of(TestEvent.functionUrlEvent("/stall", "ms=30000")).timeout(Duration.ofSeconds(45)),
                new dev.lwa.emulator.StreamListener() {
                    @Override
                    public void onBody(byte[] chunk, long nanoTime) {
                        firstPart.countDown();
                    }
                });
        assertTrue(firstPart.await(10, TimeUnit.SECONDS), "the stream started");
        sigterm(lwa);
        assertEquals(0, lwa.exit.get(10, TimeUnit.SECONDS));

        InvocationResult r = stream.get(10, TimeUnit.SECONDS);
        assertEquals(InvocationResult.Kind.ERROR, r.kind(), r::toString);
        assertEquals(java.util.Optional.of("lwa.Shutdown"), r.trailer("Lambda-Runtime-Function-Error-Type"), r::toString);
        assertEquals("first part ", r.bodyAsString(), "what was streamed before the stop is kept");
        String message = json(r.errorBody().orElseThrow()).getString("errorMessage");
        assertTrue(message.contains("shutting down (SIGTERM)") && message.contains("cut after 11 body bytes"), message);
    }

    @Test
    @LwaTest(concurrency = 2)
    void afterTheDrainAnInvocationFromAWaitingNextIsAnsweredNotDropped(TestApp app, AdapterHarness lwa) throws Exception {
        sigterm(lwa);
        assertEquals(0, lwa.exit.get(10, TimeUnit.SECONDS)); // nothing in flight: the drain is over at once
        // both pollers were already parked on /next; what they now receive gets an answer
        InvocationResult r = lwa.emulator.invoke(get("/too-late"));
        assertEquals("lwa.Shutdown", r.errorType().orElseThrow(), r::toString);
        assertEquals(0, app.receivedCount());
    }
}

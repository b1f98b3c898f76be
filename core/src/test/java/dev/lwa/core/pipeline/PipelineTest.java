package dev.lwa.core.pipeline;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.lwa.core.config.Config;
import dev.lwa.core.http.AppForwarder;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.runtimeapi.ErrorReport;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.http.BodyWriter;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.SizedBody;
import dev.lwa.runtimeapi.testing.PortReservation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The invocation loop with the real handler and writer, a real app on loopback and, as the Runtime
 * API, the real emulator, or where the Runtime API must misbehave, a small HTTP server or a client
 * whose {@code next()} fails the way the test needs. What is checked is what Lambda and the app
 * see: which invocations are taken, how many are at the app at once, what each is answered, and
 * why the pipeline stops.
 */
@Timeout(60)
class PipelineTest {
    /** Pipelines, clients and servers of the test, stopped after it in reverse order. */
    private final List<AutoCloseable> started = new ArrayList<>();
    private final App app = closeAfter(App.start());

    PipelineTest() throws IOException {
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable c : started.reversed()) {
            c.close();
        }
    }

    // ---- the Runtime API fails -------------------------------------------------------------------

    @Test
    void aRuntimeApiThatRefusesTenTimesInARowStopsThePipelineWithThatReason() throws Exception {
        PortReservation nothingListens = closeAfter(PortReservation.reserve());
        Pipeline pipeline = start(closeAfter(RuntimeApiClient.create("127.0.0.1:" + nothingListens.port(), true)), 1);

        String why = stopReason(pipeline).orElseThrow();
        assertTrue(why.startsWith("the Runtime API failed 10 times in a row: "), why);
        assertTrue(why.contains("127.0.0.1:" + nothingListens.port()), "the reason says where it polled: " + why);
    }

    @Test
    void onlyFailuresInARowCountAnInvocationInBetweenStartsTheCountAgain() throws Exception {
        // /next fails 9 times, delivers one invocation, then fails for good: the pipeline serves the
        // invocation and gives up at the 10th failure after it, the 20th /next in all.
        ScriptedRuntimeApi peer = closeAfter(ScriptedRuntimeApi.start(10, 503));
        Pipeline pipeline = start(closeAfter(RuntimeApiClient.create("127.0.0.1:" + peer.port(), true)), 1);

        String why = stopReason(pipeline).orElseThrow();
        assertTrue(why.startsWith("the Runtime API failed 10 times in a row: "), why);
        assertEquals(20, peer.nextCalls.get(), "9 failures, the invocation, then 10 failures");
        assertEquals(List.of("/2018-06-01/runtime/invocation/req-10/response"), List.copyOf(peer.posted));
        assertEquals("/served-between-failures", app.arrivals.poll());
    }

    /**
     * With N pollers (Managed Instances) a failing /next is retried for ever, as LWA does: one
     * slot's failures would otherwise stop the adapter and cut what the other slots serve.
     */
    @Test
    void withSeveralPollersFailuresAreRetriedPastTenAndServingGoesOn() throws Exception {
        ScriptedRuntimeApi peer = closeAfter(ScriptedRuntimeApi.start(16, 503));
        Pipeline pipeline = start(closeAfter(RuntimeApiClient.create("127.0.0.1:" + peer.port(), true)), 2);

        assertEquals("/2018-06-01/runtime/invocation/req-16/response", peer.posted.poll(30, TimeUnit.SECONDS),
                "the invocation after 15 failures was served");
        assertEquals("/served-between-failures", app.arrivals.poll());
        int seen = peer.nextCalls.get();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (peer.nextCalls.get() < seen + 12) { // more than 10 failures in a row on at least one poller
            assertTrue(System.nanoTime() < end, "polling stopped after " + peer.nextCalls.get() + " calls");
            Thread.sleep(20);
        }
        assertThrows(TimeoutException.class, () -> stopReasonLater(pipeline).get(300, TimeUnit.MILLISECONDS),
                "the pipeline is still running");
    }

    /** With N pollers the failures in a row have no end: the pause stays 1 s, never negative or 0. */
    @Test
    void theBackoffGrowsTo1SecondAndStaysThereForAnyCount() {
        assertEquals(20, Pipeline.backoffMillis(1));
        assertEquals(640, Pipeline.backoffMillis(6));
        for (int failures : new int[] {7, 10, 59, 60, 63, 64, 1000, Integer.MAX_VALUE}) {
            assertEquals(1000, Pipeline.backoffMillis(failures), "after " + failures);
        }
    }

    /**
     * An invocation waiting, unread, for room in memory when the drain ends is answered lwa.Shutdown
     * by its poller before the stop returns (the process exits then), not left to its deadline.
     */
    @Test
    void anInvocationWaitingForMemoryIsAnsweredShutdownBeforeTheStopReturns() throws Exception {
        LambdaEmulator emulator = emulator(2);
        // room for one event: the second waits for the first to finish
        Pipeline pipeline = start(closeAfter(RuntimeApiClient.create(emulator.runtimeApi(), true)), 2, Optional.empty(),
                (requestId, work) -> work.run(), MemoryBudget.ofBytes(1));
        CompletableFuture<InvocationResult> holding = emulator.invokeAsync(get("/hold/memory").timeout(Duration.ofSeconds(60)));
        app.takeArrival();
        CompletableFuture<InvocationResult> waiting = emulator.invokeAsync(get("/waits-for-memory").timeout(Duration.ofSeconds(60)));
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (emulator.inFlight() < 2) { // delivered: its poller waits for room
            assertTrue(System.nanoTime() < end, "the second invocation was not taken within 10 s");
            Thread.sleep(5);
        }

        assertEquals(1, pipeline.stop(300), "the running one cut by the stop");
        InvocationResult r = waiting.get(5, TimeUnit.SECONDS); // answered as the stop returned, not at its deadline (60 s)
        assertEquals(Optional.of("lwa.Shutdown"), r.errorType(), r::toString);
        assertEquals(Optional.of("lwa.Shutdown"), holding.get(10, TimeUnit.SECONDS).errorType());
        assertNull(app.arrivals.poll(), "the waiting one never reached the app");
        app.release();
    }

    @Test
    void aContainerErrorFromNextStopsAtOnce() throws Exception {
        // 500 on /next: "Container error. Non-recoverable state. Runtime should exit promptly."
        ScriptedRuntimeApi peer = closeAfter(ScriptedRuntimeApi.start(0, 500));
        Pipeline pipeline = start(closeAfter(RuntimeApiClient.create("127.0.0.1:" + peer.port(), true)), 1);

        String why = stopReason(pipeline).orElseThrow();
        assertTrue(why.startsWith("the Runtime API answered with a container error, which means exit: "), why);
        assertEquals(1, peer.nextCalls.get(), "not polled again");
    }

    /**
     * A 500 to a posted result is the same container error: the adapter stops rather than poll a
     * Runtime API in a state its specification calls non-recoverable (LWA polls on).
     */
    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 2})
    void aContainerErrorToAPostedResultStopsBeforeTheNextPoll(int concurrency) throws Exception {
        // one invocation, its /response answered 500; any later /next would answer 503 ten times
        ScriptedRuntimeApi peer = closeAfter(ScriptedRuntimeApi.start(1, 503, 500, concurrency));
        Pipeline pipeline = start(closeAfter(RuntimeApiClient.create("127.0.0.1:" + peer.port(), true)), concurrency);

        String why = stopReason(pipeline).orElseThrow();
        assertTrue(why.startsWith("the Runtime API answered with a container error, which means exit: "
                + "POST /2018-06-01/runtime/invocation/req-1/response answered 500"), why);
        assertEquals(List.of("/2018-06-01/runtime/invocation/req-1/response"), List.copyOf(peer.posted));
        assertEquals(concurrency, peer.nextCalls.get(), "no /next after the 500");
    }

    /**
     * Were the platform ever to deliver one request id twice (a repeat on Managed Instances), each
     * delivery is still answered: a stop cuts both, not only the one a map by id would remember.
     */
    @Test
    void twoInvocationsWithOneRequestIdAreBothAnswered() throws Exception {
        BlockingQueue<String> posted = new LinkedBlockingQueue<>();
        int port = scriptedNext(posted, (n, headers) -> {
            headers.set("Lambda-Runtime-Aws-Request-Id", "dup");
            headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
            return event("/hold/" + n);
        }, 2);
        Pipeline pipeline = start(closeAfter(RuntimeApiClient.create("127.0.0.1:" + port, true)), 2);
        app.takeArrival();
        app.takeArrival();

        assertEquals(2, pipeline.stop(300), "both cut");
        assertTrue(posted.poll(10, TimeUnit.SECONDS).startsWith("/2018-06-01/runtime/invocation/dup/error "));
        assertTrue(posted.poll(10, TimeUnit.SECONDS).startsWith("/2018-06-01/runtime/invocation/dup/error "),
                "the second was answered too");
    }

    /** It has a request id, so it can be answered: its caller is not left waiting for the function's timeout. */
    @Test
    void anInvocationWithoutAUsableDeadlineIsAnsweredInvalidEventAndPollingGoesOn() throws Exception {
        BlockingQueue<String> posted = new LinkedBlockingQueue<>();
        int port = scriptedNext(posted, (n, headers) -> {
            headers.set("Lambda-Runtime-Aws-Request-Id", "req-" + n);
            if (n == 2) {
                headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
            } else {
                headers.set("Lambda-Runtime-Deadline-Ms", "soon");
            }
            return event("/after-the-unusable-one");
        }, 2);
        start(closeAfter(RuntimeApiClient.create("127.0.0.1:" + port, true)), 1);

        String first = posted.poll(10, TimeUnit.SECONDS);
        assertTrue(first.startsWith("/2018-06-01/runtime/invocation/req-1/error ") && first.contains("lwa.InvalidEvent")
                && first.contains("Lambda-Runtime-Deadline-Ms") && first.contains("soon"), first);
        assertEquals("/after-the-unusable-one", app.takeArrival(), "the next invocation was served");
        assertTrue(posted.poll(10, TimeUnit.SECONDS).startsWith("/2018-06-01/runtime/invocation/req-2/response "));
    }

    /**
     * A Runtime API whose first {@code count} {@code /next} calls deliver what {@code invocation}
     * makes (it sets the headers of call n, from 1, and returns the event), and whose later ones
     * wait as a long poll with nothing to give; it records each post as its path, a space and its body.
     */
    private int scriptedNext(BlockingQueue<String> posted,
                             java.util.function.BiFunction<Integer, com.sun.net.httpserver.Headers, String> invocation,
                             int count) throws IOException {
        CountDownLatch hang = new CountDownLatch(1);
        AtomicInteger nexts = new AtomicInteger();
        HttpServer peer = loopbackServer("/2018-06-01/runtime/invocation/", ex -> {
            try (ex) {
                String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                String path = ex.getRequestURI().getPath();
                int n;
                if (!path.endsWith("/next")) {
                    posted.add(path + " " + body);
                    send(ex, 202, "{\"status\":\"OK\"}");
                } else if ((n = nexts.incrementAndGet()) <= count) {
                    send(ex, 200, invocation.apply(n, ex.getResponseHeaders()));
                } else {
                    hang.await(30, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        closeAfter(() -> {
            hang.countDown();
            peer.stop(0);
        });
        return peer.getAddress().getPort();
    }

    // ---- a poller fails ---------------------------------------------------------------------------

    /** Concurrency 1 polls on one platform thread, more on a virtual thread each. */
    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 3})
    void aPollerThatFailsUnexpectedlyStopsThePipelineThoughOthersStillPoll(int concurrency) throws Exception {
        LambdaEmulator emulator = emulator(concurrency);
        FailingNext runtime = closeAfter(new FailingNext(RuntimeApiClient.create(emulator.runtimeApi(), true)));
        Pipeline pipeline = start(runtime, concurrency);
        assertTrue(emulator.awaitParkedPollers(concurrency, Duration.ofSeconds(10)));

        // A class that cannot be loaded (a damaged jar, say) is an Error that nothing on the way handles.
        runtime.failNextWith(new NoClassDefFoundError("dev/lwa/core/Missing"));
        InvocationResult served = emulator.invoke(get("/before-the-failure"));
        assertTrue(served.isResponse(), "the invocation in hand is served all the same: " + served);

        String why = stopReason(pipeline).orElseThrow(); // the poller that served it polled again and failed
        assertEquals("a poller failed unexpectedly (lwa's log has the details)", why, "no class name for the callers it reaches");
        assertEquals(concurrency - 1, emulator.parkedPollers(), "the other pollers were still waiting on /next");
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 3})
    void anEventReadWithoutAskingTheAdmissionIsAdmittedWhenItIsRun(int concurrency) throws Exception {
        // memory is normally reserved between /next's head and the event; a client that reads first
        // leaves it to the runner, which must reserve it then rather than fail
        LambdaEmulator emulator = emulator(concurrency);
        FailingNext runtime = closeAfter(new FailingNext(RuntimeApiClient.create(emulator.runtimeApi(), true)));
        runtime.ignoreAdmission = true;
        start(runtime, concurrency);
        for (int i = 0; i < 3; i++) {
            InvocationResult r = emulator.invoke(get("/read-first-" + i));
            assertTrue(r.isResponse(), r::toString);
            assertEquals("/read-first-" + i, app.arrivals.poll(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void runningOutOfMemoryWhileReadingAnEventIsNotAPollerFailure() throws Exception {
        // The contrast: the heap may be too full for one event while others are in flight; that
        // event is lost (Lambda times it out), the poller and the process go on serving.
        LambdaEmulator emulator = emulator(1);
        FailingNext runtime = closeAfter(new FailingNext(RuntimeApiClient.create(emulator.runtimeApi(), true)));
        Pipeline pipeline = start(runtime, 1);
        CompletableFuture<Optional<String>> stopped = stopReasonLater(pipeline);
        assertTrue(emulator.awaitParkedPollers(1, Duration.ofSeconds(10)));

        runtime.failNextWith(new OutOfMemoryError("Java heap space"));
        assertTrue(emulator.invoke(get("/first")).isResponse());
        // the poller's next /next failed; it polls again, and the next invocation is served
        InvocationResult second = emulator.invokeAsync(get("/second")).get(10, TimeUnit.SECONDS);
        assertTrue(second.isResponse(), second::toString);
        assertEquals(1, runtime.failures.get());
        assertFalse(stopped.isDone(), () -> "the pipeline stopped: " + stopped.join());
    }

    // ---- concurrency --------------------------------------------------------------------------------

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 3})
    void noMoreThanConcurrencyInvocationsAreInFlightThoughTheRuntimeApiWouldGiveMore(int concurrency) throws Exception {
        LambdaEmulator emulator = emulator(2 * concurrency); // Lambda would hand out twice as many
        start(closeAfter(RuntimeApiClient.create(emulator.runtimeApi(), true)), concurrency);
        assertTrue(emulator.awaitParkedPollers(concurrency, Duration.ofSeconds(10)));

        List<CompletableFuture<InvocationResult>> results = new ArrayList<>();
        for (int i = 0; i < 2 * concurrency; i++) {
            results.add(emulator.invokeAsync(get("/hold/" + i)));
        }
        for (int i = 0; i < concurrency; i++) {
            app.takeArrival();
        }
        // A pipeline without the bound would take the rest within a few loopback round trips.
        assertNull(app.arrivals.poll(500, TimeUnit.MILLISECONDS), "more than " + concurrency + " at the app at once");
        assertEquals(concurrency, emulator.queued(), "the rest wait at the Runtime API, not taken");
        assertEquals(0, emulator.parkedPollers(), "no /next while every slot is held");

        app.release();
        for (CompletableFuture<InvocationResult> r : results) {
            assertTrue(r.get(10, TimeUnit.SECONDS).isResponse());
        }
        assertEquals(concurrency, app.maxConcurrent.get());
    }

    // ---- stop ---------------------------------------------------------------------------------------------

    @Test
    void stopWithNothingInFlightReturnsAtOnceAndAnInvocationThatArrivesLaterIsAnsweredShutdown() throws Exception {
        LambdaEmulator emulator = emulator(2);
        Pipeline pipeline = start(closeAfter(RuntimeApiClient.create(emulator.runtimeApi(), true)), 2);
        assertTrue(emulator.awaitParkedPollers(2, Duration.ofSeconds(10)));

        long start = System.nanoTime();
        assertEquals(0, pipeline.stop(60_000), "nothing to cut");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMs < 10_000, "stop() waited " + tookMs + " ms of its 60 s drain window with nothing in flight");
        assertEquals(Optional.empty(), stopReason(pipeline), "a stop is not a failure");

        // both /next were parked before the stop; what they now deliver is answered, not dropped
        InvocationResult late = emulator.invoke(get("/too-late"));
        assertEquals(Optional.of("lwa.Shutdown"), late.errorType(), late::toString);
        assertNull(app.arrivals.poll(), "the app never saw it");
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 2})
    void anInvocationStillRunningWhenTheDrainWindowEndsIsAnsweredShutdown(int concurrency) throws Exception {
        LambdaEmulator emulator = emulator(concurrency);
        Pipeline pipeline = start(closeAfter(RuntimeApiClient.create(emulator.runtimeApi(), true)), concurrency);
        CompletableFuture<InvocationResult> stuck = emulator.invokeAsync(get("/hold/stuck"));
        app.takeArrival();

        long start = System.nanoTime();
        assertEquals(1, pipeline.stop(300, "SHUTDOWN: spindown"), "one invocation cut");
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMs >= 300, "answered after the drain window, not before: " + tookMs + " ms");

        InvocationResult r = stuck.get(10, TimeUnit.SECONDS);
        assertEquals(Optional.of("lwa.Shutdown"), r.errorType(), r::toString);
        assertTrue(r.bodyAsString().contains("did not finish within the 300 ms"), r::bodyAsString);
        assertTrue(r.bodyAsString().contains("shutting down (SHUTDOWN: spindown)"), "the real reason: " + r.bodyAsString());
        app.release(); // the app's late answer has nobody left to go to
    }

    @ParameterizedTest(name = "concurrency {0}")
    @ValueSource(ints = {1, 2})
    void anInvocationAnsweredShutdownIsNotStreamedWhenTheAppAnswersLate(int concurrency) throws Exception {
        // response_stream mode: the stream is the answer, sent from inside the handler. Once the
        // stop has answered lwa.Shutdown, the app's late answer must not start a second one.
        LambdaEmulator emulator = emulator(concurrency);
        AtomicInteger streams = new AtomicInteger();
        StreamingWriter recording = (inv, event, response, cutBecause) -> {
            streams.incrementAndGet();
            return new Outcome.Streamed(0);
        };
        BlockingQueue<String> workDone = new LinkedBlockingQueue<>(); // the stop's answer, then the runner's end
        Pipeline pipeline = start(closeAfter(RuntimeApiClient.create(emulator.runtimeApi(), true)), concurrency,
                Optional.of(recording), (requestId, work) -> {
                    try {
                        work.run();
                    } finally {
                        workDone.add(requestId);
                    }
                });
        CompletableFuture<InvocationResult> stuck = emulator.invokeAsync(get("/hold/late"));
        app.takeArrival();

        assertEquals(1, pipeline.stop(300), "one invocation cut");
        InvocationResult r = stuck.get(10, TimeUnit.SECONDS);
        assertEquals(Optional.of("lwa.Shutdown"), r.errorType(), r::toString);
        String requestId = workDone.poll(10, TimeUnit.SECONDS); // the stop's lwa.Shutdown
        app.release();
        assertEquals(requestId, workDone.poll(10, TimeUnit.SECONDS), "the runner finished with the app's late answer");
        assertEquals(0, streams.get(), "no stream after the stop had answered");
    }

    // ---- the pieces ------------------------------------------------------------------------------

    private <T extends AutoCloseable> T closeAfter(T resource) {
        started.add(resource);
        return resource;
    }

    private LambdaEmulator emulator(int concurrency) throws IOException {
        return closeAfter(LambdaEmulator.builder().port(0).concurrency(concurrency).start());
    }

    /** A started pipeline of the real handler and writer, forwarding to the test's app. */
    private Pipeline start(RuntimeApiClient runtime, int concurrency) throws Exception {
        return start(runtime, concurrency, Optional.empty(), (requestId, work) -> work.run());
    }

    private Pipeline start(RuntimeApiClient runtime, int concurrency, Optional<StreamingWriter> streaming,
                           Pipeline.InvocationScope scope) throws Exception {
        return start(runtime, concurrency, streaming, scope, MemoryBudget.ofBytes(64L << 20));
    }

    private Pipeline start(RuntimeApiClient runtime, int concurrency, Optional<StreamingWriter> streaming,
                           Pipeline.InvocationScope scope, MemoryBudget memory) throws Exception {
        Config config = Config.fromEnv(Map.of("AWS_LWA_PORT", Integer.toString(app.port())));
        Http1Client client = closeAfter(Http1Client.builder("127.0.0.1", app.port()).build());
        InvocationHandler handler = new InvocationHandler(config.app(), config.forwarding(),
                new AppForwarder(client, config.forwarding(), config.function()),
                AppReadiness.alreadyReady(), streaming);
        Pipeline pipeline = new Pipeline(runtime, handler, new ResultWriter(runtime), concurrency,
                memory, scope).start();
        closeAfter(() -> pipeline.stop(0)); // before the Runtime API goes: no poller is left polling
        return pipeline;
    }

    /** Why the pipeline stopped, waiting up to 30 s for it to. */
    private static Optional<String> stopReason(Pipeline pipeline) throws Exception {
        try {
            return stopReasonLater(pipeline).get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("the pipeline did not stop within 30 s");
        }
    }

    private static CompletableFuture<Optional<String>> stopReasonLater(Pipeline pipeline) {
        CompletableFuture<Optional<String>> reason = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                reason.complete(pipeline.awaitStopped());
            } catch (InterruptedException e) {
                reason.completeExceptionally(e);
            }
        });
        return reason;
    }

    /** A Function URL {@code GET path}. */
    static Invoke get(String path) {
        return Invoke.of(event(path));
    }

    static String event(String path) {
        return "{\"version\":\"2.0\",\"rawPath\":\"" + path + "\",\"rawQueryString\":\"\",\"headers\":{\"host\":"
                + "\"abc.lambda-url.us-east-1.on.aws\"},\"requestContext\":{\"http\":{\"method\":\"GET\",\"path\":\""
                + path + "\"}},\"isBase64Encoded\":false}";
    }

    /** The JDK's HTTP server on a loopback port the OS picks, started, a virtual thread per exchange. */
    static HttpServer loopbackServer(String context, HttpHandler handler) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext(context, handler);
        server.start();
        return server;
    }

    static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    /**
     * The app: records the path of each request that arrives, holds {@code /hold/...} until
     * {@link #release()}, and counts how many requests it has at once.
     */
    static final class App implements AutoCloseable {
        final BlockingQueue<String> arrivals = new LinkedBlockingQueue<>();
        final AtomicInteger maxConcurrent = new AtomicInteger();
        private final AtomicInteger concurrent = new AtomicInteger();
        private final CountDownLatch released = new CountDownLatch(1);
        private final HttpServer server;

        private App() throws IOException {
            server = loopbackServer("/", this::handle);
        }

        static App start() throws IOException {
            return new App();
        }

        int port() {
            return server.getAddress().getPort();
        }

        String takeArrival() throws InterruptedException {
            String path = arrivals.poll(10, TimeUnit.SECONDS);
            if (path == null) {
                throw new AssertionError("no request reached the app within 10 s");
            }
            return path;
        }

        void release() {
            released.countDown();
        }

        private void handle(HttpExchange ex) throws IOException {
            maxConcurrent.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
            try (ex) {
                String path = ex.getRequestURI().getPath();
                arrivals.add(path);
                if (path.startsWith("/hold/")) {
                    released.await(30, TimeUnit.SECONDS);
                }
                // counted out before answering: the client may send its next request before this thread runs again
                concurrent.decrementAndGet();
                send(ex, 200, "{\"path\":\"" + path + "\"}");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void close() {
            release();
            server.stop(0);
        }
    }

    /**
     * A Runtime API that fails {@code /next} with {@code status}, except the {@code deliverAt}-th call, which
     * delivers an invocation ({@code req-<n>}, a GET of {@code /served-between-failures}); it
     * accepts every post and records its path.
     */
    static final class ScriptedRuntimeApi implements AutoCloseable {
        final AtomicInteger nextCalls = new AtomicInteger();
        final BlockingQueue<String> posted = new LinkedBlockingQueue<>();
        private final HttpServer server;

        private final CountDownLatch hang = new CountDownLatch(1);

        /**
         * @param postStatus    what a posted result is answered (202, or a failure)
         * @param waitingPolls  how many /next calls after the delivery wait (other pollers'), unanswered until closed
         */
        private ScriptedRuntimeApi(int deliverAt, int status, int postStatus, int waitingPolls) throws IOException {
            server = loopbackServer("/2018-06-01/runtime/invocation/", ex -> {
                try (ex) {
                    ex.getRequestBody().readAllBytes();
                    String path = ex.getRequestURI().getPath();
                    int n;
                    if (!path.endsWith("/next")) {
                        posted.add(path);
                        send(ex, postStatus, postStatus == 202 ? "{\"status\":\"OK\"}"
                                : "{\"errorMessage\":\"scripted failure\",\"errorType\":\"Runtime.Unknown\"}");
                    } else if ((n = nextCalls.incrementAndGet()) == deliverAt) {
                        ex.getResponseHeaders().set("Lambda-Runtime-Aws-Request-Id", "req-" + deliverAt);
                        ex.getResponseHeaders().set("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 30_000));
                        send(ex, 200, event("/served-between-failures"));
                    } else if (n > deliverAt && n <= deliverAt + waitingPolls - 1) {
                        hang.await(30, TimeUnit.SECONDS);
                    } else {
                        send(ex, status, "{\"errorMessage\":\"scripted failure\",\"errorType\":\"Runtime.Unavailable\"}");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }

        static ScriptedRuntimeApi start(int deliverAt, int status) throws IOException {
            return new ScriptedRuntimeApi(deliverAt, status, 202, 0);
        }

        static ScriptedRuntimeApi start(int deliverAt, int status, int postStatus, int waitingPolls) throws IOException {
            return new ScriptedRuntimeApi(deliverAt, status, postStatus, waitingPolls);
        }

        int port() {
            return server.getAddress().getPort();
        }

        @Override
        public void close() {
            hang.countDown();
            server.stop(0);
        }
    }

    /**
     * The real client, except that the {@code next} after {@link #failNextWith} throws the given
     * {@code Error} instead of polling, once: a Runtime API client is an outside contract, and this
     * is one way it can break.
     */
    static final class FailingNext implements RuntimeApiClient {
        final AtomicInteger failures = new AtomicInteger();
        private final RuntimeApiClient real;
        private volatile Error failure;
        private final AtomicBoolean armed = new AtomicBoolean();

        FailingNext(RuntimeApiClient real) {
            this.real = real;
        }

        void failNextWith(Error error) {
            failure = error;
            armed.set(true);
        }

        /** Read every event at once, as a client that does not ask the admission would. */
        volatile boolean ignoreAdmission;

        @Override
        public Invocation next(dev.lwa.runtimeapi.EventAdmission admission) throws IOException {
            if (armed.compareAndSet(true, false)) {
                failures.incrementAndGet();
                throw failure;
            }
            return real.next(ignoreAdmission ? dev.lwa.runtimeapi.EventAdmission.ALWAYS : admission);
        }

        @Override
        public void respond(String requestId, byte[] body) throws IOException {
            real.respond(requestId, body);
        }

        @Override
        public void respond(String requestId, SizedBody body) throws IOException {
            real.respond(requestId, body);
        }

        @Override
        public void respondStreaming(String requestId, String contentType, BodyWriter body) throws IOException {
            real.respondStreaming(requestId, contentType, body);
        }

        @Override
        public void reportError(String requestId, ErrorReport error) throws IOException {
            real.reportError(requestId, error);
        }

        @Override
        public void reportInitError(ErrorReport error) throws IOException {
            real.reportInitError(error);
        }

        @Override
        public void restoreNext() throws IOException {
            real.restoreNext();
        }

        @Override
        public void reportRestoreError(ErrorReport error) throws IOException {
            real.reportRestoreError(error);
        }

        @Override
        public void dropConnections() {
            real.dropConnections();
        }

        @Override
        public void close() {
            real.close();
        }
    }
}

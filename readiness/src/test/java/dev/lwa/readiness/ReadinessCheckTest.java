package dev.lwa.readiness;

import com.sun.net.httpserver.HttpServer;
import dev.lwa.runtimeapi.testing.PortReservation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReadinessCheckTest {

    private final List<HttpServer> apps = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void cleanUp() {
        later.shutdownNow();
        apps.forEach(a -> a.stop(0));
    }

    private HttpServer app(int port, java.util.function.IntSupplier status) throws IOException {
        HttpServer app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        app.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status.getAsInt(), -1);
            exchange.close();
        });
        app.start();
        apps.add(app);
        return app;
    }

    private static ReadinessCheck httpCheck(int port) {
        return new ReadinessCheck(ReadinessProbe.http("127.0.0.1", port, "/", ReadinessProbeTest.DEFAULT_HEALTHY));
    }

    @Test
    void appThatStartsListeningLateIsDetected() {
        // the port is held (refusing connections) until the app listens on it: see PortReservation
        try (PortReservation late = PortReservation.reserve()) {
            int port = late.port();
            AtomicLong listeningFrom = new AtomicLong(Long.MAX_VALUE);
            later.schedule(() -> {
                try {
                    listeningFrom.set(System.nanoTime());
                    app(port, () -> 200);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, 300, TimeUnit.MILLISECONDS);

            ReadinessCheck.Result outcome = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> httpCheck(port).await(Optional.of(Duration.ofSeconds(15))));
            long readyAt = System.nanoTime();

            ReadinessCheck.Result.Ready ready = assertInstanceOf(ReadinessCheck.Result.Ready.class, outcome);
            assertTrue(ready.attempts() > 1, "the first attempts were refused: " + ready);
            assertTrue(readyAt - listeningFrom.get() >= 0, "cannot be ready before the app listens: " + ready);
        }
    }

    @Test
    void serviceUnavailableKeepsItUnreadyUntilTheAppSays200() throws IOException {
        AtomicInteger hits = new AtomicInteger();
        int port = app(0, () -> hits.incrementAndGet() <= 3 ? 503 : 200).getAddress().getPort();

        ReadinessCheck.Result outcome = httpCheck(port).await(Optional.of(Duration.ofSeconds(15)));

        assertEquals(4, assertInstanceOf(ReadinessCheck.Result.Ready.class, outcome).attempts());
    }

    @Test
    void noTimeoutWaitsAsLongAsItTakes() throws IOException {
        AtomicInteger hits = new AtomicInteger();
        int port = app(0, () -> hits.incrementAndGet() <= 5 ? 500 : 204).getAddress().getPort();

        ReadinessCheck.Result outcome = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> httpCheck(port).await(Optional.empty()));

        assertEquals(6, assertInstanceOf(ReadinessCheck.Result.Ready.class, outcome).attempts());
    }

    @Test
    void aHealthCheckSlowerThanAFewSecondsIsWaitedFor() throws IOException {
        // a /health that queries a database on a cold start: 2.5 s, every time. LWA waits for the
        // answer; cutting each attempt at 2 s (and sending the next behind it) never saw one.
        int port = app(0, () -> {
            try {
                Thread.sleep(2500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 200;
        }).getAddress().getPort();

        ReadinessCheck.Result outcome = httpCheck(port).await(Optional.of(Duration.ofSeconds(30)));

        assertEquals(1, assertInstanceOf(ReadinessCheck.Result.Ready.class, outcome).attempts(), outcome.toString());
    }

    @Test
    void aStopEndsAnAttemptTheAppNeverAnswersAtOnce() throws Exception {
        // the app accepts and never answers; the adapter's start-up runs on a platform thread,
        // whose blocking read an interrupt does not end by itself
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
                try {
                    return silent.accept();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            CompletableFuture<ReadinessCheck.Result> outcome = new CompletableFuture<>();
            Thread starting = Thread.ofPlatform().start(() -> outcome.complete(httpCheck(silent.getLocalPort()).await(Optional.empty())));
            try (Socket held = accepted.get(30, TimeUnit.SECONDS)) { // the attempt is waiting for its answer
                long interruptedAt = System.nanoTime();
                starting.interrupt();
                ReadinessCheck.Result result = outcome.get(30, TimeUnit.SECONDS);
                assertInstanceOf(ReadinessCheck.Result.Interrupted.class, result);
                assertTrue(System.nanoTime() - interruptedAt < TimeUnit.SECONDS.toNanos(20),
                        "not the minute an attempt may wait: " + result);
            }
        }
    }

    @Test
    void timeoutReportsTheLastStatusSeen() throws IOException {
        int port = app(0, () -> 503).getAddress().getPort();
        // An interval longer than the timeout: the attempt at once, then the wait runs into the
        // timeout. With the 10 ms interval the timeout could fall inside an attempt, which it cuts
        // short, and the final attempt then "saw" a timeout instead of the 503 (timing-dependent).
        ReadinessCheck check = new ReadinessCheck(ReadinessProbe.http("127.0.0.1", port, "/", ReadinessProbeTest.DEFAULT_HEALTHY),
                Duration.ofSeconds(60));

        ReadinessCheck.Result outcome = check.await(Optional.of(Duration.ofMillis(1000)));

        ReadinessCheck.Result.TimedOut timedOut = assertInstanceOf(ReadinessCheck.Result.TimedOut.class, outcome);
        assertEquals(new ProbeResult.Unhealthy("status 503"), timedOut.last());
        assertTrue(timedOut.attempts() >= 1);
        assertTrue(timedOut.waited().toMillis() >= 1000, timedOut.toString());
    }

    @Test
    void timeoutReportsConnectionRefusedWhenNothingListens() {
        try (PortReservation nothing = PortReservation.reserve()) {
            ReadinessCheck check = new ReadinessCheck(ReadinessProbe.tcp("127.0.0.1", nothing.port()));

            ReadinessCheck.Result outcome = check.await(Optional.of(Duration.ofMillis(100)));

            assertEquals(new ProbeResult.Unhealthy("connection refused"),
                    assertInstanceOf(ReadinessCheck.Result.TimedOut.class, outcome).last());
        }
    }

    @Test
    void zeroTimeoutStillMakesOneAttempt() throws IOException {
        int port = app(0, () -> 200).getAddress().getPort();
        ReadinessCheck.Result outcome = httpCheck(port).await(Optional.of(Duration.ZERO));
        assertEquals(1, outcome.attempts());
    }

    @Test
    void silentAppCannotStretchTheOverallTimeout() throws IOException {
        try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            ReadinessCheck check = httpCheck(silent.getLocalPort());

            ReadinessCheck.Result outcome = assertTimeoutPreemptively(Duration.ofSeconds(10),
                    () -> check.await(Optional.of(Duration.ofMillis(500))));

            ReadinessCheck.Result.TimedOut timedOut = assertInstanceOf(ReadinessCheck.Result.TimedOut.class, outcome);
            assertTrue(timedOut.last().detail().startsWith("timed out after "), timedOut.toString());
            assertTrue(timedOut.last().detail().endsWith(" ms waiting for the status line"), timedOut.toString());
        }
    }

    @Test
    void awaitCanBeCalledAgainAndFromSeveralThreads() throws Exception {
        AtomicInteger hits = new AtomicInteger();
        int port = app(0, () -> hits.incrementAndGet() <= 2 ? 503 : 200).getAddress().getPort();
        ReadinessCheck check = httpCheck(port);

        CompletableFuture<ReadinessCheck.Result> a = CompletableFuture.supplyAsync(() -> check.await(Optional.of(Duration.ofSeconds(15))));
        CompletableFuture<ReadinessCheck.Result> b = CompletableFuture.supplyAsync(() -> check.await(Optional.of(Duration.ofSeconds(15))));
        assertInstanceOf(ReadinessCheck.Result.Ready.class, a.get(20, TimeUnit.SECONDS));
        assertInstanceOf(ReadinessCheck.Result.Ready.class, b.get(20, TimeUnit.SECONDS));

        ReadinessCheck.Result again = check.await(Optional.of(Duration.ofSeconds(15)));
        assertEquals(1, assertInstanceOf(ReadinessCheck.Result.Ready.class, again).attempts(), "a fresh wait, ready at once");
    }

    @Test
    void interruptEndsTheWaitAndKeepsTheFlag() throws Exception {
        try (PortReservation nothing = PortReservation.reserve()) {
            ReadinessCheck check = new ReadinessCheck(ReadinessProbe.tcp("127.0.0.1", nothing.port()));
            CompletableFuture<Boolean> flagAfter = new CompletableFuture<>();
            CompletableFuture<ReadinessCheck.Result> outcome = new CompletableFuture<>();
            Thread waiter = Thread.ofVirtual().start(() -> {
                outcome.complete(check.await(Optional.empty()));
                flagAfter.complete(Thread.currentThread().isInterrupted());
            });
            waiter.interrupt();

            ReadinessCheck.Result.Interrupted interrupted = assertInstanceOf(ReadinessCheck.Result.Interrupted.class,
                    outcome.get(10, TimeUnit.SECONDS));
            assertTrue(interrupted.attempts() >= 1, interrupted.toString());
            assertTrue(flagAfter.get(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void logsNotReadyAtInfoEveryTwoSecondsOnly() {
        // Without lwa's LoggerFinder, System.getLogger in this JVM goes to java.util.logging.
        Logger jul = Logger.getLogger("lwa.readiness");
        List<LogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(capture);
        try (PortReservation nothing = PortReservation.reserve()) {
            int port = nothing.port();
            // 3.5 s: the INFO line is due at 2 s and the next at 4 s, and an attempt must start
            // between 2 s and the timeout for it to be written; 1.5 s for that survives a busy machine
            ReadinessCheck.Result outcome = new ReadinessCheck(ReadinessProbe.http("127.0.0.1", port, "/", s -> true))
                    .await(Optional.of(Duration.ofMillis(3500)));

            assertInstanceOf(ReadinessCheck.Result.TimedOut.class, outcome);
            assertTrue(outcome.attempts() > 10, "many attempts, yet one INFO line: " + outcome);
            List<String> info = records.stream()
                    .filter(r -> r.getLevel().intValue() >= Level.INFO.intValue())
                    .map(LogRecord::getMessage)
                    .toList();
            assertEquals(List.of("app is not ready after 2000ms url=http://127.0.0.1:" + port + "/"), info);
        } finally {
            jul.removeHandler(capture);
        }
    }
}

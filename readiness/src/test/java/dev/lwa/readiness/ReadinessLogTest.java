package dev.lwa.readiness;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the readiness check tells a user: one INFO line when the app is ready, counted from launch
 * with the number of probes, and at DEBUG one line per change of the reason it is not ready, not
 * one per 10 ms attempt. (Without lwa's LoggerFinder, System.getLogger goes to java.util.logging.)
 */
class ReadinessLogTest {
    private final Logger jul = Logger.getLogger("lwa.readiness");
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
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
    private Level levelBefore;
    private HttpServer app;

    @BeforeEach
    void capture() {
        levelBefore = jul.getLevel();
        jul.setLevel(Level.ALL);
        jul.addHandler(capture);
    }

    @AfterEach
    void restore() {
        jul.removeHandler(capture);
        jul.setLevel(levelBefore);
        if (app != null) {
            app.stop(0);
        }
    }

    private List<String> messages(Level level) {
        return records.stream().filter(r -> r.getLevel().equals(level)).map(LogRecord::getMessage).toList();
    }

    /** An app whose health answer comes from {@code status}, asked once per probe. */
    private int app(java.util.function.IntSupplier status) throws IOException {
        app = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        app.createContext("/", exchange -> {
            exchange.sendResponseHeaders(status.getAsInt(), -1);
            exchange.close();
        });
        app.start();
        return app.getAddress().getPort();
    }

    @Test
    void aReasonIsLoggedWhenItChangesAndReadinessOnceWithTheProbeCount() throws IOException {
        AtomicInteger probes = new AtomicInteger();
        // 503 for 30 probes, then 502 for 30, then 200: two reasons, two DEBUG lines
        int port = app(() -> {
            int n = probes.incrementAndGet();
            return n <= 30 ? 503 : n <= 60 ? 502 : 200;
        });
        ReadinessProbe http = ReadinessProbe.http("127.0.0.1", port, "/", s -> s < 500);
        ReadinessCheck.Result outcome = new ReadinessCheck(http, Duration.ofMillis(1)).await(Optional.empty());

        assertInstanceOf(ReadinessCheck.Result.Ready.class, outcome);
        String url = "http://127.0.0.1:" + port + "/";
        List<String> debug = messages(Level.FINE);
        assertEquals("app is not ready: status 503 url=" + url, debug.getFirst());
        assertTrue(debug.contains("app is not ready: status 502 url=" + url), debug::toString);
        // two reasons; a busy machine may add one more (an attempt that timed out), but not one line per attempt
        assertTrue(debug.size() <= 6, "60 failed attempts, " + debug.size() + " DEBUG lines: " + debug);
        List<String> info = messages(Level.INFO);
        assertEquals(1, info.size(), info::toString);
        Matcher m = Pattern.compile("app ready after (\\d+) ms \\((\\d+) probes\\) url=" + Pattern.quote(url)).matcher(info.getFirst());
        assertTrue(m.matches(), info.getFirst());
        assertTrue(Integer.parseInt(m.group(2)) >= 61, info.getFirst());
    }

    @Test
    void withAsyncInitTheTimesCountFromLaunchNotFromEachWait() throws IOException {
        AtomicBoolean secondWait = new AtomicBoolean();
        // ready only once the second wait has logged LWA's 2-second line for 4 s since launch
        int port = app(() -> secondWait.get() && messages(Level.INFO).stream().anyMatch(l -> l.contains("after 4000ms")) ? 200 : 503);
        ReadinessCheck check = new ReadinessCheck(ReadinessProbe.http("127.0.0.1", port, "/", s -> s < 500));
        // as at init with AWS_LWA_ASYNC_INIT: give up after a while, then the first invocation waits on
        assertInstanceOf(ReadinessCheck.Result.TimedOut.class, check.await(Optional.of(Duration.ofMillis(2500))));
        secondWait.set(true);
        assertInstanceOf(ReadinessCheck.Result.Ready.class, check.await(Optional.of(Duration.ofSeconds(60))));

        List<String> info = messages(Level.INFO);
        String url = "http://127.0.0.1:" + port + "/";
        assertEquals(List.of("app is not ready after 2000ms url=" + url, "app is not ready after 4000ms url=" + url),
                info.subList(0, 2), "the second wait goes on counting from launch: " + info);
        Matcher m = Pattern.compile("app ready after (\\d+) ms \\((\\d+) probes\\) url=.*").matcher(info.getLast());
        assertTrue(m.matches(), info.getLast());
        assertTrue(Long.parseLong(m.group(1)) >= 4000, "counted from launch: " + info.getLast());
        assertEquals(3, info.size(), info::toString);
    }

    @Test
    void whenTheTimeoutCutsAProbeShortTheAppsLastRealAnswerIsReported() throws IOException {
        // each answer takes 300 ms: the attempt running when the 2 s timeout comes is cut short
        int port = app(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return 503;
        });
        ReadinessCheck.Result outcome = new ReadinessCheck(ReadinessProbe.http("127.0.0.1", port, "/", s -> s < 500))
                .await(Optional.of(Duration.ofMillis(2000)));
        ReadinessCheck.Result.TimedOut timedOut = assertInstanceOf(ReadinessCheck.Result.TimedOut.class, outcome);
        assertEquals("status 503", timedOut.last().detail(), "not the cut-short attempt's 'timed out': " + timedOut);
    }
}

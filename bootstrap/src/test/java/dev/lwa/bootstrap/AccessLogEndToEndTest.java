package dev.lwa.bootstrap;

import dev.lwa.bootstrap.logging.LogCapture;
import dev.lwa.core.event.SharedEvents;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static dev.lwa.bootstrap.AdapterHarness.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Beyond LWA: {@code AWS_LWA_ACCESS_LOG=true} logs one INFO line per invocation, tagged with its
 * request id, in the function's log format; through the emulator, the adapter and a real app, with
 * the adapter's log captured in-process.
 */
class AccessLogEndToEndTest {

    private static final Map<String, String> ON = Map.of("AWS_LWA_ACCESS_LOG", "true", "AWS_LWA_ERROR_STATUS_CODES", "500");

    private static List<String> access(LogCapture log, String marker) {
        return log.lines().stream().filter(l -> l.contains(marker)).toList();
    }

    /** Invokes, and returns the access line the invocation logged (exactly one). */
    private static String lineOf(AdapterHarness lwa, TestApp app, LogCapture log, String marker, byte[] event,
                                 boolean reachesApp) throws Exception {
        int before = access(log, marker).size();
        InvocationResult r = lwa.invoke(Invoke.of(event));
        if (reachesApp) {
            app.take();
        }
        // a stream reaches the caller as it ends, a moment before the handler writes the line
        List<String> lines = access(log, marker);
        for (long until = System.nanoTime() + 5_000_000_000L; lines.size() == before && System.nanoTime() < until; ) {
            Thread.sleep(5);
            lines = access(log, marker);
        }
        List<String> all = lines;
        assertEquals(before + 1, all.size(), () -> "one access line per invocation: " + log.lines());
        String line = all.getLast();
        assertTrue(line.contains(r.requestId()), () -> "tagged with the request id " + r.requestId() + ": " + line);
        return line;
    }

    private static void matches(String regex, String line) {
        assertTrue(Pattern.compile(regex).matcher(line).matches(), () -> "expected " + regex + "\n     got " + line);
    }

    @Test
    void textLines() throws Exception {
        try (LogCapture log = LogCapture.start(false);
             TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), ON)) {
            String m = "INFO lwa.access: ";
            String rid = " requestId=[0-9a-f-]+";
            matches(m + "GET /items 200 \\d+ ms, 0 bytes in, \\d+ bytes out" + rid,
                    lineOf(lwa, app, log, m, TestEvent.functionUrl("GET", "/items").rawQuery("token=secret").bytes(), true));
            matches(m + "POST /echo 200 \\d+ ms, 5 bytes in, \\d+ bytes out" + rid,
                    lineOf(lwa, app, log, m, TestEvent.rest("POST", "/echo").body("hello").bytes(), true));
            matches(m + "GET /big/1234 200 \\d+ ms, 0 bytes in, 1234 bytes out" + rid,
                    lineOf(lwa, app, log, m, TestEvent.httpApi("GET", "/big/1234").bytes(), true));
            byte[] sqs = SharedEvents.bytes("powertools/sqsEvent.json");
            matches(m + "POST /events 200 \\d+ ms, " + sqs.length + " bytes in, \\d+ bytes out" + rid,
                    lineOf(lwa, app, log, m, sqs, true));
            // failed ones: the app's status and the error type; lwa's own failure with no status
            matches(m + "GET /status/500 500 \\d+ ms, 0 bytes in, 0 bytes out, lwa.ErrorStatusCode" + rid,
                    lineOf(lwa, app, log, m, TestEvent.functionUrl("GET", "/status/500").bytes(), true));
            matches(m + "- - - \\d+ ms, 0 bytes in, 0 bytes out, lwa.InvalidEvent" + rid,
                    lineOf(lwa, app, log, m, "{\"broken".getBytes(), false));
            assertFalse(log.lines().stream().anyMatch(l -> l.contains("secret")), "no query in the log");
        }
    }

    @Test
    void jsonLinesHaveFieldsOfTheirOwn() throws Exception {
        try (LogCapture log = LogCapture.start(true);
             TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), ON)) {
            String m = "\"logger\":\"lwa.access\"";
            String line = lineOf(lwa, app, log, m, TestEvent.albMultiValue("PUT", "/put").body("abc").bytes(), true);
            JsonObject o = json(line);
            assertEquals("INFO", o.getString("level"));
            assertEquals("PUT", o.getString("method"));
            assertEquals("/put", o.getString("path"));
            assertEquals(200, o.getInt("status"));
            assertEquals(3, o.getInt("bytesIn"));
            assertTrue(o.getInt("bytesOut") > 0, line);
            assertTrue(o.getInt("durationMs") >= 0, line);
            assertTrue(o.getString("message").startsWith("PUT /put 200 "), line);
            assertFalse(o.containsKey("errorType"), line);
            assertFalse(o.getString("requestId").isEmpty(), line);

            JsonObject failed = json(lineOf(lwa, app, log, m, TestEvent.functionUrl("GET", "/status/500").bytes(), true));
            assertEquals(500, failed.getInt("status"));
            assertEquals("lwa.ErrorStatusCode", failed.getString("errorType"));
            assertEquals(0, failed.getInt("bytesOut"));

            JsonObject invalid = json(lineOf(lwa, app, log, m, "{\"broken".getBytes(), false));
            assertFalse(invalid.containsKey("status"), "no status when nothing answered");
            assertEquals("-", invalid.getString("method"));
            assertEquals("lwa.InvalidEvent", invalid.getString("errorType"));
        }
    }

    @Test
    void streamedInvocationsCountTheBytesStreamed() throws Exception {
        try (LogCapture log = LogCapture.start(true);
             TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.builder().appPort(app.port()).settings(ON).streaming().start()) {
            String m = "\"logger\":\"lwa.access\"";
            JsonObject o = json(lineOf(lwa, app, log, m, TestEvent.functionUrl("GET", "/big/70000").bytes(), true));
            assertEquals(200, o.getInt("status"));
            assertEquals(70000, o.getInt("bytesOut"));
            JsonObject pass = json(lineOf(lwa, app, log, m, "{\"Records\":[]}".getBytes(), true));
            assertEquals("/events", pass.getString("path"), "pass-through is buffered even in streaming mode");
        }
    }

    @Test
    void aStreamThatFailsAfterItsPreludeNamesTheErrorThoughItsStatusWentOut() throws Exception {
        try (LogCapture log = LogCapture.start(true);
             StreamingApp app = StreamingApp.start();
             AdapterHarness lwa = AdapterHarness.builder().appPort(app.port()).settings(ON).streaming().start()) {
            String m = "\"logger\":\"lwa.access\"";
            // Content-Length 1000, 100 bytes, then the app drops the connection: error trailers
            JsonObject o = json(lineOf(lwa, null, log, m, TestEvent.functionUrlEvent("/truncated", "").getBytes(), false));
            assertEquals(200, o.getInt("status"));
            assertEquals(100, o.getInt("bytesOut"));
            assertEquals("lwa.AppConnectionError", o.getString("errorType"));
        }
    }

    @Test
    void offLogsNothingPerInvocation() throws Exception {
        try (LogCapture log = LogCapture.start(false);
             TestApp app = TestApp.start();
             AdapterHarness lwa = AdapterHarness.start(app.port(), Map.of())) {
            lwa.invoke(Invoke.of(TestEvent.functionUrl("GET", "/items").bytes()));
            app.take();
            lwa.invoke(Invoke.of(SharedEvents.bytes("powertools/sqsEvent.json")));
            app.take();
            assertEquals(List.of(), access(log, "lwa.access"));
        }
    }
}

package dev.lwa.bootstrap.logging;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.ResourceBundle;
import java.util.ListResourceBundle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import static java.lang.System.Logger.Level.DEBUG;
import static java.lang.System.Logger.Level.ERROR;
import static java.lang.System.Logger.Level.INFO;
import static java.lang.System.Logger.Level.TRACE;
import static java.lang.System.Logger.Level.WARNING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LwaLoggingTest {

    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();
    private final System.Logger log = new LwaLoggerFinder().getLogger("lwa.readiness", LwaLoggingTest.class.getModule());

    @BeforeEach
    void capture() {
        LwaLogging.redirect(Optional.of(new PrintStream(captured, true, StandardCharsets.UTF_8)));
    }

    @AfterEach
    void restore() {
        LwaLogging.configure(INFO, false);
        LwaLogging.redirect(Optional.empty());
    }

    /** Physical stdout lines: split on \n only (String.lines() would also split on \r). */
    private List<String> lines() {
        List<String> pieces = List.of(captured.toString(StandardCharsets.UTF_8).split("\n", -1));
        return pieces.subList(0, pieces.size() - 1); // println ends every line with \n: the last piece is empty
    }

    private static JsonObject parse(String line) {
        try (var reader = jakarta.json.Json.createReader(new StringReader(line))) {
            return reader.readObject();
        }
    }

    // ---- resolution through the JDK ------------------------------------------------------------

    @Test
    void systemGetLoggerInThisJvmResolvesToLwaLoggerFinder() {
        assertInstanceOf(LwaLoggerFinder.class, System.LoggerFinder.getLoggerFinder());
        System.Logger viaJdk = System.getLogger("x");
        assertInstanceOf(LwaLogger.class, viaJdk);

        viaJdk.log(INFO, "hello from the JDK's front door");

        assertEquals(List.of("INFO x: hello from the JDK's front door"), lines());
    }

    // ---- text -----------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"TRACE,TRACE", "DEBUG,DEBUG", "INFO,INFO", "WARNING,WARN", "ERROR,ERROR"})
    void textLineIsLevelLoggerMessage(System.Logger.Level level, String shown) {
        LwaLogging.configure(TRACE, false);
        log.log(level, "app is not ready after 2000ms url=http://127.0.0.1:8080/");
        assertEquals(List.of(shown + " lwa.readiness: app is not ready after 2000ms url=http://127.0.0.1:8080/"), lines());
    }

    @Test
    void linesBelowTheLevelAreDroppedBeforeAnyFormatting() {
        LwaLogging.configure(WARNING, false);
        AtomicBoolean supplierCalled = new AtomicBoolean();
        Object explosiveParam = new Object() {
            @Override
            public String toString() {
                throw new AssertionError("formatted although filtered");
            }
        };

        log.log(INFO, () -> {
            supplierCalled.set(true);
            return "expensive";
        });
        log.log(DEBUG, "value {0}", explosiveParam);
        log.log(WARNING, "kept");
        log.log(ERROR, "kept too");

        assertFalse(supplierCalled.get());
        assertFalse(log.isLoggable(INFO));
        assertTrue(log.isLoggable(WARNING));
        assertEquals(List.of("WARN lwa.readiness: kept", "ERROR lwa.readiness: kept too"), lines());
    }

    @Test
    void offLogsNothingAndAllLogsEverything() {
        LwaLogging.configure(System.Logger.Level.OFF, false);
        log.log(ERROR, "silenced");
        assertFalse(log.isLoggable(ERROR));
        LwaLogging.configure(System.Logger.Level.ALL, false);
        log.log(TRACE, "everything");
        assertEquals(List.of("TRACE lwa.readiness: everything"), lines());
    }

    @Test
    void messageFormatParamsAndSuppliers() {
        log.log(INFO, "listening on port {0} after {1} ms", 8080, 1234);
        log.log(INFO, (Supplier<String>) () -> "from a supplier");
        log.log(INFO, "no params: {0} and 'quotes' stay");
        log.log(INFO, "{0,number,#.#} typed", 1.25);
        assertEquals(List.of(
                "INFO lwa.readiness: listening on port 8080 after 1234 ms",
                "INFO lwa.readiness: from a supplier",
                "INFO lwa.readiness: no params: {0} and 'quotes' stay",
                "INFO lwa.readiness: 1.2 typed"), lines());
    }

    @Test
    void resourceBundleKeysAreLocalised() {
        ResourceBundle bundle = new ListResourceBundle() {
            @Override
            protected Object[][] getContents() {
                return new Object[][] {{"greeting", "hello {0}"}};
            }
        };
        log.log(INFO, bundle, "greeting", "lambda");
        log.log(INFO, bundle, "not-a-key", (Throwable) null);
        assertEquals(List.of("INFO lwa.readiness: hello lambda", "INFO lwa.readiness: not-a-key"), lines());
    }

    @Test
    void exceptionAddsItsClassAndMessageOnOneLine() {
        log.log(ERROR, "app unreachable", new IOException("Connection refused"));
        log.log(WARNING, "wrapped", new IllegalStateException("pool closed", new IOException("reset")));
        log.log(WARNING, "wrapper", new RuntimeException(new IOException("reset")));
        assertEquals(List.of(
                "ERROR lwa.readiness: app unreachable: java.io.IOException: Connection refused",
                "WARN lwa.readiness: wrapped: java.lang.IllegalStateException: pool closed (caused by java.io.IOException: reset)",
                "WARN lwa.readiness: wrapper: java.lang.RuntimeException: java.io.IOException: reset"), lines());
    }

    @Test
    void stackTraceOnlyAtDebugAndStillOneStdoutLine() {
        log.log(ERROR, "no trace at info", new IOException("boom"));
        LwaLogging.configure(DEBUG, false);
        log.log(ERROR, "trace at debug", new IOException("boom"));

        List<String> lines = lines();
        assertEquals(2, lines.size(), "a \\r keeps CloudWatch's event whole; only \\n ends a line: " + lines);
        assertEquals("ERROR lwa.readiness: no trace at info: java.io.IOException: boom", lines.get(0));
        String[] parts = lines.get(1).split("\r");
        assertEquals("ERROR lwa.readiness: trace at debug: java.io.IOException: boom", parts[0]);
        assertEquals("java.io.IOException: boom", parts[1]);
        assertTrue(parts[2].startsWith("\tat dev.lwa.bootstrap.logging.LwaLoggingTest."), parts[2]);
    }

    @Test
    void newlinesInTextMessagesDoNotSplitTheLine() {
        log.log(INFO, "first\nsecond\r\nthird");
        assertEquals(List.of("INFO lwa.readiness: first\rsecond\rthird"), lines());
    }

    @Test
    void classNamedLoggersAreShortened() {
        System.Logger byClass = new LwaLoggerFinder().getLogger("dev.lwa.core.pipeline.Pipeline", getClass().getModule());
        byClass.log(INFO, "started");
        assertEquals(List.of("INFO lwa.core.pipeline.Pipeline: started"), lines());
        assertEquals("dev.lwa.core.pipeline.Pipeline", byClass.getName());
    }

    // ---- request id -------------------------------------------------------------------------------

    @Test
    void requestIdTagsLinesWithinItsScopeOnly() throws Exception {
        log.log(INFO, "before");
        LwaLogging.withRequestId("8f5b2c1e-1111", () -> log.log(INFO, "during"));
        String result = LwaLogging.callWithRequestId("req-2", () -> {
            log.log(INFO, "called");
            return "done";
        });
        log.log(INFO, "after");

        assertEquals("done", result);
        assertEquals(List.of(
                "INFO lwa.readiness: before",
                "INFO lwa.readiness: during requestId=8f5b2c1e-1111",
                "INFO lwa.readiness: called requestId=req-2",
                "INFO lwa.readiness: after"), lines());
        assertEquals(Optional.empty(), LwaLogging.currentRequestId());
    }

    @Test
    void concurrentInvocationsOnVirtualThreadsKeepTheirOwnIds() throws Exception {
        CountDownLatch bothInside = new CountDownLatch(2);
        Runnable logTwice = () -> {
            log.log(INFO, "start");
            bothInside.countDown();
            try {
                bothInside.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            log.log(INFO, "end");
        };
        Thread a = Thread.ofVirtual().start(() -> LwaLogging.withRequestId("A", logTwice));
        Thread b = Thread.ofVirtual().start(() -> LwaLogging.withRequestId("B", logTwice));
        a.join();
        b.join();

        List<String> lines = lines();
        assertEquals(4, lines.size());
        assertEquals(2, lines.stream().filter(l -> l.endsWith(" requestId=A")).count(), lines.toString());
        assertEquals(2, lines.stream().filter(l -> l.endsWith(" requestId=B")).count(), lines.toString());
    }

    @Test
    void carryRequestIdTakesTheIdToAnotherThread() throws Exception {
        Thread[] helper = new Thread[1];
        LwaLogging.withRequestId("streaming-1", () ->
                helper[0] = Thread.ofVirtual().start(LwaLogging.carryRequestId(() -> log.log(INFO, "pumped"))));
        helper[0].join();
        Thread plain = Thread.ofVirtual().start(LwaLogging.carryRequestId(() -> log.log(INFO, "no id")));
        plain.join();
        assertEquals(List.of("INFO lwa.readiness: pumped requestId=streaming-1", "INFO lwa.readiness: no id"), lines());
    }

    // ---- JSON -------------------------------------------------------------------------------------

    @ParameterizedTest
    @CsvSource({"TRACE,TRACE", "DEBUG,DEBUG", "INFO,INFO", "WARNING,WARN", "ERROR,ERROR"})
    void jsonLineHasLambdaKeysForEachLevel(System.Logger.Level level, String shown) {
        LwaLogging.configure(TRACE, true);
        log.log(level, "app is ready");

        List<String> lines = lines();
        assertEquals(1, lines.size());
        assertTrue(lines.getFirst().matches(
                "\\{\"timestamp\":\"\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\",\"level\":\"" + shown
                        + "\",\"logger\":\"lwa.readiness\",\"message\":\"app is ready\"}"), lines.getFirst());
    }

    @Test
    void jsonCarriesTheRequestIdWhenKnown() {
        LwaLogging.configure(INFO, true);
        LwaLogging.withRequestId("abc-123", () -> log.log(INFO, "forwarded"));
        JsonObject line = parse(lines().getFirst());
        assertEquals("abc-123", line.getString("requestId"));
        assertEquals("forwarded", line.getString("message"));
    }

    @Test
    void jsonEscapesQuotesNewlinesAndControlCharacters() {
        LwaLogging.configure(INFO, true);
        String nasty = "say \"hi\"\\ path=C:\\tmp\nnext\r\tline \u0000\u0001\u001f\u007f \u2028 ñ 😀 lone\ud800x";
        log.log(INFO, nasty);

        List<String> lines = lines();
        assertEquals(1, lines.size(), "one physical line");
        String raw = lines.getFirst();
        assertTrue(raw.contains("say \\\"hi\\\"\\\\ path=C:\\\\tmp\\nnext\\r\\tline \\u0000\\u0001\\u001f\\u007f \\u2028 ñ 😀 lone\\ud800x"), raw);
        assertEquals(nasty, parse(raw).getString("message"), "a real JSON parser reads back the exact text");
    }

    @Test
    void jsonIncludesExceptionInMessageAndStackTraceOnlyAtDebug() {
        LwaLogging.configure(INFO, true);
        log.log(ERROR, "failed", new IOException("boom \"quoted\""));
        LwaLogging.configure(DEBUG, true);
        log.log(ERROR, "failed", new IOException("boom"));

        JsonObject info = parse(lines().get(0));
        assertEquals("failed: java.io.IOException: boom \"quoted\"", info.getString("message"));
        assertFalse(info.containsKey("stackTrace"));

        JsonObject debug = parse(lines().get(1));
        List<String> frames = debug.getJsonArray("stackTrace").getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        assertEquals("java.io.IOException: boom", frames.getFirst());
        assertTrue(frames.get(1).startsWith("\tat dev.lwa.bootstrap.logging.LwaLoggingTest."), frames.get(1));
    }
}

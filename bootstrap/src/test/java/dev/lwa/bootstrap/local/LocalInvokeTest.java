package dev.lwa.bootstrap.local;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command lines of {@code ./lwa invoke} and {@code ./lwa event}, without starting anything. */
class LocalInvokeTest {

    @Test
    void theEventIsTakenOutAndTheRestIsLocalModesCommandLineOnAnEphemeralPort() {
        LocalInvoke.Parsed parsed = LocalInvoke.parse(List.of("--app-port", "3000", "--event", "e.json", "--timeout", "5s",
                "--", "node", "app.js", "--event", "x"));
        assertEquals("e.json", parsed.event());
        LocalOptions options = LocalOptions.parse(parsed.localArgs());
        assertEquals(0, options.port());
        assertEquals(java.util.OptionalInt.of(3000), options.appPort());
        assertEquals(Duration.ofSeconds(5), options.timeout());
        assertEquals(List.of("node", "app.js", "--event", "x"), options.command(), "the app's own arguments are left alone");
    }

    @Test
    void badCommandLinesAreRefused() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalInvoke.parse(List.of("--", "app")))
                .getMessage().contains("missing --event"));
        assertThrows(IllegalArgumentException.class, () -> LocalInvoke.parse(List.of("--event")));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalInvoke.parse(List.of("--event", "-", "--port", "1", "--", "a")))
                .getMessage().contains("unknown option --port"), "invoke listens on no port of the user's");
    }

    @Test
    void aCommandLineLocalModeRefusesIsReportedInOneLineUnderInvokesName() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalInvoke.run(List.of("--event", "-", "--app-port", "3000", "--", "app-that-must-not-start"),
                Map.of("AWS_LWA_PORT", "3001"), new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, code);
        assertEquals("", out.toString(StandardCharsets.UTF_8), "standard output carries only a result");
        List<String> lines = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "one line, no 'no result' after it: " + lines);
        assertTrue(lines.get(0).startsWith("lwa invoke: --app-port 3000 but AWS_LWA_PORT=3001"), lines.get(0));
        assertTrue(lines.get(0).endsWith("drop one of them"), lines.get(0));
    }

    @Test
    void theEventIsReadUnchangedAndMustBeJson() {
        byte[] event = " {\"Records\": []}\n".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(event, LocalInvoke.read("-", new ByteArrayInputStream(event)));
        assertThrows(IllegalArgumentException.class, () -> LocalInvoke.read("-", new ByteArrayInputStream(new byte[0])));
        String unclosed = assertThrows(IllegalArgumentException.class,
                () -> LocalInvoke.read("-", new ByteArrayInputStream("{\"a\":".getBytes(StandardCharsets.UTF_8)))).getMessage();
        assertTrue(unclosed.startsWith("the event in standard input is not a JSON document: ") && unclosed.length() > 60,
                "what is wrong, not only that something is: " + unclosed);
        assertEquals("cannot read the event from /nonexistent/e.json: no such file", assertThrows(IllegalArgumentException.class,
                () -> LocalInvoke.read("/nonexistent/e.json", new ByteArrayInputStream(new byte[0]))).getMessage());
    }

    @Test
    void everySampleIsOnTheClassPathAndEndsWithANewlineWhenPrinted() {
        for (LocalEvents.Sample sample : LocalEvents.SAMPLES) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertEquals(0, LocalEvents.run(List.of(sample.kind()), new PrintStream(out), System.err));
            byte[] printed = out.toByteArray();
            assertTrue(printed.length > 100 && printed[printed.length - 1] == '\n', sample.kind());
            assertTrue(new String(printed, StandardCharsets.UTF_8).startsWith(new String(LocalEvents.bytes(sample), StandardCharsets.UTF_8)));
        }
        assertEquals(2, LocalEvents.run(List.of("nope"), new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream())));
    }
}

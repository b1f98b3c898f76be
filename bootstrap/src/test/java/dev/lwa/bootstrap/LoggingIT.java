package dev.lwa.bootstrap;

import dev.lwa.runtimeapi.json.TestJson;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code AWS_LAMBDA_LOG_LEVEL} and {@code AWS_LAMBDA_LOG_FORMAT}, checked on the packaged launcher
 * in its own process (logging is process-global, so it cannot be switched per test in-process):
 * JSON lines that Lambda's log pipeline can parse, the level honoured, an error line for a
 * failed invocation, and no noise at the default INFO level. Runs after {@code package}.
 */
class LoggingIT {
    private static final Path LAUNCHER = Path.of("target/layer/extensions/lambda-adapter").toAbsolutePath();
    private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    @TempDir
    Path dir;
    private TestApp app;
    private LambdaEmulator emulator;
    private Process adapter;

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.destroyForcibly();
        }
        if (emulator != null) {
            emulator.close();
        }
        if (app != null) {
            app.close();
        }
    }

    private void startAdapter(Map<String, String> settings) throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is missing or not executable: run mvn package");
        app = TestApp.start();
        emulator = LambdaEmulator.builder().port(0).functionTimeout(Duration.ofSeconds(10)).start();
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString()).directory(dir.toFile())
                .redirectOutput(dir.resolve("stdout.log").toFile()).redirectError(dir.resolve("stderr.log").toFile());
        Map<String, String> env = new HashMap<>(emulator.extensionEnvironment());
        env.put("AWS_LWA_PORT", Integer.toString(app.port()));
        env.putAll(settings);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("RUST_LOG"));
        pb.environment().putAll(env);
        adapter = pb.start();
        assertTrue(emulator.awaitParkedPollers(1, Duration.ofSeconds(20)), this::output);
    }

    /** SHUTDOWN, then the whole of stdout once the process has exited (nothing can be missing). */
    private List<String> shutdownAndReadStdout() throws Exception {
        emulator.shutdown("spindown", Duration.ofMillis(500));
        assertTrue(adapter.waitFor(10, TimeUnit.SECONDS), "the adapter did not exit after SHUTDOWN");
        assertEquals(0, adapter.exitValue(), this::output);
        return Files.readAllLines(dir.resolve("stdout.log"), StandardCharsets.UTF_8).stream()
                .filter(l -> !l.isEmpty()).toList();
    }

    private String stdout() {
        try {
            return Files.readString(dir.resolve("stdout.log"));
        } catch (IOException e) {
            return "";
        }
    }

    private String output() {
        try {
            return "\nstdout:\n" + stdout() + "\nstderr:\n" + Files.readString(dir.resolve("stderr.log"));
        } catch (IOException e) {
            return "no output: " + e;
        }
    }

    private InvocationResult invoke(String path, String requestId) {
        return emulator.invoke(Invoke.of(TestEvent.functionUrl("GET", path).bytes()).requestId(requestId));
    }

    @Test
    void jsonFormatAtDebugWritesOneJsonObjectPerLineWithLevelAndMessage() throws Exception {
        startAdapter(Map.of("AWS_LAMBDA_LOG_FORMAT", "JSON", "AWS_LAMBDA_LOG_LEVEL", "DEBUG",
                "AWS_LWA_ASYNC_INIT", "yes")); // an unreadable boolean: a WARN line at start-up
        assertTrue(invoke("/json", "req-ok").isResponse());
        InvocationResult tooLarge = invoke("/big/7000000", "req-big");
        assertEquals("lwa.PayloadTooLarge", tooLarge.errorType().orElseThrow());
        InvocationResult invalid = emulator.invoke(Invoke.of("{oops".getBytes(StandardCharsets.UTF_8)).requestId("req-bad"));
        assertEquals("lwa.InvalidEvent", invalid.errorType().orElseThrow());

        List<JsonObject> lines = new ArrayList<>();
        for (String line : shutdownAndReadStdout()) {
            JsonValue value;
            try {
                value = TestJson.parse(line.getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                fail("not a JSON line: " + line + output());
                return;
            }
            if (!(value instanceof JsonObject o)) {
                fail("not a JSON object: " + line);
                return;
            }
            for (String key : List.of("timestamp", "level", "logger", "message")) {
                assertTrue(o.get(key) instanceof JsonString, "'" + key + "' missing in " + line);
            }
            assertTrue(LEVELS.contains(o.getString("level")), "Lambda's level words only: " + line);
            lines.add(o);
        }
        assertTrue(lines.stream().anyMatch(o -> o.getString("level").equals("DEBUG")), "DEBUG is on" + output());
        assertTrue(lines.stream().anyMatch(o -> o.getString("level").equals("WARN")
                && o.getString("message").contains("AWS_LWA_ASYNC_INIT")), "the config warning" + output());
        JsonObject big = lines.stream().filter(o -> o.getString("level").equals("ERROR")
                && o.getString("message").contains("lwa.PayloadTooLarge")).findFirst()
                .orElseGet(() -> fail("no ERROR line for the payload that was too large" + output()));
        assertEquals("req-big", big.getString("requestId", ""), "the line carries the request id");
        assertTrue(lines.stream().anyMatch(o -> o.getString("level").equals("ERROR")
                && o.getString("message").contains("lwa.InvalidEvent")), output());
    }

    @Test
    void atTheDefaultInfoLevelSuccessfulInvocationsLogNothing() throws Exception {
        startAdapter(Map.of());
        String beforeInvocations = stdout();
        for (int i = 0; i < 5; i++) {
            assertTrue(invoke("/quiet/" + i, "quiet-" + i).isResponse());
        }
        List<String> all = shutdownAndReadStdout();
        String after = String.join("\n", all);
        for (int i = 0; i < 5; i++) {
            assertFalse(after.contains("quiet-" + i), "a successful invocation logged something:\n" + after);
        }
        List<String> newLines = new ArrayList<>(all);
        newLines.removeAll(beforeInvocations.lines().toList());
        assertTrue(newLines.stream().allMatch(l -> l.contains("stopping")),
                "only the shutdown line may follow the start-up lines: " + newLines + output());
        assertTrue(all.stream().noneMatch(l -> l.startsWith("{")), "text lines by default: " + all);
        assertTrue(all.stream().noneMatch(l -> l.startsWith("DEBUG") || l.startsWith("TRACE")), "nothing below INFO: " + all);
    }

    @Test
    void theAppBeingReadyIsOneInfoLineWithTheTimeAndProbes() throws Exception {
        startAdapter(Map.of());
        List<String> lines = shutdownAndReadStdout();
        List<String> ready = lines.stream().filter(l -> l.contains("app ready after")).toList();
        assertEquals(1, ready.size(), lines::toString);
        assertTrue(ready.getFirst().matches("INFO lwa\\.readiness: app ready after \\d+ ms \\(\\d+ probes?\\) url=http://.*"),
                ready.getFirst());
    }

    @Test
    void atDebugEachInvocationIsOneLineNamingTheRequestIdOnce() throws Exception {
        startAdapter(Map.of("AWS_LAMBDA_LOG_LEVEL", "DEBUG"));
        assertTrue(invoke("/json", "req-one").isResponse());
        assertTrue(emulator.invoke(Invoke.of("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8)).requestId("req-sqs")).isResponse());
        List<String> lines = shutdownAndReadStdout();
        List<String> one = lines.stream().filter(l -> l.contains("req-one")).toList();
        assertEquals(1, one.size(), "one line per invocation: " + one + output());
        String line = one.getFirst();
        assertTrue(line.matches("DEBUG lwa\\.invoke: GET /json -> 200 in \\d+ ms \\(.*\\) requestId=req-one"), line);
        assertEquals(line.indexOf("req-one"), line.lastIndexOf("req-one"), "the request id once: " + line);
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("DEBUG lwa.invoke: POST /events (pass-through) -> 200")
                && l.endsWith("requestId=req-sqs")), lines::toString);
    }

    @Test
    void albWithoutMultiValueHeadersWarnsOnceThatOnlyOneCookieGetsThrough() throws Exception {
        startAdapter(Map.of());
        for (int i = 0; i < 3; i++) {
            assertTrue(emulator.invoke(Invoke.of(TestEvent.alb("GET", "/cookies").bytes())).isResponse());
        }
        List<String> warnings = shutdownAndReadStdout().stream().filter(l -> l.contains("multi_value_headers")).toList();
        assertEquals(1, warnings.size(), warnings::toString);
        assertTrue(warnings.getFirst().startsWith("WARN ") && warnings.getFirst().contains("only the first Set-Cookie"),
                warnings.getFirst());
    }

    @Test
    void atErrorLevelOnlyErrorsAreWritten() throws Exception {
        startAdapter(Map.of("AWS_LAMBDA_LOG_LEVEL", "error", "AWS_LWA_ASYNC_INIT", "yes"));
        assertEquals("lwa.PayloadTooLarge", invoke("/big/7000000", "req-big").errorType().orElseThrow());
        List<String> lines = shutdownAndReadStdout();
        assertTrue(lines.stream().allMatch(l -> l.startsWith("ERROR ")), "no INFO or WARN lines: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("lwa.PayloadTooLarge") && l.contains("requestId=req-big")), output());
    }
}

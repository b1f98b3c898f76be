package dev.lwa.emulator;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * AWS's own Java runtime interface client (aws-lambda-java-runtime-interface-client 2.10.1, with its
 * native curl-based client) in a subprocess, against the emulator: a real third-party runtime.
 */
class JavaRuntimeInterfaceClientTest {

    static final Duration JVM_START = Duration.ofSeconds(60);

    /** Starts {@code java ... AWSLambda <handler>} with the emulator's environment; output goes to target/. */
    static Process startRic(LambdaEmulator emu, String handler) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(javaBin.toString(), "--enable-native-access=ALL-UNNAMED",
                "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", classPath, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler);
        Map<String, String> env = builder.environment();
        env.clear(); // the runtime sees what Lambda gives it, nothing of the test JVM's environment
        env.putAll(emu.runtimeEnvironment());
        env.put("_HANDLER", handler);
        // no LAMBDA_TASK_ROOT: the RIC's class loader falls back to the system class path, where the handler is
        Path log = Path.of("target", "ric-" + handler.replaceAll("[^A-Za-z0-9]", "_") + ".log");
        Files.createDirectories(log.getParent());
        builder.redirectErrorStream(true).redirectOutput(log.toFile());
        return builder.start();
    }

    static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    static String log(String handler) {
        try {
            return Files.readString(Path.of("target", "ric-" + handler.replaceAll("[^A-Za-z0-9]", "_") + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Test
    void bufferedResponseComesBackByteExact() throws Exception {
        String handler = "dev.lwa.emulator.handlers.Echo::handleRequest";
        try (LambdaEmulator emu = LambdaEmulator.builder().functionTimeout(Duration.ofSeconds(30)).start()) {
            Process ric = startRic(emu, handler);
            try {
                assertTrue(emu.awaitParkedPollers(1, JVM_START), () -> "the RIC never called /next: " + log(handler));
                StringBuilder json = new StringBuilder("{\"text\":\"");
                for (int i = 0; i < 5_000; i++) {
                    json.append("żółć ✓ 𝄞 \\\"quoted\\\" \\u0000 ").append(i).append(' ');
                }
                byte[] event = json.append("\"}").toString().getBytes(StandardCharsets.UTF_8);
                InvocationResult r = emu.invoke(Invoke.of(event).requestId("ric-echo-1"));
                assertEquals(InvocationResult.Kind.RESPONSE, r.kind(), () -> r + " " + r.bodyAsString() + log(handler));
                assertArrayEquals(event, r.body());
                assertEquals("ric-echo-1", r.requestId());

                // and again: the RIC loops on /next, the emulator keeps up
                InvocationResult second = emu.invoke(Invoke.of("[1,2,3]"));
                assertEquals("[1,2,3]", second.bodyAsString());
            } finally {
                stop(ric);
            }
        }
    }

    @Test
    void handlerExceptionArrivesAsAnErrorWithTheRicsErrorType() throws Exception {
        String handler = "dev.lwa.emulator.handlers.Boom::handleRequest";
        try (LambdaEmulator emu = LambdaEmulator.builder().start()) {
            Process ric = startRic(emu, handler);
            try {
                assertTrue(emu.awaitParkedPollers(1, JVM_START), () -> "the RIC never called /next: " + log(handler));
                InvocationResult r = emu.invoke(Invoke.of("{}"));
                assertEquals(InvocationResult.Kind.ERROR, r.kind(), () -> r + log(handler));
                assertEquals("Runtime.UserException", r.errorType().orElseThrow());
                assertEquals("Runtime.UserException", r.responseHeader("lambda-runtime-function-error-type").orElseThrow());
                JsonObject body = Json.createReader(new StringReader(r.bodyAsString())).readObject();
                assertEquals("boom", body.getString("errorMessage"));
                assertEquals("java.lang.IllegalStateException", body.getString("errorType"));
                assertTrue(body.getJsonArray("stackTrace").size() > 0, r.bodyAsString());
            } finally {
                stop(ric);
            }
        }
    }

    @Test
    void withMaxConcurrencyFourTheRicRunsFourInvocationsAtOnce() throws Exception {
        // each invocation waits until all four run at once (a rendezvous, not a sleep and a stopwatch)
        String handler = "dev.lwa.emulator.handlers.Rendezvous::handleRequest";
        try (LambdaEmulator emu = LambdaEmulator.builder().concurrency(4).start()) {
            assertEquals("4", emu.runtimeEnvironment().get("AWS_LAMBDA_MAX_CONCURRENCY"));
            Process ric = startRic(emu, handler);
            try {
                assertTrue(emu.awaitParkedPollers(4, JVM_START), () -> "the RIC did not park 4 /next calls ("
                        + emu.parkedPollers() + "): " + log(handler));
                List<CompletableFuture<InvocationResult>> futures = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    futures.add(emu.invokeAsync(Invoke.of("{}")));
                }
                List<JsonObject> runs = new ArrayList<>();
                for (CompletableFuture<InvocationResult> future : futures) {
                    InvocationResult r = future.get(60, TimeUnit.SECONDS);
                    assertEquals(InvocationResult.Kind.RESPONSE, r.kind(), () -> r + log(handler));
                    runs.add(Json.createReader(new StringReader(r.bodyAsString())).readObject());
                }

                // all four were running at one moment: the latest start precedes the earliest end
                long latestStart = runs.stream().mapToLong(o -> o.getJsonNumber("start").longValue()).max().orElseThrow();
                long earliestEnd = runs.stream().mapToLong(o -> o.getJsonNumber("end").longValue()).min().orElseThrow();
                assertTrue(latestStart < earliestEnd, () -> "the invocations did not overlap: " + runs);
                Set<String> threads = new HashSet<>();
                runs.forEach(o -> threads.add(o.getString("thread")));
                assertEquals(4, threads.size(), () -> "expected four runtime threads: " + runs);
            } finally {
                stop(ric);
            }
        }
    }

    @Test
    void snapStartTheRicCheckpointsRunsItsRestoreHooksAndThenServes() throws Exception {
        String handler = "dev.lwa.emulator.handlers.RestoreHooks::handleRequest";
        try (LambdaEmulator emu = LambdaEmulator.builder().initType("snap-start").restoreTimeout(JVM_START).start()) {
            CompletableFuture<InvocationResult> early = emu.invokeAsync(Invoke.of("{}"));
            Process ric = startRic(emu, handler);
            try {
                assertTrue(emu.awaitCheckpoint(JVM_START), () -> "the RIC never reached restore/next: " + log(handler));
                RestoreResult restored = emu.restore();
                assertInstanceOf(RestoreResult.Restored.class, restored, () -> restored + log(handler));
                InvocationResult r = early.get(60, TimeUnit.SECONDS);
                assertEquals("\"beforeCheckpoint=true afterRestore=true\"", r.bodyAsString(), () -> r + log(handler));
                assertEquals("/2018-06-01/runtime/restore/next", emu.runtimeCalls().getFirst().path());
            } finally {
                stop(ric);
            }
        }
    }

    @Test
    void snapStartAFailingAfterRestoreHookIsTheRicsRestoreError() throws Exception {
        String handler = "dev.lwa.emulator.handlers.FailingRestore::handleRequest";
        try (LambdaEmulator emu = LambdaEmulator.builder().initType("snap-start").restoreTimeout(JVM_START).start()) {
            Process ric = startRic(emu, handler);
            try {
                assertTrue(emu.awaitCheckpoint(JVM_START), () -> "the RIC never reached restore/next: " + log(handler));
                RestoreResult result = emu.restore();
                ErrorInfo error = assertInstanceOf(RestoreResult.Failed.class, result, () -> result + log(handler)).error();
                assertEquals("Runtime.AfterRestoreError", error.errorType());
                // the RIC reports the hooks' failure as the CRaC context's RestoreException
                assertTrue(error.bodyAsString().contains("RestoreException"), error::bodyAsString);
            } finally {
                stop(ric);
            }
        }
    }
}

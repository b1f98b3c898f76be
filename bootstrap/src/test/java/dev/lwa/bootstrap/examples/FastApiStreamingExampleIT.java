package dev.lwa.bootstrap.examples;

import dev.lwa.bootstrap.ExamplesIT;
import dev.lwa.bootstrap.ExamplesIT.Instruction;
import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.StreamListener;
import dev.lwa.runtimeapi.testing.PortReservation;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code examples/fastapi-streaming} end to end, as its Dockerfile runs it: the built layer's
 * launcher registers as Lambda starts {@code /opt/extensions/lambda-adapter} in the image, then the
 * image's {@code CMD} starts the FastAPI app (with Debian's {@code /usr/bin/python3}, which has
 * FastAPI and uvicorn from {@code python3-fastapi} and {@code python3-uvicorn}), with the Dockerfile's
 * {@code ENV}: {@code response_stream}, readiness on {@code /health} and async init. A Function URL
 * event for {@code /events} is answered as a stream: the prelude, then each server-sent event in its
 * own chunk, the first one arriving before the app has sent the last.
 *
 * <p>Async init is shown with a warm-up longer than lwa's wait: the test shortens that wait from
 * 9.8 s to 1 s with {@code AWS_LWA_READINESS_CHECK_TIMEOUT=1s} and makes the app's warm-up 4 s,
 * so lwa asks for invocations while the app is still warming up, and the first invocation finishes
 * the wait.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class FastApiStreamingExampleIT {
    private static final Path EXAMPLE = Path.of("../examples/fastapi-streaming").toAbsolutePath().normalize();
    private static final Path LAYER = Path.of("target/layer").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonProvider JSON = JsonProvider.provider();
    private static final int EVENTS = 5;

    @TempDir
    Path temp;

    @Test
    void serverSentEventsStreamThroughAFunctionUrlOneChunkEachAfterAnAsyncInit() throws Exception {
        Path python = pythonWithFastApi();
        Dockerfile image = Dockerfile.read(EXAMPLE.resolve("Dockerfile"));
        assertEquals("response_stream", image.env().get("AWS_LWA_INVOKE_MODE"));
        assertEquals("true", image.env().get("AWS_LWA_ASYNC_INIT"));
        assertEquals("/health", image.env().get("AWS_LWA_READINESS_CHECK_PATH"));
        assertEquals(image.env().get("PORT"), image.env().get("AWS_LWA_PORT"), "lwa must forward to the port the app listens on");
        assertEquals("python3", image.cmd().getFirst(), image.cmd()::toString);

        long started = System.nanoTime();
        try (PortReservation reserved = PortReservation.reserve();
             LambdaEmulator emulator = LambdaEmulator.builder().port(0).functionTimeout(Duration.ofSeconds(30)).start()) {
            String port = Integer.toString(reserved.port());
            Map<String, String> env = new HashMap<>(emulator.extensionEnvironment());
            env.putAll(image.env());
            env.put("PORT", port);
            env.put("AWS_LWA_PORT", port);
            env.put("AWS_LWA_READINESS_CHECK_TIMEOUT", "1s"); // async init's 9.8 s, shortened for the test
            env.put("WARMUP_SECONDS", "4");                    // ... and a warm-up longer than that
            env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));

            Process adapter = start(List.of(LAYER.resolve("extensions/lambda-adapter").toString()), env, temp, "adapter.log");
            Process app = null;
            try {
                assertTrue(emulator.awaitExtensions(1, WAIT), () -> "the launcher never registered\n" + logs());
                List<String> cmd = new ArrayList<>(image.cmd());
                cmd.set(0, python.toString());
                app = start(cmd, env, EXAMPLE, "app.log"); // the image's CMD, in its WORKDIR (the example's files)

                // Init ends while the app is still warming up: lwa polls for invocations.
                assertTrue(emulator.awaitParkedPollers(1, WAIT), () -> "the adapter never asked for an invocation\n" + logs());
                long pollingAtMs = System.currentTimeMillis();
                assertTrue(Files.readString(temp.resolve("adapter.log")).contains("the first invocation finishes the readiness check"),
                        this::logs);

                SseChunks chunks = new SseChunks();
                InvocationResult r = emulator.invoke(Invoke.of(functionUrlEvent("/events", "count=" + EVENTS + "&interval=0.5"))
                        .timeout(Duration.ofSeconds(30)), chunks);
                assertTrue(r.isResponse(), () -> r + "\n" + logs());
                assertTrue(r.streamed(), r::toString);
                assertEquals(Optional.of("streaming"), r.responseHeader("Lambda-Runtime-Function-Response-Mode"));
                assertEquals(Optional.of("application/vnd.awslambda.http-integration-response"), r.contentType());
                JsonObject prelude = JSON.createReader(new ByteArrayInputStream(r.prelude().orElseThrow())).readObject();
                assertEquals(200, prelude.getInt("statusCode"), prelude::toString);
                JsonObject headers = prelude.getJsonObject("headers");
                assertTrue(headers.getString("content-type").startsWith("text/event-stream"), prelude::toString);
                assertEquals("no-cache", headers.getString("cache-control"), prelude::toString);

                List<JsonObject> events = parse(r.bodyAsString());
                assertEquals(EVENTS, events.size(), r::bodyAsString);
                for (int i = 0; i < EVENTS; i++) {
                    assertEquals(i + 1, events.get(i).getInt("n"), r::bodyAsString);
                }
                // Streamed, not buffered: the events, 0.5 s apart, came in separate chunks (each in its own, unless a
                // stall of the busy machine let two meet), the first before the app sent the last.
                assertTrue(chunks.eventsPerChunk.size() >= EVENTS - 2, () -> "events per chunk: " + chunks.eventsPerChunk);
                System.out.println("fastapi-streaming example: events per chunk " + chunks.eventsPerChunk);
                long lastSent = events.getLast().getJsonNumber("sent_at_ms").longValue();
                assertTrue(chunks.firstEventAtMs < lastSent, () -> "the first event arrived at " + chunks.firstEventAtMs
                        + ", after the app sent the last at " + lastSent + ": the stream was buffered");

                // The same function answers a plain JSON request (streamed too, as a whole).
                InvocationResult health = emulator.invoke(Invoke.of(functionUrlEvent("/health", "")).timeout(Duration.ofSeconds(30)));
                assertTrue(health.isResponse(), health::toString);
                long readyAt = JSON.createReader(new StringReader(health.bodyAsString())).readObject()
                        .getJsonNumber("ready_at_ms").longValue();
                // Async init: lwa polled before the app was ready, and the first invocation waited for it.
                assertTrue(pollingAtMs < readyAt, "lwa polled at " + pollingAtMs + ", the app was ready at " + readyAt);
                long firstSent = events.getFirst().getJsonNumber("sent_at_ms").longValue();
                assertTrue(readyAt <= firstSent, "the first invocation reached the app before it was ready");

                Thread.ofVirtual().start(() -> emulator.shutdown("spindown", Duration.ofSeconds(2)));
                assertTrue(adapter.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), () -> "the adapter did not exit\n" + logs());
                assertEquals(0, adapter.exitValue(), this::logs);
                System.out.printf("fastapi-streaming example: %d ms%n", (System.nanoTime() - started) / 1_000_000);
            } finally {
                stop(app);
                stop(adapter);
            }
        }
    }

    /**
     * Debian's python3 (python3-fastapi, python3-uvicorn), else a python3 on PATH that has both. Missing:
     * skipped, or failed with {@code CI=true} (the rule of ExternalServers.requireExecutable).
     */
    private static Path pythonWithFastApi() throws Exception {
        List<Path> candidates = new ArrayList<>(List.of(Path.of("/usr/bin/python3")));
        for (String dir : Optional.ofNullable(System.getenv("PATH")).orElse("").split(":")) {
            if (!dir.isEmpty()) {
                candidates.add(Path.of(dir, "python3"));
            }
        }
        for (Path p : candidates) {
            if (Files.isExecutable(p)) {
                Process check = new ProcessBuilder(p.toString(), "-c", "import fastapi, uvicorn").redirectErrorStream(true).start();
                check.getInputStream().readAllBytes();
                if (check.waitFor(60, TimeUnit.SECONDS) && check.exitValue() == 0) {
                    return p;
                }
            }
        }
        String missing = "no python3 with FastAPI and uvicorn (apt-get install python3-fastapi python3-uvicorn)";
        if ("true".equals(System.getenv("CI"))) {
            return Assertions.fail(missing + ": with CI=true a missing tool fails the run instead of skipping its tests");
        }
        Assumptions.abort(missing + ": skipped (with CI=true this fails)");
        throw new AssertionError("unreachable");
    }

    /** For each body chunk holding the end of at least one event, how many events ended in it. */
    static final class SseChunks implements StreamListener {
        final List<Integer> eventsPerChunk = new ArrayList<>();
        volatile long firstEventAtMs = Long.MAX_VALUE;
        private final StringBuilder pending = new StringBuilder();

        @Override
        public synchronized void onBody(byte[] chunk, long nanoTime) {
            pending.append(new String(chunk, StandardCharsets.UTF_8));
            int ended = 0;
            int end;
            while ((end = pending.indexOf("\n\n")) >= 0) {
                pending.delete(0, end + 2);
                ended++;
            }
            if (ended > 0) {
                if (eventsPerChunk.isEmpty()) {
                    firstEventAtMs = System.currentTimeMillis();
                }
                eventsPerChunk.add(ended);
            }
        }
    }

    private static final Pattern DATA = Pattern.compile("(?m)^id: (\\d+)\nevent: tick\ndata: (.*)$");

    private static List<JsonObject> parse(String body) {
        List<JsonObject> events = new ArrayList<>();
        Matcher m = DATA.matcher(body);
        while (m.find()) {
            JsonObject data = JSON.createReader(new StringReader(m.group(2))).readObject();
            assertEquals(Integer.parseInt(m.group(1)), data.getInt("n"), body);
            events.add(data);
        }
        return events;
    }

    /** The last stage's ENV and CMD of a Dockerfile, read with {@link Instruction#parse}. */
    record Dockerfile(Map<String, String> env, List<String> cmd) {
        static Dockerfile read(Path file) throws IOException {
            List<Instruction> steps = Instruction.parse(Files.readString(file));
            List<Instruction> last = steps.subList(ExamplesIT.lastIndexOf(steps, "FROM"), steps.size());
            List<String> cmd = last.stream().filter(i -> i.is("CMD")).reduce((a, b) -> b)
                    .map(i -> JSON.createReader(new StringReader(i.args())).readArray()
                            .getValuesAs(jakarta.json.JsonString.class).stream().map(jakarta.json.JsonString::getString).toList())
                    .orElse(List.of());
            assertTrue(!cmd.isEmpty(), "no CMD (exec form) in the last stage of " + file);
            return new Dockerfile(Instruction.env(last), cmd);
        }
    }

    /** A Function URL request (payload 2.0, as Lambda sends it for {@code <id>.lambda-url.<region>.on.aws}). */
    static byte[] functionUrlEvent(String path, String query) {
        String domain = "abc123xyz.lambda-url.us-east-1.on.aws";
        return JSON.createObjectBuilder()
                .add("version", "2.0").add("routeKey", "$default").add("rawPath", path).add("rawQueryString", query)
                .add("headers", JSON.createObjectBuilder().add("host", domain).add("accept", "text/event-stream")
                        .add("user-agent", "curl/8.5.0"))
                .add("requestContext", JSON.createObjectBuilder()
                        .add("accountId", "anonymous").add("apiId", "abc123xyz").add("domainName", domain)
                        .add("domainPrefix", "abc123xyz").add("requestId", "req-" + System.nanoTime())
                        .add("routeKey", "$default").add("stage", "$default")
                        .add("http", JSON.createObjectBuilder().add("method", "GET").add("path", path)
                                .add("protocol", "HTTP/1.1").add("sourceIp", "198.51.100.7").add("userAgent", "curl/8.5.0"))
                        .add("time", "07/Dec/2026:12:00:00 +0000").add("timeEpoch", 1796644800000L))
                .add("isBase64Encoded", false)
                .build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private Process start(List<String> command, Map<String, String> env, Path dir, String logName) throws IOException {
        return ExampleProcesses.start(command, env, dir, temp.resolve(logName));
    }

    private static void stop(Process p) throws InterruptedException {
        ExampleProcesses.stop(p);
    }

    private String logs() {
        return ExampleProcesses.logs(temp, "adapter.log", "app.log");
    }
}

package dev.lwa.bootstrap.examples;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.RestoreResult;
import dev.lwa.runtimeapi.testing.ExternalServers;
import dev.lwa.runtimeapi.testing.PortReservation;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code examples/springboot} end to end, as its README deploys it: the example is built on its own
 * ({@code mvn -B package} in its folder, as a user would), its {@code target/function.zip} is
 * unpacked as Lambda unpacks it into the task root, and a SnapStart function's life is played
 * against the emulator: the built layer's launcher registers, the Java runtime is replaced by
 * {@code /opt/bootstrap} (the template's {@code AWS_LAMBDA_EXEC_WRAPPER}) running the zip's
 * {@code run.sh} with the JDK that runs this build, the Spring Boot app starts, lwa calls the
 * before-checkpoint hook and waits for the snapshot, the environment is restored, lwa calls the
 * after-restore hook and checks readiness again, and API Gateway HTTP API events reach the JSON API.
 * The settings are the template's own.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES) // the first build of the example downloads Spring Boot
class SpringBootExampleIT {
    private static final Path EXAMPLE = Path.of("../examples/springboot").toAbsolutePath().normalize();
    private static final Path LAYER = Path.of("target/layer").toAbsolutePath();
    private static final Duration APP_START = Duration.ofMinutes(3); // Spring Boot on a busy machine
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonProvider JSON = JsonProvider.provider();

    @TempDir
    Path temp;

    @Test
    void theSnapStartHooksRunInOrderAndTheJsonApiAnswersHttpApiEvents() throws Exception {
        Path mvn = ExternalServers.requireExecutable("mvn", "apt-get install maven", "/usr/share/maven/bin/mvn");
        long started = System.nanoTime();
        Path zip = buildExample(mvn);
        long built = System.nanoTime();

        Map<String, String> settings = templateEnvironment();
        assertEquals("/opt/bootstrap", settings.get("AWS_LAMBDA_EXEC_WRAPPER"));
        Path taskRoot = temp.resolve("var/task");
        unzip(zip, taskRoot);
        assertTrue(Files.isExecutable(taskRoot.resolve(settings.get("_HANDLER"))), "run.sh must unpack executable");

        try (PortReservation reserved = PortReservation.reserve();
             LambdaEmulator emulator = LambdaEmulator.builder().port(0).initType("snap-start")
                     .functionTimeout(Duration.ofSeconds(30)).restoreTimeout(Duration.ofSeconds(30)).memoryMb(1024).start()) {
            String port = Integer.toString(reserved.port());
            settings.put("PORT", port);
            settings.put("AWS_LWA_PORT", port);
            Map<String, String> env = new HashMap<>(emulator.extensionEnvironment());
            env.putAll(settings);
            env.remove("_HANDLER");
            env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));

            // Lambda starts the extension first, and the runtime once every extension has registered.
            Process adapter = start(List.of(LAYER.resolve("extensions/lambda-adapter").toString()), env, temp, "adapter.log");
            Process runtime = null;
            try {
                assertTrue(emulator.awaitExtensions(1, WAIT), () -> "the launcher never registered\n" + logs());
                Map<String, String> runtimeEnv = new HashMap<>(env);
                runtimeEnv.put("LAMBDA_TASK_ROOT", taskRoot.toString());
                runtimeEnv.put("_HANDLER", settings.get("_HANDLER"));
                // the Java runtime's java on PATH, as /var/lang/bin is on Lambda: here the JDK running this build
                runtimeEnv.put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + env.get("PATH"));
                runtime = start(List.of(LAYER.resolve("bootstrap").toString(), "/var/runtime/bootstrap"), runtimeEnv,
                        taskRoot, "runtime.log");

                // Init: the app starts, lwa finds it ready, calls the before-checkpoint hook, waits in restore/next.
                assertTrue(emulator.awaitCheckpoint(APP_START), () -> "no checkpoint; init error "
                        + emulator.initError() + "\n" + logs());
                long checkpoint = System.nanoTime();
                // What the snapshot holds, asked of the app directly: the hook closed the pool.
                JsonObject frozen = direct(reserved.port(), "/hooks");
                assertEquals(List.of("before-checkpoint"), hookNames(frozen), frozen::toString);
                assertEquals(4, frozen.getJsonArray("hooks").getJsonObject(0).getInt("closed"), frozen::toString);
                assertEquals(JsonValue.FALSE, frozen.get("poolOpen"), frozen::toString);

                RestoreResult restored = emulator.restore();
                assertInstanceOf(RestoreResult.Restored.class, restored, () -> restored + "\n" + logs());

                JsonObject hooks = json(ok(emulator, "GET", "/hooks", null, 200));
                assertEquals(List.of("before-checkpoint", "after-restore"), hookNames(hooks), hooks::toString);
                JsonObject after = hooks.getJsonArray("hooks").getJsonObject(1);
                assertEquals(4, after.getInt("opened"), hooks::toString);
                assertEquals(2, after.getInt("poolGeneration"), "a new pool after the restore: " + hooks);
                assertEquals(JsonValue.TRUE, hooks.get("poolOpen"), hooks::toString);

                JsonObject created = ok(emulator, "POST", "/api/orders", "{\"item\":\"coffee\",\"quantity\":2}", 201);
                assertEquals("/api/orders/1", header(created, "location"), created::toString);
                assertTrue(header(created, "content-type").startsWith("application/json"), created::toString);
                JsonObject order = json(created);
                assertEquals("coffee", order.getString("item"));
                assertEquals(2, order.getInt("quantity"));
                assertTrue(order.getString("connection").startsWith("conn-2-"), "served by the restored pool: " + order);

                assertEquals(order, json(ok(emulator, "GET", "/api/orders/1", null, 200)));
                assertEquals(404, json(ok(emulator, "GET", "/api/orders/999", null, 404)).getInt("status"));
                assertEquals(400, json(ok(emulator, "POST", "/api/orders", "{\"item\":\"\",\"quantity\":0}", 400)).getInt("status"));
                // The hooks are lwa's: a client asking for one gets 403 from lwa, and the app never sees it.
                ok(emulator, "POST", "/snapstart/before-checkpoint", null, 403);
                assertEquals(2, hookNames(json(ok(emulator, "GET", "/hooks", null, 200))).size());

                // SHUTDOWN: lwa stops and exits 0 (an extension that exits acknowledges nothing, so do not wait on it here)
                Thread.ofVirtual().start(() -> emulator.shutdown("spindown", Duration.ofSeconds(2)));
                assertTrue(adapter.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS), () -> "the adapter did not exit\n" + logs());
                assertEquals(0, adapter.exitValue(), this::logs);
                System.out.printf("springboot example: build %d ms, start to checkpoint %d ms, restore and requests %d ms%n",
                        (built - started) / 1_000_000, (checkpoint - built) / 1_000_000, (System.nanoTime() - checkpoint) / 1_000_000);
            } finally {
                stop(runtime);
                stop(adapter);
            }
        }
    }

    /**
     * {@code mvn -B -q package} in the example's folder with this build's JDK: offline first (fast when
     * the local repository has Spring Boot already), then with Maven Central for the first download.
     */
    private Path buildExample(Path mvn) throws Exception {
        Path log = temp.resolve("example-build.log");
        for (List<String> offline : List.of(List.of("-o"), List.<String>of())) {
            List<String> command = new ArrayList<>(List.of(mvn.toString(), "-B", "-q", "-Dstyle.color=never"));
            command.addAll(offline);
            command.add("package");
            ProcessBuilder pb = new ProcessBuilder(command).directory(EXAMPLE.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            Process p = pb.start();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError("mvn package of the example took over 10 minutes\n" + Files.readString(log));
            }
            if (p.exitValue() == 0) {
                Path zip = EXAMPLE.resolve("target/function.zip");
                assertTrue(Files.isRegularFile(zip), "mvn package made no " + zip);
                return zip;
            }
        }
        throw new AssertionError("mvn package of examples/springboot failed:\n" + Files.readString(log));
    }

    /** The function's environment variables in the example's template.yaml, plus its Handler as {@code _HANDLER}. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> templateEnvironment() throws IOException {
        Map<String, Object> template;
        try (Reader r = Files.newBufferedReader(EXAMPLE.resolve("template.yaml"))) {
            template = (Map<String, Object>) new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
        }
        Map<String, Object> resources = (Map<String, Object>) template.get("Resources");
        Map<String, Object> function = resources.values().stream().map(v -> (Map<String, Object>) v)
                .filter(r -> "AWS::Serverless::Function".equals(r.get("Type")))
                .map(r -> (Map<String, Object>) r.get("Properties")).findFirst().orElseThrow();
        assertEquals("target/function.zip", function.get("CodeUri"));
        assertEquals(Map.of("ApplyOn", "PublishedVersions"), function.get("SnapStart"));
        assertTrue(((String) function.get("Runtime")).startsWith("java"), "a Java managed runtime");
        Map<String, Object> vars = (Map<String, Object>) ((Map<String, Object>) function.get("Environment")).get("Variables");
        Map<String, String> env = new LinkedHashMap<>();
        vars.forEach((k, v) -> env.put(k, String.valueOf(v)));
        env.put("_HANDLER", (String) function.get("Handler"));
        return env;
    }

    private static void unzip(Path zip, Path to) throws IOException {
        try (ZipFile z = ZipFile.builder().setPath(zip).get()) {
            for (ZipArchiveEntry e : java.util.Collections.list(z.getEntries())) {
                Path out = to.resolve(e.getName()).normalize();
                assertTrue(out.startsWith(to), e.getName());
                if (e.isDirectory()) {
                    Files.createDirectories(out);
                    continue;
                }
                Files.createDirectories(out.getParent());
                try (InputStream in = z.getInputStream(e)) {
                    Files.copy(in, out);
                }
                if ((e.getUnixMode() & 0100) != 0) {
                    Set<PosixFilePermission> perms = Files.getPosixFilePermissions(out);
                    perms.add(PosixFilePermission.OWNER_EXECUTE);
                    Files.setPosixFilePermissions(out, perms);
                }
            }
        }
    }

    private Process start(List<String> command, Map<String, String> env, Path dir, String logName) throws IOException {
        return ExampleProcesses.start(command, env, dir, temp.resolve(logName));
    }

    private static void stop(Process p) throws InterruptedException {
        ExampleProcesses.stop(p);
    }

    private String logs() {
        return ExampleProcesses.logs(temp, "adapter.log", "runtime.log");
    }

    /** Invokes with an API Gateway HTTP API (payload 2.0) event; returns the envelope, its status checked. */
    private JsonObject ok(LambdaEmulator emulator, String method, String path, String body, int status) {
        InvocationResult r = emulator.invoke(Invoke.of(httpApiEvent(method, path, body)).timeout(Duration.ofSeconds(30)));
        assertTrue(r.isResponse(), () -> method + " " + path + ": " + r + "\n" + logs());
        JsonObject envelope = JSON.createReader(new ByteArrayInputStream(r.body())).readObject();
        assertEquals(status, envelope.getInt("statusCode"), () -> method + " " + path + ": " + envelope);
        return envelope;
    }

    private static JsonObject json(JsonObject envelope) {
        assertEquals(JsonValue.FALSE, envelope.get("isBase64Encoded"), envelope::toString);
        return JSON.createReader(new StringReader(envelope.getString("body"))).readObject();
    }

    private static String header(JsonObject envelope, String name) {
        JsonObject headers = envelope.getJsonObject("headers");
        return headers.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).map(headers::getString).findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " header: " + envelope));
    }

    private static List<String> hookNames(JsonObject hooks) {
        return hooks.getJsonArray("hooks").getValuesAs(JsonObject.class).stream().map(h -> h.getString("hook")).toList();
    }

    private static JsonObject direct(int port, String path) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r::body);
            return JSON.createReader(new StringReader(r.body())).readObject();
        }
    }

    /** What API Gateway sends for a request to the HTTP API's default stage ({@code $default} route). */
    static byte[] httpApiEvent(String method, String path, String body) {
        JsonObject headers = JSON.createObjectBuilder()
                .add("host", "abc123.execute-api.us-east-1.amazonaws.com")
                .add("accept", "application/json")
                .add("user-agent", "curl/8.5.0")
                .addAll(body == null ? JSON.createObjectBuilder() : JSON.createObjectBuilder()
                        .add("content-type", "application/json")
                        .add("content-length", Integer.toString(body.getBytes(StandardCharsets.UTF_8).length)))
                .build();
        var event = JSON.createObjectBuilder()
                .add("version", "2.0").add("routeKey", "$default").add("rawPath", path).add("rawQueryString", "")
                .add("headers", headers)
                .add("requestContext", JSON.createObjectBuilder()
                        .add("accountId", "123456789012").add("apiId", "abc123")
                        .add("domainName", "abc123.execute-api.us-east-1.amazonaws.com").add("domainPrefix", "abc123")
                        .add("http", JSON.createObjectBuilder().add("method", method).add("path", path)
                                .add("protocol", "HTTP/1.1").add("sourceIp", "198.51.100.7").add("userAgent", "curl/8.5.0"))
                        .add("requestId", "req-" + System.nanoTime()).add("routeKey", "$default").add("stage", "$default")
                        .add("time", "07/Dec/2026:12:00:00 +0000").add("timeEpoch", 1796644800000L))
                .add("isBase64Encoded", false);
        if (body != null) {
            event.add("body", body);
        }
        return event.build().toString().getBytes(StandardCharsets.UTF_8);
    }
}

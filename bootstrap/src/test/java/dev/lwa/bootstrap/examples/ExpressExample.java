package dev.lwa.bootstrap.examples;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.Invoke;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.runtimeapi.testing.ExternalServers;
import dev.lwa.runtimeapi.testing.PortReservation;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Node examples ({@code examples/express}, {@code examples/express-sqs}) run as a zip function with
 * the built layer: the example is copied to a task root and gets its {@code npm ci}; the layer's own
 * launcher ({@code target/layer/extensions/lambda-adapter}) starts against the emulator and registers;
 * then, as Lambda starts the managed runtime, the layer's exec wrapper ({@code target/layer/bootstrap})
 * runs the example's handler script {@code run.sh}, which execs {@code node app.js}. Both get the
 * emulator's environment plus the variables of the example's SAM template, the app's port being one
 * the OS chose. Stopping plays Lambda's shutdown: SHUTDOWN to the extension, then SIGTERM to the app.
 */
final class ExpressExample implements AutoCloseable {
    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();
    static final Path LAYER = Path.of("target/layer").toAbsolutePath();
    /** For everything that waits on another process: generous, the build machine may be busy. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    final LambdaEmulator emulator;
    private final PortReservation port;
    private final Process adapter;
    private final Process app;
    final Path adapterLog;
    final Path appLog;

    private ExpressExample(LambdaEmulator emulator, PortReservation port, Process adapter, Process app,
                           Path adapterLog, Path appLog) {
        this.emulator = emulator;
        this.port = port;
        this.adapter = adapter;
        this.app = app;
        this.adapterLog = adapterLog;
        this.appLog = appLog;
    }

    /**
     * Copies {@code examples/<name>} (without any node_modules) to {@code <temp>/var/task} and installs
     * its locked dependencies there with {@code npm ci}, as {@code sam build} or the Dockerfile does.
     * node and npm missing, or npm failing, skip the test, unless {@code CI=true}: then they fail it.
     */
    static Path taskRoot(String name, Path temp) throws IOException, InterruptedException {
        Path npm = ExternalServers.requireExecutable("npm", "Node.js 20 with npm", "/usr/bin/npm", "/usr/local/bin/npm");
        ExternalServers.requireExecutable("node", "Node.js 20 with npm", "/usr/bin/node", "/usr/local/bin/node");
        Path source = EXAMPLES.resolve(name);
        Path taskRoot = temp.resolve("var/task");
        copyTree(source, taskRoot);
        Path log = temp.resolve("npm-ci.log");
        // --prefer-offline: .ci/run has installed the same lock file once, so the packages are in npm's cache.
        Process npmCi = new ProcessBuilder(npm.toString(), "ci", "--omit=dev", "--prefer-offline", "--no-audit",
                "--no-fund", "--loglevel=error")
                .directory(taskRoot.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = npmCi.waitFor(180, TimeUnit.SECONDS);
        if (!done || npmCi.exitValue() != 0) {
            npmCi.destroyForcibly();
            String why = "npm ci in a copy of examples/" + name + (done ? " exited " + npmCi.exitValue() : " took over 180 s")
                    + ":\n" + Files.readString(log);
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail(why);
            }
            Assumptions.abort(why + "\n(skipped: offline without npm's cache? With CI=true this fails)");
        }
        return taskRoot;
    }

    /**
     * Starts the function: the layer's launcher first, waiting until it registered, then the wrapper
     * with {@code run.sh}; returns once the adapter polls for invocations (so the app is ready).
     */
    static ExpressExample start(Path taskRoot, Map<String, String> functionEnv, Path temp) throws IOException {
        PortReservation port = PortReservation.reserve();
        LambdaEmulator emulator = null;
        Process adapter = null;
        Process app = null;
        Path adapterLog = temp.resolve("adapter.log");
        Path appLog = temp.resolve("app.log");
        try {
            emulator = LambdaEmulator.builder().port(0).functionTimeout(Duration.ofSeconds(30)).start();
            Map<String, String> env = new HashMap<>(emulator.extensionEnvironment());
            env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
            env.putAll(functionEnv);
            env.put("PORT", Integer.toString(port.port()));
            env.put("AWS_LWA_PORT", Integer.toString(port.port()));
            adapter = launch(List.of(LAYER.resolve("extensions/lambda-adapter").toString()), env, temp, adapterLog);
            if (!emulator.awaitExtensions(1, PATIENCE)) {
                throw new AssertionError("the layer's launcher never registered\n" + read(adapterLog));
            }
            // As Lambda: the runtime starts once every extension has registered, as "<wrapper> <runtime command>".
            Map<String, String> runtimeEnv = new HashMap<>(env);
            runtimeEnv.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            runtimeEnv.put("_HANDLER", "run.sh");
            app = launch(List.of(LAYER.resolve("bootstrap").toString(), "/var/runtime/bootstrap"), runtimeEnv, taskRoot, appLog);
            ExpressExample example = new ExpressExample(emulator, port, adapter, app, adapterLog, appLog);
            if (!emulator.awaitParkedPollers(1, PATIENCE)) {
                example.close();
                throw new AssertionError("the adapter never asked for an invocation" + example.logs());
            }
            return example;
        } catch (IOException | RuntimeException | Error e) {
            destroy(app);
            destroy(adapter);
            if (emulator != null) {
                emulator.close();
            }
            port.close();
            throw e;
        }
    }

    private static Process launch(List<String> command, Map<String, String> env, Path dir, Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().clear(); // only what Lambda would give: no JAVA_HOME, no LWA_JAVA
        pb.environment().putAll(env);
        return pb.start();
    }

    InvocationResult invoke(byte[] event) {
        return emulator.invoke(Invoke.of(event));
    }

    /** How the function stopped: the adapter's and the app's exit codes. */
    record Stopped(int adapterExit, int appExit) {
    }

    /**
     * Lambda's shutdown: SHUTDOWN to the extension and waiting for the launcher to exit; then SIGTERM
     * to the runtime's process (the app, which run.sh exec'd) and waiting for it to exit.
     */
    Stopped shutdown() throws InterruptedException {
        // emulator.shutdown waits for a next /event/next, which an adapter that exits never makes: wait for the exit instead
        Thread.ofVirtual().name("express-example-shutdown").start(() -> emulator.shutdown("spindown", Duration.ofSeconds(2)));
        if (!adapter.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the launcher did not exit after SHUTDOWN" + logs());
        }
        app.destroy(); // SIGTERM
        if (!app.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)) {
            throw new AssertionError("the app did not exit after SIGTERM" + logs());
        }
        return new Stopped(adapter.exitValue(), app.exitValue());
    }

    /** The exec'd app's command line, e.g. {@code node /tmp/.../app.js}. */
    String appCommandLine() throws IOException {
        return Files.readString(Path.of("/proc", Long.toString(app.pid()), "cmdline"), StandardCharsets.UTF_8).replace('\0', ' ').strip();
    }

    String logs() {
        return "\nadapter log:\n" + read(adapterLog) + "\napp log:\n" + read(appLog);
    }

    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(none)";
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        destroy(app);
        destroy(adapter);
        emulator.close();
        port.close();
    }

    private static void destroy(Process p) {
        if (p != null && p.isAlive()) {
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ---- the example's files ---------------------------------------------------------------------

    /** The one {@code AWS::Serverless::Function} of {@code examples/<name>/template.yaml}: its properties. */
    static Map<String, Object> samFunction(String name) throws IOException {
        Map<String, Object> template = yaml(EXAMPLES.resolve(name).resolve("template.yaml"));
        List<Map<String, Object>> functions = map(template.get("Resources")).values().stream().map(ExpressExample::map)
                .filter(r -> "AWS::Serverless::Function".equals(r.get("Type"))).toList();
        Assertions.assertEquals(1, functions.size(), "one function in examples/" + name + "/template.yaml");
        return map(functions.getFirst().get("Properties"));
    }

    static Map<String, Object> yaml(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file)) {
            return map(new Yaml(new SafeConstructor(new LoaderOptions())).load(r));
        }
    }

    /** The template's function environment, as strings. */
    static Map<String, String> environment(Map<String, Object> function) {
        Map<String, String> env = new HashMap<>();
        map(map(function.get("Environment")).get("Variables")).forEach((k, v) -> env.put(k, String.valueOf(v)));
        return env;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        Assertions.assertInstanceOf(Map.class, o, "expected a mapping");
        return (Map<String, Object>) o;
    }

    /** The packaged layer zip's name: {@code lwa-layer-<arch>.zip} beside the tree. */
    static Path layerZip() throws IOException {
        try (var files = Files.list(LAYER.getParent())) {
            return files.filter(f -> f.getFileName().toString().matches("lwa-layer-[a-z0-9_]+\\.zip")).findFirst()
                    .orElseThrow(() -> new AssertionError("no lwa-layer-<arch>.zip in " + LAYER.getParent() + ": run mvn package"));
        }
    }

    /**
     * The name {@code mvn package} gives the lwa image ({@code lwa-layer:<project version>}, the jib
     * configuration in bootstrap's pom), which the Dockerfiles' {@code ARG LWA_IMAGE} must default to.
     */
    static String lwaImageName() throws IOException {
        java.util.Properties pom = new java.util.Properties();
        try (Reader r = Files.newBufferedReader(LAYER.getParent().resolve("maven-archiver/pom.properties"))) {
            pom.load(r);
        }
        return "lwa-layer:" + pom.getProperty("version");
    }

    /** A sample event {@code ./lwa event} prints (Powertools' real events, in bootstrap's resources). */
    static JsonObject sampleEvent(String file) {
        String resource = "/dev/lwa/bootstrap/local/events/powertools/" + file;
        try (InputStream in = ExpressExample.class.getResourceAsStream(resource)) {
            Assertions.assertNotNull(in, "no resource " + resource);
            return Json.createReader(in).readObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    static JsonObject json(byte[] bytes) {
        return Json.createReader(new ByteArrayInputStream(bytes)).readObject();
    }

    /**
     * A payload 2.0 event (HTTP API or Function URL) made from one of AWS's samples: its method, path,
     * query, cookies, headers and body replaced; the rest (request context, the sample's own headers)
     * as the service sent it.
     */
    static byte[] v2Event(JsonObject sample, String method, String path, String query, List<String> cookies,
                          Map<String, String> headers, String body) {
        JsonObjectBuilder http = Json.createObjectBuilder(sample.getJsonObject("requestContext").getJsonObject("http"))
                .add("method", method).add("path", path);
        JsonObjectBuilder context = Json.createObjectBuilder(sample.getJsonObject("requestContext")).add("http", http);
        JsonObjectBuilder h = Json.createObjectBuilder(sample.getJsonObject("headers"));
        headers.forEach(h::add);
        JsonObjectBuilder event = Json.createObjectBuilder(sample).add("rawPath", path).add("rawQueryString", query)
                .add("requestContext", context).add("headers", h).add("isBase64Encoded", false)
                .remove("queryStringParameters").remove("pathParameters").remove("cookies").remove("body");
        if (!cookies.isEmpty()) {
            JsonArrayBuilder c = Json.createArrayBuilder();
            cookies.forEach(c::add);
            event.add("cookies", c);
        }
        if (body != null) {
            event.add("body", body);
        }
        return event.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    // ---- files -----------------------------------------------------------------------------------

    /** Copies a tree keeping file modes (run.sh must stay executable), leaving node_modules out. */
    static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (dir.getFileName().toString().equals("node_modules")) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}

package dev.lwa.bootstrap.examples;

import dev.lwa.emulator.FrontDoor;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.emulator.Trigger;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * What the flask, nginx and any-http examples' tests share: one example run as in Lambda, with the
 * built layer's launcher ({@code bootstrap/target/layer/extensions/lambda-adapter}, a process of its
 * own with only Lambda's environment), the example's own start command as the function's runtime
 * process, the emulator, and the emulator's front door playing the example's trigger. Clients call
 * {@link Stack#url}, as they would call the API, the load balancer or the Function URL.
 */
final class StaticAndFlaskExamples {
    static final Path EXAMPLES = Path.of("../examples").toAbsolutePath().normalize();
    static final Path LAYER = Path.of("target/layer").toAbsolutePath();
    private static final JsonProvider JSON = JsonProvider.provider();

    private StaticAndFlaskExamples() {
    }

    /**
     * A tool the example needs: skipped when missing, but with {@code CI=true} a failure that says
     * what to install (the rule of {@code ExternalServers.requireExecutable}).
     */
    static <T> T require(Optional<T> found, String missing) {
        if (found.isPresent()) {
            return found.get();
        }
        if ("true".equals(System.getenv("CI"))) {
            return Assertions.fail(missing + ": with CI=true a missing tool fails the run instead of skipping its tests");
        }
        Assumptions.abort(missing + ": skipped (with CI=true this fails)");
        throw new AssertionError("unreachable");
    }

    /** The first of these Pythons that can import every module named (exit status 0). */
    static Optional<Path> pythonWith(String imports, String... candidates) {
        for (String c : candidates) {
            Path python = Path.of(c);
            if (Files.isExecutable(python)) {
                try {
                    Process p = new ProcessBuilder(python.toString(), "-c", "import " + imports)
                            .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                    if (p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0) {
                        return Optional.of(python);
                    }
                    p.destroyForcibly();
                } catch (IOException e) {
                    // not usable: try the next
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10)).build();
    }

    static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    }

    static JsonObject json(byte[] body) {
        return JSON.createReader(new ByteArrayInputStream(body)).readObject();
    }

    static JsonObject json(String body) {
        return json(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    /** An example running: the emulator, the layer's launcher, the app and the front door. */
    static final class Stack implements AutoCloseable {
        final LambdaEmulator emulator;
        final FrontDoor door;
        final Process adapter;
        final Process app;
        final Path adapterLog;
        final Path appLog;
        /** Every request through the front door, with the invocation's result (the envelope the trigger got). */
        final BlockingQueue<FrontDoor.Exchange> exchanges = new LinkedBlockingQueue<>();

        private Stack(LambdaEmulator emulator, FrontDoor door, Process adapter, Process app, Path adapterLog, Path appLog) {
            this.emulator = emulator;
            this.door = door;
            this.adapter = adapter;
            this.app = app;
            this.adapterLog = adapterLog;
            this.appLog = appLog;
        }

        /**
         * Starts it as Lambda does: the launcher first (it registers as an extension), then the app as
         * the runtime process, in {@code appDir}, told its port as {@code PORT}; returns once the
         * adapter found the app ready and asks for invocations.
         *
         * @param settings the function's environment: {@code AWS_LWA_*} settings and the app's own variables
         */
        static Stack start(Trigger trigger, int appPort, Map<String, String> settings, List<String> appCommand,
                           Path appDir, String path, Path workDir) throws IOException {
            LambdaEmulator emulator = LambdaEmulator.builder().port(0).functionTimeout(Duration.ofSeconds(30)).start();
            Process adapter = null;
            Process app = null;
            FrontDoor door = null;
            Path adapterLog = Files.createTempFile(workDir, "adapter", ".log");
            Path appLog = Files.createTempFile(workDir, "app", ".log");
            try {
                Map<String, String> env = new HashMap<>(emulator.extensionEnvironment());
                env.put("PATH", path);
                env.putAll(settings);
                env.put("AWS_LWA_PORT", Integer.toString(appPort));
                env.put("PORT", Integer.toString(appPort));
                ProcessBuilder launcher = new ProcessBuilder(LAYER.resolve("extensions/lambda-adapter").toString())
                        .directory(workDir.toFile()).redirectErrorStream(true).redirectOutput(adapterLog.toFile());
                launcher.environment().clear(); // only what Lambda gives the function
                launcher.environment().putAll(env);
                adapter = launcher.start();
                if (!emulator.awaitExtensions(1, Duration.ofSeconds(60))) {
                    throw new AssertionError("the launcher never registered\n" + read(adapterLog));
                }
                ProcessBuilder runtime = new ProcessBuilder(appCommand).directory(appDir.toFile())
                        .redirectErrorStream(true).redirectOutput(appLog.toFile());
                runtime.environment().clear();
                runtime.environment().putAll(env);
                app = runtime.start();
                if (!emulator.awaitParkedPollers(1, Duration.ofSeconds(90))) {
                    throw new AssertionError("the adapter never asked for an invocation (app not ready?)\n"
                            + read(adapterLog) + "\napp log:\n" + read(appLog));
                }
                Stack[] self = new Stack[1];
                door = FrontDoor.start(emulator, "127.0.0.1", 0, trigger, e -> self[0].exchanges.add(e));
                self[0] = new Stack(emulator, door, adapter, app, adapterLog, appLog);
                return self[0];
            } catch (IOException | RuntimeException | Error e) {
                stop(app);
                stop(adapter);
                if (door != null) {
                    door.close();
                }
                emulator.close();
                throw e;
            }
        }

        /** The trigger's URL for {@code path} (under the stage for a REST API). */
        URI url(String path) {
            return URI.create(door.baseUrl() + path);
        }

        /** The next request's exchange through the front door (waits for it). */
        FrontDoor.Exchange nextExchange() throws InterruptedException {
            FrontDoor.Exchange e = exchanges.poll(30, TimeUnit.SECONDS);
            Assertions.assertNotNull(e, () -> "no exchange reported\n" + logs());
            return e;
        }

        /** The envelope the function returned for the next exchange. */
        JsonObject nextEnvelope() throws InterruptedException {
            FrontDoor.Exchange e = nextExchange();
            return json(e.result().orElseThrow(() -> new AssertionError("no invocation for " + e)).body());
        }

        String logs() {
            return "adapter log:\n" + read(adapterLog) + "\napp log:\n" + read(appLog);
        }

        @Override
        public void close() {
            door.close();
            stop(app);
            stop(adapter);
            emulator.close();
        }

        private static void stop(Process p) {
            if (p == null) {
                return;
            }
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }

        private static String read(Path p) {
            try {
                return Files.readString(p);
            } catch (IOException e) {
                return "(unreadable: " + e + ")";
            }
        }
    }

    /** Sends and waits, with the stack's logs on failure. */
    static HttpResponse<byte[]> send(Stack stack, HttpClient client, HttpRequest request) throws Exception {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new AssertionError(request + " failed\n" + stack.logs(), e);
        }
    }
}

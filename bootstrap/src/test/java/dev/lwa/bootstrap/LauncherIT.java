package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.LambdaEmulator;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build contract (issue 2 §4): the packaged launcher, started from another working directory
 * with only environment variables, serves a real third-party app ({@code python3 -m http.server}).
 * Runs after {@code package} (failsafe), because it needs the layer tree.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("target/layer/extensions/lambda-adapter").toAbsolutePath();

    @TempDir
    Path site;
    @TempDir
    Path elsewhere;
    private Process python;
    private Process adapter;
    private LambdaEmulator emulator;
    private int appPort;

    @BeforeEach
    void start() throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is missing or not executable: run mvn package");
        Files.writeString(site.resolve("hello.txt"), "hello from python\n");
        appPort = LifecycleEndToEndTest.freePort();
        python = new ProcessBuilder("python3", "-m", "http.server", Integer.toString(appPort), "--bind", "127.0.0.1")
                .directory(site.toFile()).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        awaitListening(appPort);
        emulator = LambdaEmulator.builder().port(0).functionTimeout(Duration.ofSeconds(10)).start();
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString()).directory(elsewhere.toFile())
                .redirectErrorStream(true).redirectOutput(elsewhere.resolve("adapter.log").toFile());
        pb.environment().putAll(emulator.runtimeEnvironment());
        pb.environment().put("AWS_LWA_PORT", Integer.toString(appPort));
        adapter = pb.start();
        assertTrue(emulator.awaitParkedPollers(1, Duration.ofSeconds(20)), this::log);
    }

    @AfterEach
    void stop() {
        if (adapter != null) {
            adapter.destroyForcibly();
        }
        if (python != null) {
            python.destroyForcibly();
        }
        if (emulator != null) {
            emulator.close();
        }
    }

    @Test
    void servesTheAppAndExitsZeroOnShutdown() throws Exception {
        InvocationResult r = emulator.invoke(LifecycleEndToEndTest.event("/hello.txt").getBytes());
        assertTrue(r.isResponse(), () -> r + "\n" + log());
        JsonObject envelope = AdapterHarness.json(r.body());
        assertEquals(200, envelope.getInt("statusCode"));
        assertEquals("hello from python\n", envelope.getString("body"));
        assertEquals("lambda-adapter", emulator.extensions().getFirst().name(), "registered under the file name");

        emulator.shutdown("spindown", Duration.ofSeconds(2));
        assertTrue(adapter.waitFor(10, TimeUnit.SECONDS), "the adapter did not exit after SHUTDOWN");
        assertEquals(0, adapter.exitValue(), this::log);
    }

    @Test
    void sigtermExitsZero() throws Exception {
        assertTrue(emulator.invoke(LifecycleEndToEndTest.event("/hello.txt").getBytes()).isResponse());
        adapter.destroy(); // SIGTERM
        assertTrue(adapter.waitFor(10, TimeUnit.SECONDS), "the adapter did not exit after SIGTERM");
        assertEquals(0, adapter.exitValue(), this::log);
    }

    private String log() {
        try {
            return "adapter log:\n" + Files.readString(elsewhere.resolve("adapter.log"));
        } catch (IOException e) {
            return "no adapter log: " + e;
        }
    }

    private static void awaitListening(int port) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < end) {
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                Thread.sleep(20);
            }
        }
        throw new AssertionError("python3 -m http.server did not listen on " + port);
    }
}

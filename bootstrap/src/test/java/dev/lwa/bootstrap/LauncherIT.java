package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.LambdaEmulator;
import dev.lwa.runtimeapi.testing.ExternalServers;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The build contract (README, "Build contract"): the packaged launcher, started from another working directory
 * with only environment variables, serves a real third-party app ({@code python3 -m http.server}).
 * Runs after {@code package} (failsafe), because it needs the layer tree.
 */
class LauncherIT {
    private static final Path LAUNCHER = Path.of("target/layer/extensions/lambda-adapter").toAbsolutePath();

    @TempDir
    Path site;
    @TempDir
    Path elsewhere;
    private ExternalServers.PythonHttpServer python;
    private Process adapter;
    private LambdaEmulator emulator;
    private int appPort;

    @BeforeEach
    void start() throws Exception {
        assertTrue(Files.isExecutable(LAUNCHER), LAUNCHER + " is missing or not executable: run mvn package");
        Path python3 = ExternalServers.requireExecutable("python3", "apt-get install python3", "/usr/bin/python3");
        Files.writeString(site.resolve("hello.txt"), "hello from python\n");
        python = ExternalServers.startPythonHttpServer(python3, site); // on a port it chose and said
        appPort = python.port();
        emulator = LambdaEmulator.builder().port(0).functionTimeout(Duration.ofSeconds(10)).start();
        ProcessBuilder pb = new ProcessBuilder(LAUNCHER.toString()).directory(elsewhere.toFile())
                .redirectErrorStream(true).redirectOutput(elsewhere.resolve("adapter.log").toFile());
        pb.environment().putAll(emulator.extensionEnvironment());
        pb.environment().put("AWS_LWA_PORT", Integer.toString(appPort));
        adapter = pb.start();
        assertTrue(emulator.awaitParkedPollers(1, Duration.ofSeconds(20)), this::log);
    }

    @AfterEach
    void stop() throws InterruptedException {
        if (adapter != null) {
            adapter.destroyForcibly();
        }
        if (python != null) {
            python.close();
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
}

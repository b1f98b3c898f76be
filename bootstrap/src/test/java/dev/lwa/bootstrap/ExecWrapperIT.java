package dev.lwa.bootstrap;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.runtimeapi.testing.ExternalServers;
import dev.lwa.runtimeapi.testing.PortReservation;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LWA's zip flow (docs/distribution.md, "Installing it") with the packaged layer and the example app: Lambda starts
 * the extension, then runs the managed runtime through {@code AWS_LAMBDA_EXEC_WRAPPER=/opt/bootstrap},
 * which drops the runtime's own command and execs the function's handler script
 * ({@code examples/app/run.sh}); the script starts the web app, and an invocation is answered by it.
 */
class ExecWrapperIT {
    private static final Path EXAMPLE_APP = Path.of("../examples/app").toAbsolutePath().normalize();

    @TempDir
    Path temp;

    @Test
    void theWrapperReplacesTheRuntimeWithTheHandlerScriptAndItsAppAnswers() throws Exception {
        Path taskRoot = temp.resolve("var/task");
        LayerRun.copyTree(EXAMPLE_APP, taskRoot);
        assertTrue(Files.isExecutable(taskRoot.resolve("run.sh")), "examples/app/run.sh must be executable");
        ExternalServers.requireExecutable("python3", "apt-get install python3", "/usr/bin/python3"); // run.sh's app
        // the app is told its port (PORT): a reserved one, which no other process can take (see PortReservation)
        try (PortReservation reserved = PortReservation.reserve();
             LayerRun adapter = LayerRun.start(LayerRun.LAYER, Map.of("AWS_LWA_PORT", Integer.toString(reserved.port())), temp)) {
            int port = reserved.port();
            // As Lambda: the runtime starts once every extension has registered (LayerRun waited for it),
            // as "<wrapper> <the runtime's own command>", in the task root.
            Map<String, String> env = new HashMap<>(adapter.emulator.runtimeEnvironment());
            env.put("PATH", Optional.ofNullable(System.getenv("PATH")).orElse("/usr/bin:/bin"));
            env.put("LAMBDA_TASK_ROOT", taskRoot.toString());
            env.put("_HANDLER", "run.sh");
            env.put("PORT", Integer.toString(port));
            Path wrapper = LayerRun.LAYER.resolve("bootstrap");
            ProcessBuilder pb = new ProcessBuilder(List.of(wrapper.toString(), "/var/runtime/bootstrap", "--not-for-the-app"))
                    .directory(taskRoot.toFile()).redirectErrorStream(true).redirectOutput(temp.resolve("runtime.log").toFile());
            pb.environment().clear();
            pb.environment().putAll(env);
            Process runtime = pb.start();
            try {
                assertTrue(adapter.awaitPolling(), () -> adapter.log() + runtimeLog());
                InvocationResult r = adapter.emulator.invoke(LayerRun.httpApiGet("/hello", Map.of()));
                assertTrue(r.isResponse(), () -> r + "\n" + adapter.log() + runtimeLog());
                JsonObject envelope = LayerRun.envelope(r);
                assertEquals(200, envelope.getInt("statusCode"), envelope::toString);
                JsonObject body = JsonProvider.provider().createReader(new StringReader(envelope.getString("body"))).readObject();
                assertEquals("hello from lwa", body.getString("message"));
                assertEquals("/hello", body.getString("path"));
                // exec, not a child: the runtime's process is now the app, and the runtime's arguments are gone.
                String commandLine = Files.readString(Path.of("/proc", Long.toString(runtime.pid()), "cmdline"),
                        StandardCharsets.UTF_8).replace('\0', ' ');
                assertTrue(commandLine.contains("app.py") && !commandLine.contains("--not-for-the-app"), commandLine);
            } finally {
                runtime.destroyForcibly();
                runtime.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private String runtimeLog() {
        try {
            return "\nruntime log:\n" + Files.readString(temp.resolve("runtime.log"));
        } catch (IOException e) {
            return "\nno runtime log: " + e;
        }
    }
}

package dev.lwa.benchmarks;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.LambdaEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InlineAdapterTest {

    @Test
    void servesHttpEventsThroughCoresHandlerAndTheApp(@TempDir Path dir) throws Exception {
        byte[] body = Events.jsonBody(64);
        try (FixedResponseServer app = FixedResponseServer.start(body, "application/json");
             HotPath hot = new HotPath(app.port());
             LambdaEmulator emu = LambdaEmulator.builder().port(0).start()) {
            byte[] event = Events.event(Events.Kind.HTTP_V2, 64);
            byte[] expected = hot.payload(HotPath.invocation(event));
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), InlineAdapter.class.getName());
            pb.environment().putAll(emu.extensionEnvironment());
            pb.environment().put("AWS_LWA_PORT", Integer.toString(app.port()));
            pb.redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
            Process p = pb.start();
            try {
                for (int i = 0; i < 3; i++) {
                    assertTrue(emu.awaitParkedPollers(1, Duration.ofSeconds(30)), "the prototype polls /next");
                    InvocationResult r = emu.invoke(event);
                    assertEquals(InvocationResult.Kind.RESPONSE, r.kind(), r.toString());
                    assertEquals(new String(expected), r.bodyAsString(), "the envelope the adapter's handler builds");
                }
                assertEquals(1 + 3, app.requests(), "one request per invoke reached the app");
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

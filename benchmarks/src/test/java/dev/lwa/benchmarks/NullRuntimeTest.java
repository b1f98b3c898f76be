package dev.lwa.benchmarks;

import dev.lwa.emulator.InvocationResult;
import dev.lwa.emulator.LambdaEmulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NullRuntimeTest {

    @ParameterizedTest
    @EnumSource(NullRuntime.Mode.class)
    void answersEveryInvocationWithTheFilesBytes(NullRuntime.Mode mode, @TempDir Path dir) throws Exception {
        Path answer = dir.resolve("answer.json");
        Files.writeString(answer, "{\"statusCode\":200,\"body\":\"fixed\"}");
        try (LambdaEmulator emu = LambdaEmulator.builder().port(0).start()) {
            ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), NullRuntime.class.getName(), "--mode", mode.name(), answer.toString());
            pb.environment().putAll(emu.runtimeEnvironment());
            pb.redirectErrorStream(true).redirectOutput(dir.resolve("log").toFile());
            Process p = pb.start();
            try {
                assertTrue(emu.awaitParkedPollers(1, Duration.ofSeconds(30)), "NullRuntime polls /next");
                for (String event : List.of("{\"a\":1}", "[1,2]", "\"three\"")) {
                    assertTrue(emu.awaitParkedPollers(1, Duration.ofSeconds(30)), "NullRuntime polls /next again");
                    InvocationResult r = emu.invoke(event.getBytes(StandardCharsets.UTF_8));
                    assertEquals(InvocationResult.Kind.RESPONSE, r.kind(), r.toString());
                    assertEquals("{\"statusCode\":200,\"body\":\"fixed\"}", r.bodyAsString());
                }
            } finally {
                p.destroy();
                p.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}

package dev.lwa.bootstrap.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalSummaryTest {

    @Test
    void onlySettingsThatChangeSomethingAreListed() {
        Map<String, String> env = Map.of(
                "AWS_LWA_PORT", "8080",                     // the default
                "PORT", "8080",
                "AWS_LWA_ASYNC_INIT", "true",                // not the default
                "AWS_LWA_READINESS_CHECK_PATH", "/health",   // not the default
                "AWS_LWA_READINESS_CHECK_PORT", "8080",      // same as the app's port: its default
                "AWS_LWA_ENABLE_COMPRESSION", "maybe",       // unreadable: ignored with a warning
                "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:1");
        assertEquals(List.of("AWS_LWA_ASYNC_INIT=true", "AWS_LWA_READINESS_CHECK_PATH=/health"),
                LocalSummary.settingsInEffect(env));
        assertEquals(List.of("AWS_LWA_PORT=3000"), LocalSummary.settingsInEffect(
                Map.of("AWS_LWA_PORT", "3000", "PORT", "3000", "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:1")));
    }

    @Test
    void theSettingsBeyondLwaAreListedToo() {
        Map<String, String> env = new java.util.TreeMap<>(Map.of(
                "AWS_LWA_TEXT_MEDIA_TYPES", "application/x-ndjson",
                "AWS_LWA_ACCESS_LOG", "true",
                "AWS_LWA_WEBSOCKET_PATH", "/ws",
                "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:1"));
        assertEquals(List.of("AWS_LWA_ACCESS_LOG=true", "AWS_LWA_TEXT_MEDIA_TYPES=application/x-ndjson",
                "AWS_LWA_WEBSOCKET_PATH=/ws"), LocalSummary.settingsInEffect(env).stream().sorted().toList());
        assertEquals(List.of(), LocalSummary.settingsInEffect(Map.of("AWS_LWA_ACCESS_LOG", "false",
                "AWS_LAMBDA_RUNTIME_API", "127.0.0.1:1")), "the default changes nothing");
    }

    @Test
    void theBlockNamesEverythingARequestDependsOn() throws Exception {
        LocalEnvironment.Ready ready = LocalEnvironmentTest.ready(List.of("--app-port", "8081"),
                Map.of("PORT", "3000", "AWS_LWA_READINESS_CHECK_PATH", "/health"));
        List<String> lines = new LocalSummary("http://127.0.0.1:9000", "function-url", ready.config(),
                List.of("node", "app.js", "--name", "my app"), true, ready.shadowedPort(),
                LocalSummary.settingsInEffect(ready.env()), "127.0.0.1:41234").lines();
        String all = String.join("\n", lines);
        assertTrue(lines.getFirst().startsWith("lwa local: http://127.0.0.1:9000 -> "), all);
        assertTrue(all.contains("trigger      function-url"), all);
        assertTrue(all.contains("mode         buffered"), all);
        assertTrue(all.contains("app          node app.js --name 'my app' (PORT=8081; your shell's PORT=3000 is not passed on)"), all);
        assertTrue(all.contains("readiness    GET http://127.0.0.1:8081/health"), all);
        assertTrue(all.contains("settings     AWS_LWA_PORT=8081 AWS_LWA_READINESS_CHECK_PATH=/health"), all);
        assertTrue(all.contains("runtime api  127.0.0.1:41234"), all);
        lines.forEach(l -> assertTrue(!l.contains("\n"), "a log line each"));
    }

    @Test
    void setsidIsLookedUpOnThePath() throws Exception {
        Path dir = Files.createTempDirectory("lwa-setsid");
        try {
            assertEquals(Optional.empty(), AppProcess.setsid(dir.toString()));
            assertEquals(Optional.empty(), AppProcess.setsid(null));
            Path fake = Files.createFile(dir.resolve("setsid"));
            fake.toFile().setExecutable(true);
            assertEquals(Optional.of(fake), AppProcess.setsid("/nonexistent:" + dir));
        } finally {
            Files.deleteIfExists(dir.resolve("setsid"));
            Files.delete(dir);
        }
    }
}

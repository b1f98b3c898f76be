package dev.lwa.bootstrap.local;

import dev.lwa.emulator.Trigger;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalOptionsTest {

    @Test
    void defaultsAreThoseTheReadmeShows() {
        LocalOptions o = LocalOptions.parse(List.of("local", "--", "python3", "-m", "http.server", "8080"));
        assertEquals(9000, o.port());
        assertEquals(OptionalInt.empty(), o.appPort(), "AWS_LWA_PORT, else PORT, else 8080 (LocalEnvironmentTest)");
        assertEquals(0, o.runtimeApiPort(), "a port the OS chooses");
        assertFalse(o.streaming());
        assertEquals(Duration.ofSeconds(30), o.timeout());
        assertFalse(o.snapStart());
        assertEquals(List.of("python3", "-m", "http.server", "8080"), o.command());
    }

    @Test
    void everyOptionIsRead() {
        LocalOptions o = LocalOptions.parse(List.of("local", "--port", "9100", "--app-port", "3000", "--mode", "stream",
                "--timeout", "2m", "--snapstart", "--runtime-api-port", "9001", "--", "node", "app.js", "--port", "1"));
        assertEquals(9100, o.port());
        assertEquals(OptionalInt.of(3000), o.appPort());
        assertEquals(9001, o.runtimeApiPort());
        assertTrue(o.streaming());
        assertEquals(Duration.ofMinutes(2), o.timeout());
        assertTrue(o.snapStart());
        assertEquals(List.of("node", "app.js", "--port", "1"), o.command(), "options after -- belong to the app");
        assertEquals(Duration.ofMillis(500), LocalOptions.parse(List.of("--timeout", "500ms", "--", "x")).timeout());
    }

    @Test
    void mistakesAreExplained() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse(List.of("local")))
                .getMessage().contains("missing --"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> LocalOptions.parse(List.of("local", "--")))
                .getMessage().contains("no command"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse(List.of("--port", "70000", "--", "x"))).getMessage().contains("0-65535"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse(List.of("--mode", "fast", "--", "x"))).getMessage().contains("buffered or stream"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse(List.of("--timeout", "30", "--", "x"))).getMessage().contains("30s"),
                "a bare number has no unit");
        for (String timeout : List.of("0s", "-5s", "16m")) {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> LocalOptions.parse(List.of("--timeout", timeout, "--", "x"))).getMessage().contains("at most 15m"),
                    timeout + ": a usage error, not a stack trace at start");
        }
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse(List.of("--verbose", "--", "x"))).getMessage().contains("unknown option"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse(List.of("--app-port", "0", "--", "x"))).getMessage().contains("1-65535"),
                "lwa must know where to probe the app");
    }

    @Test
    void concurrencyIsOneByDefaultAndAtMost64WithoutSnapStart() {
        assertEquals(1, LocalOptions.parse(List.of("local", "--", "x")).concurrency(), "one environment, one request at a time");
        assertEquals(8, LocalOptions.parse(List.of("local", "--concurrency", "8", "--", "x")).concurrency());
        for (String bad : List.of("0", "65", "two", "-1")) {
            assertTrue(assertThrows(IllegalArgumentException.class,
                    () -> LocalOptions.parse(List.of("--concurrency", bad, "--", "x"))).getMessage().contains("1 to 64"), bad);
        }
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse(List.of("--snapstart", "--concurrency", "2", "--", "x"))).getMessage().contains("no SnapStart"));
        assertEquals(1, LocalOptions.parse(List.of("--snapstart", "--concurrency", "1", "--", "x")).concurrency());
        assertTrue(LocalOptions.USAGE.contains("--concurrency"));
    }

    @Test
    void helpIsAskedForBeforeTheCommandOnly() {
        assertTrue(LocalOptions.wantsHelp(List.of("local", "--help")));
        assertTrue(LocalOptions.wantsHelp(List.of("local", "--port", "9000", "-h", "--", "x")));
        assertTrue(LocalOptions.wantsHelp(List.of("-h")));
        assertFalse(LocalOptions.wantsHelp(List.of("local", "--", "node", "app.js", "--help")), "the app's own --help");
        assertFalse(LocalOptions.wantsHelp(List.of("local", "--", "x")));
        assertTrue(LocalOptions.USAGE.contains("--runtime-api-port"));
    }

    @Test
    void triggersAndStages() {
        assertEquals(new Trigger.FunctionUrl(), LocalOptions.parse(List.of("--", "x")).trigger());
        assertEquals(new Trigger.RestApi("Prod"), LocalOptions.parse(List.of("--trigger", "rest-api", "--", "x")).trigger(),
                "a REST API always has a stage: SAM's default");
        assertEquals(new Trigger.RestApi("v1"),
                LocalOptions.parse(List.of("--trigger", "rest-api", "--stage", "v1", "--", "x")).trigger());
        assertEquals(new Trigger.HttpApi("$default"), LocalOptions.parse(List.of("--trigger", "http-api", "--", "x")).trigger());
        assertEquals(new Trigger.HttpApi("dev"),
                LocalOptions.parse(List.of("--stage", "dev", "--trigger", "http-api", "--", "x")).trigger());
        assertEquals(new Trigger.Alb(false), LocalOptions.parse(List.of("--trigger", "alb", "--", "x")).trigger());
        assertEquals(new Trigger.Alb(true), LocalOptions.parse(List.of("--trigger", "alb-multi", "--", "x")).trigger());
        assertTrue(LocalOptions.parse(List.of("--mode", "stream", "--trigger", "function-url", "--", "x")).streaming());
    }

    @Test
    void triggerMistakesAreExplainedInOneLine() {
        String stream = assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse(List.of("--trigger", "rest-api", "--mode", "stream", "--", "x"))).getMessage();
        assertTrue(stream.contains("only Function URLs stream") && !stream.contains("\n"), stream);
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse(List.of("--trigger", "sqs", "--", "x"))).getMessage().contains("alb-multi"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse(List.of("--trigger", "alb", "--stage", "x", "--", "x"))).getMessage()
                .contains("--stage is for"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> LocalOptions.parse(List.of("--trigger", "rest-api", "--stage", "a/b", "--", "x"))).getMessage()
                .contains("stage name"));
    }
}

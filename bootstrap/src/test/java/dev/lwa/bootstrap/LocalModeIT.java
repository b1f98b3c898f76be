package dev.lwa.bootstrap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Local mode as a user runs it ({@code ./lwa local ... -- python3 -m http.server}): the packaged
 * classpath, a real app, requests over HTTP, and a stop that takes the app down too.
 */
class LocalModeIT {
    @TempDir
    Path site;

    @Test
    void servesARealAppAsAFunctionUrlAndStopsItOnSigterm() throws Exception {
        Files.writeString(site.resolve("index.txt"), "hello local mode\n");
        int port = LifecycleEndToEndTest.freePort();
        int appPort = LifecycleEndToEndTest.freePort();
        Path log = site.resolve("local.log");
        Process local = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", Path.of("target/local/lib").toAbsolutePath() + "/*",
                "dev.lwa.bootstrap.local.LocalMode", "local", "--port", Integer.toString(port),
                "--app-port", Integer.toString(appPort), "--",
                "python3", "-m", "http.server", Integer.toString(appPort), "--bind", "127.0.0.1"))
                .directory(site.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpResponse<String> ok = awaitFirstAnswer(http, URI.create("http://127.0.0.1:" + port + "/index.txt"));
            assertEquals(200, ok.statusCode(), () -> ok.body() + readLog(log));
            assertEquals("hello local mode\n", ok.body());
            assertEquals(List.of("text/plain"), ok.headers().allValues("content-type"));

            HttpResponse<String> missing = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port + "/missing?x=1")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(404, missing.statusCode());
            assertTrue(awaitLog(log, "GET /missing?x=1 -> 404"), "one log line per request" + readLog(log));

            local.destroy(); // what Ctrl-C / SIGTERM does
            assertTrue(local.waitFor(15, TimeUnit.SECONDS), "local mode did not stop");
            assertFalse(listening(appPort), "the app was left running after local mode stopped");
            assertFalse(listening(port), "the front door was left open");
        } finally {
            local.descendants().forEach(ProcessHandle::destroyForcibly);
            local.destroyForcibly();
        }
    }

    private static HttpResponse<String> awaitFirstAnswer(HttpClient http, URI uri) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        IOException last = null;
        while (System.nanoTime() < end) {
            try {
                return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw new AssertionError("local mode never answered on " + uri, last);
    }

    private static boolean awaitLog(Path log, String text) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < end) {
            if (readLog(log).contains(text)) {
                return true;
            }
            Thread.sleep(20);
        }
        return false;
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String readLog(Path log) {
        try {
            return "\nlocal mode log:\n" + Files.readString(log);
        } catch (IOException e) {
            return "";
        }
    }
}

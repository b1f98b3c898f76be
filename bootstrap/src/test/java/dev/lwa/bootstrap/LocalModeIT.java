package dev.lwa.bootstrap;

import dev.lwa.runtimeapi.testing.ExternalServers;
import dev.lwa.runtimeapi.testing.PortReservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
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
        ExternalServers.requireExecutable("python3", "apt-get install python3", "/usr/bin/python3");
        Files.writeString(site.resolve("index.txt"), "hello local mode\n");
        // the app must be told its port: a reserved one, held until the end so that the check that
        // nothing listens there after the stop cannot meet another process's server
        try (PortReservation reserved = PortReservation.reserve()) {
            int appPort = reserved.port();
            LocalModeRun local = LocalModeRun.start(site, site.resolve("local.log"), List.of(
                    "--app-port", Integer.toString(appPort), "--",
                    "python3", "-m", "http.server", Integer.toString(appPort), "--bind", "127.0.0.1"));
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> ok = local.awaitFirstAnswer(http, "/index.txt", HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ok.statusCode(), () -> ok.body() + local.log());
                assertEquals("hello local mode\n", ok.body());
                assertEquals(List.of("text/plain"), ok.headers().allValues("content-type"));

                HttpResponse<String> missing = http.send(HttpRequest.newBuilder(local.uri("/missing?x=1")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(404, missing.statusCode());
                assertTrue(local.awaitLog("GET /missing?x=1 -> 404"), "one log line per request" + local.log());

                local.process.destroy(); // what Ctrl-C / SIGTERM does
                assertTrue(local.process.waitFor(15, TimeUnit.SECONDS), "local mode did not stop");
                assertFalse(listening(appPort), "the app was left running after local mode stopped");
                assertFalse(listening(local.port), "the front door was left open");
            } finally {
                local.process.descendants().forEach(ProcessHandle::destroyForcibly);
                local.process.destroyForcibly();
            }
        }
    }

    /**
     * One environment serves one request at a time; the others wait for it, and that wait is not the
     * function's timeout (on AWS they would go to other environments): four 2.5 s requests at once
     * with a 6 s timeout all succeed, though the last waits 7.5 s before it is taken.
     */
    @Test
    void requestsWaitingForTheEnvironmentAreNotTimedOut() throws Exception {
        ExternalServers.requireExecutable("python3", "apt-get install python3", "/usr/bin/python3");
        Path script = Files.writeString(site.resolve("hold.py"), HOLD_APP);
        try (PortReservation reserved = PortReservation.reserve()) {
            int appPort = reserved.port();
            LocalModeRun local = LocalModeRun.start(site, site.resolve("local.log"), List.of("--timeout", "6s",
                    "--app-port", Integer.toString(appPort), "--", "python3", script.toString(), Integer.toString(appPort)));
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                assertEquals(200, local.awaitFirstAnswer(http, "/", HttpResponse.BodyHandlers.ofString()).statusCode(), local::log);
                List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> answers = new java.util.ArrayList<>();
                for (int i = 1; i <= 4; i++) {
                    answers.add(http.sendAsync(HttpRequest.newBuilder(local.uri("/slow/" + i))
                            .timeout(java.time.Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString()));
                }
                for (int i = 1; i <= 4; i++) {
                    HttpResponse<String> r = answers.get(i - 1).get(60, TimeUnit.SECONDS);
                    assertEquals(200, r.statusCode(), "request " + i + ": " + r.body() + local.log());
                    assertEquals("done /slow/" + i, r.body());
                }
            } finally {
                local.stop();
            }
        }
    }

    /**
     * Answers /hold only once /release came (the two must be in the app at the same time), and
     * /slow/... after 2.5 s.
     */
    private static final String HOLD_APP = """
            import sys, threading, time
            from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler
            released = threading.Event()
            class Handler(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"
                def do_GET(self):
                    if self.path == "/release":
                        released.set()
                        body = b"released"
                    elif self.path == "/hold":
                        body = b"held, released=%s" % str(released.wait(60)).encode()
                    elif self.path.startswith("/slow/"):
                        time.sleep(2.5)
                        body = b"done " + self.path.encode()
                    else:
                        body = b"ok"
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                def log_message(self, *args):
                    pass
            ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
            """;

    @Test
    void withConcurrencyARequestIsServedWhileAnotherIsStillInTheApp() throws Exception {
        ExternalServers.requireExecutable("python3", "apt-get install python3", "/usr/bin/python3");
        Path script = Files.writeString(site.resolve("hold.py"), HOLD_APP);
        try (PortReservation reserved = PortReservation.reserve()) {
            int appPort = reserved.port();
            LocalModeRun local = LocalModeRun.start(site, site.resolve("local.log"), List.of("--concurrency", "2",
                    "--app-port", Integer.toString(appPort), "--", "python3", script.toString(), Integer.toString(appPort)));
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                assertEquals(200, local.awaitFirstAnswer(http, "/", HttpResponse.BodyHandlers.ofString()).statusCode(), local::log);
                assertTrue(local.log().contains("2 invocations at once (Managed Instances)"), local::log);
                var held = http.sendAsync(HttpRequest.newBuilder(local.uri("/hold")).build(), HttpResponse.BodyHandlers.ofString());
                // one at a time, /release would wait behind /hold, and /hold for /release: 60 s, then "False"
                HttpResponse<String> release = http.send(HttpRequest.newBuilder(local.uri("/release"))
                        .timeout(java.time.Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals("released", release.body(), local::log);
                assertEquals("held, released=True", held.get(30, TimeUnit.SECONDS).body(), local::log);
            } finally {
                local.stop();
            }
        }
    }

    @Test
    void snapStartRunsCheckpointAndRestoreOnceThenServes() throws Exception {
        ExternalServers.requireExecutable("python3", "apt-get install python3", "/usr/bin/python3");
        Files.writeString(site.resolve("index.txt"), "hello snapstart\n");
        try (PortReservation reserved = PortReservation.reserve()) {
            int appPort = reserved.port();
            LocalModeRun local = LocalModeRun.start(site, site.resolve("snapstart.log"), List.of(
                    "--snapstart", "--app-port", Integer.toString(appPort), "--",
                    "python3", "-m", "http.server", Integer.toString(appPort), "--bind", "127.0.0.1"));
            try {
                assertTrue(local.awaitLog("SnapStart: checkpoint reached after "), "no checkpoint" + local.log());
                assertTrue(local.awaitLog("SnapStart: restored in "), "no restore" + local.log());
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> ok = local.awaitFirstAnswer(http, "/index.txt", HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ok.statusCode(), () -> ok.body() + local.log());
                assertEquals("hello snapstart\n", ok.body());
                assertTrue(local.process.isAlive(), local::log);
            } finally {
                local.process.descendants().forEach(ProcessHandle::destroyForcibly);
                local.process.destroyForcibly();
            }
        }
    }

    private static boolean listening(int port) {
        try (Socket ignored = new Socket("127.0.0.1", port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

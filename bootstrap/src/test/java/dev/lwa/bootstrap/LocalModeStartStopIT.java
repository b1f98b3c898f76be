package dev.lwa.bootstrap;

import dev.lwa.runtimeapi.testing.ExternalServers;
import dev.lwa.runtimeapi.testing.PortReservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a new user meets when starting and stopping {@code ./lwa local}: the port the app is told,
 * the summary, the warm-up, Ctrl-C, ports in use, {@code --help}. Real processes throughout.
 */
class LocalModeStartStopIT {
    /** A Node app that listens on $PORT, logs each request, and says so when SIGTERM comes; no SIGINT handler. */
    static final String NODE_APP = """
            const http = require('http');
            const server = http.createServer((req, res) => {
              console.log(`app: ${req.method} ${req.url}`);
              res.setHeader('content-type', 'text/plain');
              res.end('node says hi\\n');
            });
            server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(`app: listening pid ${process.pid}`));
            process.on('SIGTERM', () => { console.log('app: SIGTERM, shutting down'); process.exit(0); });
            """;
    static final Pattern APP_PID = Pattern.compile("app: listening pid (\\d+)");

    @TempDir
    Path dir;

    @Test
    void ctrlCStopsTheAppWithSigtermOnlyAndNothingIsLoggedAsAnError() throws Exception {
        ExternalServers.requireExecutable("node", "apt-get install nodejs", "/usr/bin/node");
        ExternalServers.requireExecutable("python3", "apt-get install python3", "/usr/bin/python3");
        Files.writeString(dir.resolve("app.js"), NODE_APP);
        try (PortReservation reserved = PortReservation.reserve(); PortReservation stray = PortReservation.reserve()) {
            int appPort = reserved.port();
            // the shell's PORT names another port: the app must listen on --app-port all the same
            LocalModeRun local = LocalModeRun.start(dir, dir.resolve("local.log"),
                    List.of("--app-port", Integer.toString(appPort), "--", "node", "app.js"),
                    Map.of("PORT", Integer.toString(stray.port())), true);
            try {
                assertTrue(local.awaitLog("lwa.local: ready: "), "no warm-up" + local.log());
                String started = local.log();
                assertTrue(started.contains("app          node app.js (PORT=" + appPort + "; your shell's PORT=" + stray.port()
                        + " is not passed on)"), started);
                assertTrue(started.contains("trigger      function-url") && started.contains("runtime api  127.0.0.1:"), started);
                assertTrue(started.contains("app: GET /"), "the warm-up went to the readiness path" + started);
                assertFalse(started.contains("lwa.local: GET / ->"), "warm-up requests are not in the access log" + started);

                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<String> ok = local.awaitFirstAnswer(http, "/hello", HttpResponse.BodyHandlers.ofString());
                assertEquals(200, ok.statusCode(), local::log);
                assertEquals("node says hi\n", ok.body());

                Matcher pid = APP_PID.matcher(local.log());
                assertTrue(pid.find(), local::log);
                ProcessHandle app = ProcessHandle.of(Long.parseLong(pid.group(1))).orElseThrow();

                local.interruptGroup(); // Ctrl-C: the terminal signals the whole foreground group
                assertTrue(local.process.waitFor(30, TimeUnit.SECONDS), "local mode did not stop" + local.log());
                assertTrue(app.onExit().thenApply(h -> true).completeOnTimeout(false, 10, TimeUnit.SECONDS).join(),
                        "the app was left running");
                String log = local.log();
                assertTrue(log.contains("app: SIGTERM, shutting down"),
                        "the app got SIGTERM and could run its shutdown code, not a SIGINT that killed it" + log);
                for (String line : log.split("\n")) {
                    assertFalse(line.startsWith("ERROR ") || line.startsWith("WARN "), "a normal stop is no error: " + line + log);
                }
            } finally {
                local.process.descendants().forEach(ProcessHandle::destroyForcibly);
                local.process.destroyForcibly();
            }
        }
    }

    @Test
    void aPortInUseIsOneLineAndANonZeroExit() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(taken.getLocalPort());
            Ended door = runToEnd(List.of("--port", port, "--", "true"));
            assertEquals(1, door.code(), door.output());
            assertEquals(List.of("lwa local: port " + port + " (where local mode listens) is in use: stop what listens there, "
                    + "or choose another with --port <port> (0: any free port)"), door.lines());

            Ended api = runToEnd(List.of("--port", "0", "--runtime-api-port", port, "--", "true"));
            assertEquals(1, api.code(), api.output());
            assertEquals(1, api.lines().size(), api.output());
            assertTrue(api.output().contains("port " + port + " (the Lambda emulator's Runtime API) is in use")
                    && api.output().contains("--runtime-api-port"), api.output());
        }
    }

    /** The readiness check would probe lwa itself and hang without a word; another process would be served silently. */
    @Test
    void anAppPortThatIsLocalModesOwnIsRefusedAndOneAlreadyAnsweredIsWarnedOf() throws Exception {
        try (PortReservation reserved = PortReservation.reserve()) {
            String port = Integer.toString(reserved.port());
            Ended same = runToEnd(List.of("--port", port, "--app-port", port, "--", "true"));
            assertEquals(2, same.code(), same.output());
            assertEquals(1, same.lines().size(), same.output());
            assertTrue(same.output().contains("the app's port " + port + " is also where local mode listens (--port)"),
                    same.output());
        }
        // an app started apart (under a debugger) may be there on purpose: a warning, not a refusal
        try (ServerSocket stale = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            String port = Integer.toString(stale.getLocalPort());
            Ended taken = runToEnd(List.of("--port", "0", "--app-port", port, "--", "true"));
            assertTrue(taken.output().contains("WARN lwa.local: something already listens on 127.0.0.1:" + port
                    + ", the app's port, before the app was started"), taken.output());
        }
    }

    /** "ready" must not read as "all is well" when every warm-up request failed (here: every 200 is an error). */
    @Test
    void aWarmUpWhoseRequestsFailSaysSo() throws Exception {
        ExternalServers.requireExecutable("python3", "apt-get install python3", "/usr/bin/python3");
        Files.writeString(dir.resolve("app.py"), """
                import http.server, os
                class H(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response(200)
                        self.send_header('Content-Length', '2')
                        self.end_headers()
                        self.wfile.write(b'ok')
                    def log_message(self, *a):
                        pass
                http.server.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()
                """);
        try (PortReservation reserved = PortReservation.reserve()) {
            LocalModeRun local = LocalModeRun.start(dir, dir.resolve("local.log"),
                    List.of("--app-port", Integer.toString(reserved.port()), "--", "python3", "app.py"),
                    // the app is ready (the readiness check goes to it directly), but every invocation fails
                    Map.of("AWS_LWA_ERROR_STATUS_CODES", "200"), false);
            try {
                assertTrue(local.awaitLog("lwa.local: ready: "), "no warm-up" + local.log());
                String line = local.log().lines().filter(l -> l.contains("lwa.local: ready: ")).findFirst().orElseThrow();
                assertTrue(line.startsWith("WARN ") && line.contains("20 of them answered 5xx"), line);
            } finally {
                local.process.descendants().forEach(ProcessHandle::destroyForcibly);
                local.process.destroyForcibly();
            }
        }
    }

    @Test
    void helpIsUsageAndSuccess() throws Exception {
        for (String help : List.of("--help", "-h")) {
            Ended ended = runToEnd(List.of(help));
            assertEquals(0, ended.code(), ended.output());
            assertTrue(ended.output().startsWith("usage: ./lwa local"), ended.output());
            assertFalse(ended.output().contains("unknown option"), ended.output());
        }
    }

    @Test
    void appPortAndAwsLwaPortThatDisagreeStopLocalModeBeforeItStarts() throws Exception {
        Ended ended = runToEnd(List.of("--port", "0", "--app-port", "8081", "--", "true"), Map.of("AWS_LWA_PORT", "4000"));
        assertEquals(2, ended.code(), ended.output());
        assertEquals(1, ended.lines().size(), ended.output());
        assertTrue(ended.output().contains("--app-port 8081 but AWS_LWA_PORT=4000"), ended.output());
    }

    @Test
    void anAppThatExitsOnItsOwnEndsLocalModeWithItsStatusAndAWarning() throws Exception {
        Ended ended = runToEnd(List.of("--port", "0", "--", "sh", "-c", "exit 5"));
        assertEquals(5, ended.code(), ended.output());
        assertTrue(ended.lines().stream().anyMatch(l -> l.contains("WARN")
                && l.contains("the app exited on its own with status 5: local mode stops with it")), ended.output());
    }

    record Ended(int code, String output) {
        List<String> lines() {
            return output.lines().toList();
        }
    }

    private Ended runToEnd(List<String> args) throws Exception {
        return runToEnd(args, Map.of());
    }

    private Ended runToEnd(List<String> args, Map<String, String> env) throws Exception {
        List<String> command = new ArrayList<>(LocalModeRun.localMode());
        command.addAll(args);
        Path out = Files.createTempFile(dir, "local", ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "local mode did not end" + read(out));
            return new Ended(process.exitValue(), read(out));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String read(Path out) throws IOException {
        return Files.readString(out, StandardCharsets.UTF_8);
    }
}

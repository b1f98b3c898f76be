package dev.lwa.bootstrap;

import dev.lwa.runtimeapi.testing.ExternalServers;
import dev.lwa.runtimeapi.testing.PortReservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@code ./lwa local --mode stream -- python3 sse.py}: an HTTP client of local mode sees an SSE app's
 * first event while the app is still producing. The app sends its last event only once the client has
 * released it (straight on the app's port), so a buffered stream cannot pass: the client would see
 * nothing before the app's 60 s wait ran out. A HEAD, streamed too, still gets the app's Content-Length.
 */
@Timeout(120)
class StreamingLocalModeIT {
    private static final String SSE_APP = """
            import sys, threading
            from http.server import ThreadingHTTPServer, BaseHTTPRequestHandler

            released = threading.Event()

            class Handler(BaseHTTPRequestHandler):
                protocol_version = "HTTP/1.1"

                def do_GET(self):
                    if self.path == "/release":
                        released.set()
                        self.reply(b"released")
                    elif self.path == "/events":
                        self.send_response(200)
                        self.send_header("Content-Type", "text/event-stream")
                        self.send_header("Transfer-Encoding", "chunked")
                        self.end_headers()
                        self.chunk(b"data: first\\n\\n")
                        waited = released.wait(60)
                        self.chunk(b"data: last released=%s\\n\\n" % str(waited).encode())
                        self.wfile.write(b"0\\r\\n\\r\\n")
                        self.wfile.flush()
                    else:
                        self.reply(b"ok")

                def do_HEAD(self):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", "4453")
                    self.end_headers()

                def chunk(self, data):
                    self.wfile.write(b"%x\\r\\n%s\\r\\n" % (len(data), data))
                    self.wfile.flush()

                def reply(self, body):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/plain")
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)

                def log_message(self, *args):
                    pass

            ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
            """;

    @TempDir
    Path dir;

    @Test
    void anSseClientSeesTheFirstEventBeforeTheAppProducesTheLast() throws Exception {
        ExternalServers.requireExecutable("python3", "apt-get install python3", "/usr/bin/python3");
        Path script = Files.writeString(dir.resolve("sse.py"), SSE_APP);
        // the app must be told its port: a reserved one (see PortReservation)
        try (PortReservation reserved = PortReservation.reserve()) {
            int appPort = reserved.port();
            LocalModeRun local = LocalModeRun.start(dir, dir.resolve("local.log"), List.of("--mode", "stream",
                    "--app-port", Integer.toString(appPort), "--", "python3", script.toString(), Integer.toString(appPort)));
            try {
                HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
                HttpResponse<InputStream> response = local.awaitFirstAnswer(http, "/events", HttpResponse.BodyHandlers.ofInputStream());
                assertEquals(200, response.statusCode(), local::log);
                assertEquals(List.of("text/event-stream"), response.headers().allValues("content-type"));

                List<String> lines = new ArrayList<>();
                try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line = reader.readLine();
                    assertEquals("data: first", line, local::log);
                    lines.add(line);
                    // the app is now waiting for this before it produces the last event
                    HttpResponse<String> release = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + appPort + "/release"))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
                    assertEquals("released", release.body());
                    for (String l = reader.readLine(); l != null; l = reader.readLine()) {
                        lines.add(l);
                    }
                }
                assertEquals(List.of("data: first", "", "data: last released=True", ""), lines,
                        "the first event reached the client while the app was still producing" + local.log());

                // a HEAD's answer streams too, with no body: the client gets the length the app declared
                HttpResponse<byte[]> head = http.send(HttpRequest.newBuilder(local.uri("/page.html"))
                        .method("HEAD", HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertEquals(200, head.statusCode(), local::log);
                assertEquals("4453", head.headers().firstValue("content-length").orElse("none"), head.headers().toString());
                assertEquals(0, head.body().length);
            } finally {
                local.stop();
            }
        }
    }
}

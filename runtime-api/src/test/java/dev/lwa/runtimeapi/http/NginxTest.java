package dev.lwa.runtimeapi.http;

import dev.lwa.runtimeapi.testing.ExternalServers;
import dev.lwa.runtimeapi.testing.PortReservation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nginx from Debian serving static files, with {@code X-Conn: $connection} on every response so the
 * test sees which server-side connection answered.
 */
@Timeout(60)
class NginxTest {
    private static Path dir;
    private static Process nginx;
    private static int port;
    private static byte[] big;
    private static String text;

    /** Started by the first test: a missing nginx is then reported per test (skipped, or failed with CI=true). */
    @BeforeEach
    void nginxServes() throws Exception {
        Path exe = ExternalServers.requireExecutable("nginx", "apt-get install nginx-light; .ci/run does", "/usr/sbin/nginx");
        if (nginx == null) {
            start(exe);
        }
    }

    private static void start(Path exe) throws Exception {
        dir = Files.createTempDirectory("lwa-nginx");
        Path www = Files.createDirectories(dir.resolve("www"));
        big = new byte[8 * 1024 * 1024];
        new Random(7).nextBytes(big);
        Files.write(www.resolve("big.bin"), big);
        text = "nginx says hello\n".repeat(500);
        Files.writeString(www.resolve("hello.txt"), text);
        // nginx must be told its port: a reserved one, which no other process can take meanwhile
        // and nginx can still listen on (see PortReservation)
        try (PortReservation reserved = PortReservation.reserve()) {
            port = reserved.port();
            startOn(exe, conf(port));
        }
    }

    private static Path conf(int port) throws IOException {
        Path conf = dir.resolve("nginx.conf");
        Files.writeString(conf, """
                daemon off;
                master_process off;
                worker_processes 1;
                pid %1$s/nginx.pid;
                error_log %1$s/error.log warn;
                events { worker_connections 128; }
                http {
                    access_log off;
                    client_body_temp_path %1$s/client_body;
                    proxy_temp_path %1$s/proxy;
                    fastcgi_temp_path %1$s/fastcgi;
                    uwsgi_temp_path %1$s/uwsgi;
                    scgi_temp_path %1$s/scgi;
                    types { text/plain txt; application/octet-stream bin; }
                    keepalive_timeout 60s;
                    keepalive_requests 10000;
                    gzip on;
                    gzip_min_length 0;
                    gzip_types text/plain;
                    server {
                        listen 127.0.0.1:%2$d;
                        root %1$s/www;
                        add_header X-Conn $connection always;
                        location / { }
                    }
                }
                """.formatted(dir, port));
        return conf;
    }

    private static void startOn(Path exe, Path conf) throws Exception {
        nginx = new ProcessBuilder(exe.toString(), "-p", dir.toString(), "-e", dir.resolve("error.log").toString(),
                "-c", conf.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("stdout.log").toFile())
                .start();
        ExternalServers.awaitListening(port, nginx, Duration.ofSeconds(15), () -> read(dir.resolve("error.log")) + read(dir.resolve("stdout.log")));
    }

    private static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        ExternalServers.stop(nginx);
        ExternalServers.deleteTree(dir);
    }

    private static Http1Client client() {
        return Http1Client.builder("127.0.0.1", port).build();
    }

    @Test
    void keepAliveReusesTheConnection() throws IOException {
        Set<String> connections = new HashSet<>();
        try (Http1Client c = client()) {
            for (int i = 0; i < 100; i++) {
                try (Http1Response r = c.send(Http1Request.get("/hello.txt"))) {
                    assertEquals(200, r.status());
                    connections.add(r.headers().first("X-Conn").orElseThrow());
                    assertEquals(text, new String(r.readBody(1 << 20), StandardCharsets.UTF_8));
                }
            }
        }
        assertTrue(connections.size() <= 2, "100 requests used connections " + connections);
    }

    @Test
    void bigFileArrivesByteExact() throws IOException {
        try (Http1Client c = client()) {
            for (int i = 0; i < 2; i++) {
                try (Http1Response r = c.send(Http1Request.get("/big.bin"))) {
                    assertEquals(String.valueOf(big.length), r.headers().first("Content-Length").orElseThrow());
                    assertArrayEquals(big, r.readBody(big.length));
                }
                try (Http1Response r = c.send(Http1Request.get("/big.bin"))) {
                    assertArrayEquals(big, r.body().readAllBytes());
                }
            }
        }
    }

    @Test
    void headHasNoBodyAndTheConnectionGoesOn() throws IOException {
        try (Http1Client c = client()) {
            String conn;
            Http1Request head = new Http1Request("HEAD", "/big.bin", new Headers(), RequestBody.EMPTY, Http1Request.NO_DEADLINE);
            try (Http1Response r = c.send(head)) {
                assertEquals(200, r.status());
                assertEquals(String.valueOf(big.length), r.headers().first("Content-Length").orElseThrow());
                assertEquals(0, r.readBody(0).length);
                conn = r.headers().first("X-Conn").orElseThrow();
            }
            try (Http1Response r = c.send(Http1Request.get("/hello.txt"))) {
                assertEquals(text, new String(r.readBody(1 << 20), StandardCharsets.UTF_8));
                assertEquals(conn, r.headers().first("X-Conn").orElseThrow());
            }
        }
    }

    @Test
    void notModifiedByEtagAndByDate() throws IOException {
        try (Http1Client c = client()) {
            String etag;
            String lastModified;
            String conn;
            try (Http1Response r = c.send(Http1Request.get("/big.bin"))) {
                etag = r.headers().first("ETag").orElseThrow();
                lastModified = r.headers().first("Last-Modified").orElseThrow();
                conn = r.headers().first("X-Conn").orElseThrow();
                r.readBody(big.length);
            }
            for (Headers conditional : new Headers[]{Headers.of("If-None-Match", etag), Headers.of("If-Modified-Since", lastModified)}) {
                Http1Request get = new Http1Request("GET", "/big.bin", conditional, RequestBody.EMPTY, Http1Request.NO_DEADLINE);
                try (Http1Response r = c.send(get)) {
                    assertEquals(304, r.status(), conditional.toString());
                    assertEquals(0, r.readBody(10).length);
                    assertEquals(conn, r.headers().first("X-Conn").orElseThrow());
                }
            }
        }
    }

    @Test
    void gzipResponseIsChunkedAndDecodes() throws IOException {
        try (Http1Client c = client()) {
            for (int i = 0; i < 3; i++) {
                Http1Request get = new Http1Request("GET", "/hello.txt", Headers.of("Accept-Encoding", "gzip"), RequestBody.EMPTY,
                        Http1Request.NO_DEADLINE);
                try (Http1Response r = c.send(get)) {
                    assertEquals("gzip", r.headers().first("Content-Encoding").orElseThrow());
                    assertEquals("chunked", r.headers().first("Transfer-Encoding").orElseThrow());
                    byte[] gz = r.readBody(1 << 20);
                    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
                        assertEquals(text, new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        }
    }

    @Test
    void errorStatusesCarryTheirBodies() throws IOException {
        try (Http1Client c = client()) {
            try (Http1Response r = c.send(Http1Request.get("/nope"))) {
                assertEquals(404, r.status());
                assertTrue(new String(r.readBody(10_000), StandardCharsets.UTF_8).contains("404 Not Found"));
            }
            Http1Request post = new Http1Request("POST", "/hello.txt", new Headers(), RequestBody.of("x".getBytes(StandardCharsets.UTF_8)),
                    Http1Request.NO_DEADLINE);
            try (Http1Response r = c.send(post)) {
                assertEquals(405, r.status());
                r.readBody(10_000);
            }
            try (Http1Response r = c.send(Http1Request.get("/hello.txt"))) {
                assertEquals(200, r.status());
                r.readBody(1 << 20);
            }
        }
    }
}

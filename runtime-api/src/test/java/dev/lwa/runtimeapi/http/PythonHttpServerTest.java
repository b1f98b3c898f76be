package dev.lwa.runtimeapi.http;

import dev.lwa.runtimeapi.testing.ExternalServers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code python3 -m http.server}: HTTP/1.0, closes the connection after every response. Helidon's
 * WebClient failed here by reusing such connections; every request must succeed.
 */
@Timeout(60)
class PythonHttpServerTest {
    private static Path root;
    private static ExternalServers.PythonHttpServer python;
    private static int port;
    private static byte[] blob;

    /** Started by the first test: a missing python3 is then reported per test (skipped, or failed with CI=true). */
    @BeforeEach
    void pythonServes() throws Exception {
        Path exe = ExternalServers.requireExecutable("python3", "apt-get install python3", "/usr/bin/python3");
        if (python != null) {
            return;
        }
        root = Files.createTempDirectory("lwa-python-http");
        blob = new byte[70_000];
        new Random(42).nextBytes(blob);
        Files.write(root.resolve("blob.bin"), blob);
        Files.writeString(root.resolve("hello.txt"), "hello from python\n");
        python = ExternalServers.startPythonHttpServer(exe, root);
        port = python.port();
    }

    @AfterAll
    static void stop() throws Exception {
        if (python != null) {
            python.close();
        }
        ExternalServers.deleteTree(root);
    }

    @Test
    void twoHundredBackToBackRequestsAllSucceed() throws IOException {
        try (Http1Client c = Http1Client.builder("127.0.0.1", port).build()) {
            for (int i = 0; i < 200; i++) {
                boolean big = i % 2 == 0;
                try (Http1Response r = c.send(Http1Request.get(big ? "/blob.bin" : "/hello.txt"))) {
                    assertEquals(200, r.status(), "request " + i);
                    assertTrue(r.headers().first("Server").orElse("").contains("Python"));
                    byte[] body = r.readBody(1 << 20);
                    if (big) {
                        assertArrayEquals(blob, body, "request " + i);
                    } else {
                        assertEquals("hello from python\n", new String(body, StandardCharsets.UTF_8), "request " + i);
                    }
                }
            }
        }
    }

    @Test
    void notFoundAndHeadAreFramedRight() throws IOException {
        try (Http1Client c = Http1Client.builder("127.0.0.1", port).build()) {
            try (Http1Response r = c.send(Http1Request.get("/missing"))) {
                assertEquals(404, r.status());
                assertTrue(new String(r.readBody(100_000), StandardCharsets.UTF_8).contains("404"));
            }
            Http1Request head = new Http1Request("HEAD", "/blob.bin", new Headers(), RequestBody.EMPTY, Http1Request.NO_DEADLINE);
            try (Http1Response r = c.send(head)) {
                assertEquals(String.valueOf(blob.length), r.headers().first("Content-Length").orElseThrow());
                assertEquals(0, r.readBody(10).length);
            }
        }
    }
}

package dev.lwa.runtimeapi.http;

import io.helidon.webserver.WebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Helidon WebServer 4.5 as a real keep-alive HTTP/1.1 server. */
@Timeout(60)
class HelidonServerTest {
    private static WebServer server;
    /** Remote ports the server saw: one per client connection. */
    private static final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void startServer() {
        server = WebServer.builder()
                .host("127.0.0.1")
                .port(0)
                .routing(r -> r
                        .get("/hello/{n}", (req, res) -> {
                            clientPorts.add(req.remotePeer().port());
                            res.send("hello " + req.path().pathParameters().get("n"));
                        })
                        .post("/echo", (req, res) -> {
                            clientPorts.add(req.remotePeer().port());
                            res.header("X-Length", String.valueOf(req.headers().contentLength().orElse(-1)));
                            res.send(req.content().as(byte[].class));
                        })
                        .get("/stream", (req, res) -> {
                            clientPorts.add(req.remotePeer().port());
                            try (OutputStream out = res.outputStream()) { // no length known: chunked
                                for (int i = 0; i < 5; i++) {
                                    out.write(("part " + i + ";").getBytes(StandardCharsets.UTF_8));
                                    out.flush();
                                }
                            }
                        }))
                .build()
                .start();
    }

    @AfterAll
    static void stopServer() {
        server.stop();
    }

    @BeforeEach
    void resetPorts() {
        clientPorts.clear();
    }

    private Http1Client client() {
        return Http1Client.builder("127.0.0.1", server.port()).build();
    }

    @Test
    void sequentialRequestsShareOneConnection() throws IOException {
        try (Http1Client c = client()) {
            for (int i = 0; i < 200; i++) {
                try (Http1Response r = c.send(Http1Request.get("/hello/" + i))) {
                    assertEquals(200, r.status());
                    assertEquals("hello " + i, new String(r.readBody(100), StandardCharsets.UTF_8));
                }
            }
        }
        assertTrue(clientPorts.size() <= 2, "200 requests used " + clientPorts.size() + " connections");
    }

    @Test
    void concurrentRequestsFromVirtualThreadsAllGetTheirOwnAnswer() throws Exception {
        int threads = 8;
        int perThread = 50;
        try (Http1Client c = client(); ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Integer>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int i = 0; i < perThread; i++) {
                        byte[] body = ("thread " + thread + " request " + i + " " + "x".repeat(i * 37)).getBytes(StandardCharsets.UTF_8);
                        Http1Request post = new Http1Request("POST", "/echo", Headers.of("Content-Type", "text/plain"),
                                RequestBody.of(body), Http1Request.NO_DEADLINE);
                        try (Http1Response r = c.send(post)) {
                            assertEquals(200, r.status());
                            assertEquals(String.valueOf(body.length), r.headers().first("X-Length").orElseThrow());
                            assertArrayEquals(body, r.readBody(100_000));
                            ok++;
                        }
                    }
                    return ok;
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(perThread, f.get());
            }
        }
        assertTrue(clientPorts.size() <= 2 * threads, threads * perThread + " requests used " + clientPorts.size() + " connections");
    }

    @Test
    void chunkedResponseIsDecodedAndTheConnectionKept() throws IOException {
        try (Http1Client c = client()) {
            for (int i = 0; i < 3; i++) {
                try (Http1Response r = c.send(Http1Request.get("/stream"))) {
                    assertEquals("chunked", r.headers().first("Transfer-Encoding").orElse("").toLowerCase());
                    assertEquals("part 0;part 1;part 2;part 3;part 4;", new String(r.readBody(1000), StandardCharsets.UTF_8));
                }
            }
        }
        assertEquals(1, clientPorts.size());
    }

    @Test
    void streamingRequestBodyReachesTheServer() throws IOException {
        try (Http1Client c = client()) {
            Http1Request post = new Http1Request("POST", "/echo", new Headers(), RequestBody.streaming(out -> {
                for (int i = 0; i < 100; i++) {
                    out.write(("line " + i + "\n").getBytes(StandardCharsets.UTF_8));
                    if (i % 10 == 0) {
                        out.flush();
                    }
                }
            }), Http1Request.NO_DEADLINE);
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 100; i++) {
                expected.append("line ").append(i).append('\n');
            }
            try (Http1Response r = c.send(post)) {
                assertEquals(expected.toString(), new String(r.readBody(100_000), StandardCharsets.UTF_8));
            }
        }
    }
}

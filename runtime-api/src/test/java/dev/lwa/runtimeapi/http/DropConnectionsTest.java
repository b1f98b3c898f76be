package dev.lwa.runtimeapi.http;

import dev.lwa.runtimeapi.testing.RawHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link Http1Client#dropConnections()}: no connection from before is used again, the client goes on. */
@Timeout(30)
class DropConnectionsTest {

    /** Answers each request with "conn-N", N the connection's index; a request for /slow waits for {@code release}. */
    private static RawHttpServer serving(CountDownLatch slowArrived, CountDownLatch release) throws IOException {
        return new RawHttpServer(conn -> {
            String head;
            while ((head = conn.readHead()) != null) {
                if (head.startsWith("GET /slow ")) {
                    slowArrived.countDown();
                    assertTrue(release.await(10, TimeUnit.SECONDS));
                }
                String body = "conn-" + conn.index;
                conn.write("HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);
            }
        });
    }

    private static String get(Http1Client c, String path) throws IOException {
        try (Http1Response r = c.send(Http1Request.get(path))) {
            return new String(r.readBody(1000), StandardCharsets.UTF_8);
        }
    }

    @Test
    void idleConnectionsAreClosedAndTheNextRequestOpensANewOne() throws Exception {
        try (RawHttpServer raw = serving(new CountDownLatch(0), new CountDownLatch(0));
             Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build()) {
            assertEquals("conn-0", get(c, "/"));
            assertEquals("conn-0", get(c, "/"), "kept alive before the drop");
            c.dropConnections();
            raw.awaitClosedConnection(java.time.Duration.ofSeconds(10)); // the idle one was closed at once
            assertEquals("conn-1", get(c, "/"));
            assertEquals("conn-1", get(c, "/"), "pooling goes on after the drop");
            assertTrue(raw.failures().isEmpty(), raw.failures().toString());
        }
    }

    @Test
    void aConnectionInUseDuringTheDropIsNotReused() throws Exception {
        CountDownLatch slowArrived = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (RawHttpServer raw = serving(slowArrived, release);
             Http1Client c = Http1Client.builder("127.0.0.1", raw.port()).build();
             var threads = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            Future<String> slow = threads.submit(() -> get(c, "/slow"));
            assertTrue(slowArrived.await(10, TimeUnit.SECONDS));
            c.dropConnections();
            release.countDown();
            assertEquals("conn-0", slow.get(10, TimeUnit.SECONDS), "the exchange in flight still completes");
            assertEquals("conn-1", get(c, "/"));
            assertEquals("conn-1", get(c, "/"));
            assertEquals(2, raw.connections());
        }
    }
}

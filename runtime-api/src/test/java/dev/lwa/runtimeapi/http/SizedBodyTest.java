package dev.lwa.runtimeapi.http;

import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A body written while it is sent, its length announced first (the Runtime API gets a function
 * result this way, escaped from the app's bytes): Content-Length framing, exact bytes in small and
 * large writes, and a writer that breaks its promise fails the request without poisoning the pool.
 */
@Timeout(30)
class SizedBodyTest {
    private MockWebServer server;
    private Http1Client client;

    @BeforeEach
    void start() throws IOException {
        server = new MockWebServer();
        server.start(InetAddress.getByName("127.0.0.1"), 0);
        client = Http1Client.builder("127.0.0.1", server.getPort()).build();
    }

    @AfterEach
    void stop() {
        client.close();
        server.close();
    }

    /** Writes {@code bytes} in pieces of the given sizes, in turn; announces {@code announced}. */
    private static SizedBody pieces(byte[] bytes, long announced, int... sizes) {
        return new SizedBody() {
            @Override
            public long length() {
                return announced;
            }

            @Override
            public void writeTo(OutputStream out) throws IOException {
                int off = 0;
                for (int k = 0; off < bytes.length; k++) {
                    int n = Math.min(sizes[k % sizes.length], bytes.length - off);
                    if (n == 1) {
                        out.write(bytes[off]);
                    } else {
                        out.write(bytes, off, n);
                    }
                    off += n;
                }
            }
        };
    }

    private RecordedRequest post(SizedBody body) throws Exception {
        server.enqueue(new MockResponse.Builder().body("ok").build());
        try (Http1Response r = client.send(new Http1Request("POST", "/r", new Headers(), RequestBody.of(body), Http1Request.NO_DEADLINE))) {
            assertEquals(200, r.status());
            r.readBody(100);
        }
        return server.takeRequest(5, TimeUnit.SECONDS);
    }

    @Test
    void smallAndLargeWritesArriveExactlyWithTheirContentLength() throws Exception {
        for (int size : new int[]{0, 1, 100, 16 * 1024, 64 * 1024 + 7, 6_000_000}) {
            byte[] bytes = new byte[size];
            new Random(size).nextBytes(bytes);
            RecordedRequest recorded = post(pieces(bytes, size, 1, 3, 8000, 20_000, 300_000));
            assertEquals(Integer.toString(size), recorded.getHeaders().get("Content-Length"), "size " + size);
            assertEquals(null, recorded.getHeaders().get("Transfer-Encoding"));
            assertArrayEquals(bytes, recorded.getBody().toByteArray(), "size " + size);
            assertEquals(0, recorded.getConnectionIndex(), "every request on the one kept-alive connection");
        }
    }

    @Test
    void aWriterThatWritesLessOrMoreThanItAnnouncedFailsTheRequestAndTheNextOneIsFine() throws Exception {
        byte[] ten = "0123456789".getBytes(StandardCharsets.US_ASCII);
        IOException fewer = assertThrows(IOException.class, () -> client.send(
                new Http1Request("POST", "/r", new Headers(), RequestBody.of(pieces(ten, 11, 4)), Http1Request.NO_DEADLINE)));
        assertTrue(fewer.getMessage().contains("wrote 10 of the 11 bytes"), fewer.getMessage());
        IOException more = assertThrows(IOException.class, () -> client.send(
                new Http1Request("POST", "/r", new Headers(), RequestBody.of(pieces(ten, 9, 4)), Http1Request.NO_DEADLINE)));
        assertTrue(more.getMessage().contains("more than the 9 bytes"), more.getMessage());

        RecordedRequest ok = post(pieces(ten, 10, 4));
        assertArrayEquals(ten, ok.getBody().toByteArray());
    }
}

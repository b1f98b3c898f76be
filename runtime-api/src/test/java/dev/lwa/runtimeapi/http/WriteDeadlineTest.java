package dev.lwa.runtimeapi.http;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The request deadline also bounds sending a body to a server that stopped reading (D6). */
class WriteDeadlineTest {

    @Test
    void aServerThatNeverReadsTheBodyEndsTheExchangeAtTheDeadline() throws Exception {
        List<Socket> accepted = new ArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Http1Client client = Http1Client.builder("127.0.0.1", server.getLocalPort()).build()) {
            Thread.ofVirtual().start(() -> {
                try {
                    accepted.add(server.accept()); // accept, then never read
                } catch (Exception ignored) {
                    // the test ends by closing the server
                }
            });
            byte[] body = new byte[32 * 1024 * 1024]; // far more than both socket buffers hold
            long start = System.nanoTime();
            Http1Request request = new Http1Request("POST", "/upload", new Headers(), RequestBody.of(body),
                    System.currentTimeMillis() + 500);
            DeadlineExceededException e = assertThrows(DeadlineExceededException.class, () -> client.send(request));
            long ms = (System.nanoTime() - start) / 1_000_000;
            // not before the deadline; that it ends at all is the exception above (the server never reads)
            assertTrue(ms >= 400, "took " + ms + " ms");
            assertTrue(e.getMessage().contains("request body"), e.getMessage());
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}

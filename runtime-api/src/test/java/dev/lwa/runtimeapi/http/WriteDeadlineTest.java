package dev.lwa.runtimeapi.http;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    /**
     * A server that answers (413) before reading the body, then neither reads nor closes: the
     * answer is the response, at once, not a timeout at the deadline that loses it.
     */
    @Test
    void anAnswerBeforeTheBodyWasReadEndsTheWriteAndIsTheResponse() throws Exception {
        List<Socket> accepted = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Http1Client client = Http1Client.builder("127.0.0.1", server.getLocalPort()).build()) {
            Thread.ofVirtual().start(() -> {
                try {
                    Socket s = server.accept();
                    accepted.add(s);
                    java.io.InputStream in = s.getInputStream();
                    for (int matched = 0; matched < 4; ) { // the request head only
                        int b = in.read();
                        matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                    }
                    s.getOutputStream().write("HTTP/1.1 413 Content Too Large\r\nContent-Length: 8\r\n\r\ntoo much"
                            .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                    s.getOutputStream().flush(); // and then neither reads nor closes
                } catch (Exception ignored) {
                    // the test ends by closing the server
                }
            });
            byte[] body = new byte[32 * 1024 * 1024]; // far more than both socket buffers hold
            Http1Request request = new Http1Request("POST", "/upload", new Headers(), RequestBody.of(body),
                    System.currentTimeMillis() + 60_000);
            try (Http1Response r = client.send(request)) {
                assertEquals(413, r.status());
                assertEquals("too much", new String(r.readBody(100), java.nio.charset.StandardCharsets.US_ASCII));
            }
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}

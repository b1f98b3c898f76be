package dev.lwa.runtimeapi.http;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request deadline also bounds sending a body to a server that stopped reading (D6), and a
 * server that answered early and stopped reading ends the write with its answer.
 */
class WriteDeadlineTest {
    /** Far more than both socket buffers hold, so the write blocks when the server stops reading. */
    private static final int BODY = 32 * 1024 * 1024;

    /** What the server does with one connection, after the request head was read. */
    private interface Server {
        void serve(InputStream in, OutputStream out) throws Exception;
    }

    /** Sends a POST of {@link #BODY} bytes to a server that runs {@code server}; the deadline is a minute away. */
    private static Http1Response post(Server server, Http1Client[] client, List<Socket> accepted, ServerSocket socket) throws IOException {
        Thread.ofVirtual().start(() -> {
            try {
                Socket s = socket.accept();
                accepted.add(s);
                InputStream in = s.getInputStream();
                for (int matched = 0; matched < 4; ) { // the request head
                    int b = in.read();
                    matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : (b == '\r' ? 1 : 0);
                }
                server.serve(in, s.getOutputStream());
            } catch (Exception ignored) {
                // the test ends by closing the sockets
            }
        });
        client[0] = Http1Client.builder("127.0.0.1", socket.getLocalPort()).build();
        return client[0].send(new Http1Request("POST", "/upload", new Headers(), RequestBody.of(new byte[BODY]),
                System.currentTimeMillis() + 60_000));
    }

    private static String exchange(Server server) throws Exception {
        List<Socket> accepted = new CopyOnWriteArrayList<>();
        Http1Client[] client = new Http1Client[1];
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
             Http1Response r = post(server, client, accepted, socket)) {
            return r.status() + " " + new String(r.readBody(100), StandardCharsets.US_ASCII);
        } finally {
            for (Socket s : accepted) {
                s.close();
            }
            if (client[0] != null) {
                client[0].close();
            }
        }
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    /** Reads the whole body, pausing {@code pauseMs} after each MiB; answers with the count. */
    private static long readBody(InputStream in, long pauseMs) throws Exception {
        return readBody(in, pauseMs, BODY);
    }

    /** Reads {@code length} bytes of body (fewer when it ends first), pausing {@code pauseMs} after each MiB. */
    private static long readBody(InputStream in, long pauseMs, long length) throws Exception {
        byte[] chunk = new byte[64 * 1024];
        long read = 0;
        long nextPause = 1 << 20;
        while (read < length) {
            int n = in.read(chunk, 0, (int) Math.min(chunk.length, length - read));
            if (n < 0) {
                break;
            }
            read += n;
            if (read >= nextPause) {
                Thread.sleep(pauseMs);
                nextPause += 1 << 20;
            }
        }
        return read;
    }

    /**
     * A 413 before the body was read, from a server that then neither reads nor closes: the answer
     * is the response, soon after the write stops moving, not a timeout at the deadline that loses it.
     */
    @Test
    void anAnswerBeforeTheBodyWasReadEndsTheWriteOnceItStopsMoving() throws Exception {
        long start = System.nanoTime();
        assertEquals("413 too much", exchange((in, out) -> {
            send(out, "HTTP/1.1 413 Content Too Large\r\nContent-Length: 8\r\n\r\ntoo much");
            Thread.sleep(120_000); // and then neither reads nor closes
        }));
        long ms = (System.nanoTime() - start) / 1_000_000;
        assertTrue(ms < 50_000, "answered at " + ms + " ms, not at the deadline (60 s)");
    }

    /** A 100 Continue is not the answer: a server that pauses after it, then reads, gets the whole body. */
    @Test
    void aContinueThenAPauseLongerThanTheStallDoesNotCutTheBody() throws Exception {
        assertEquals("200 " + BODY, exchange((in, out) -> {
            send(out, "HTTP/1.1 100 Continue\r\n\r\n");
            Thread.sleep(3_500); // longer than the 2 s a write may stand still with a final answer waiting
            String count = Long.toString(readBody(in, 0));
            send(out, "HTTP/1.1 200 OK\r\nContent-Length: " + count.length() + "\r\n\r\n" + count);
        }));
    }

    /**
     * A 2xx sent early may come from a server that still reads, however slowly: a pause longer than
     * the stall bound (a slow reader's writes move only when much of the buffer is free) cuts nothing.
     */
    @Test
    void anEarlySuccessFromAServerThatPausesThenReadsOnDoesNotCutTheBody() throws Exception {
        String count = Integer.toString(BODY);
        assertEquals("200 " + BODY, exchange((in, out) -> {
            send(out, "HTTP/1.1 200 OK\r\nContent-Length: " + count.length() + "\r\n\r\n");
            byte[] first = new byte[4 << 20];
            int got = 0;
            for (int n; got < first.length && (n = in.read(first, got, first.length - got)) > 0; ) {
                got += n;
            }
            Thread.sleep(3_500); // longer than the 2 s a write may stand still
            send(out, Long.toString(got + readBody(in, 0, BODY - got)));
        }));
    }

    /** A server that sends its final head at once and streams the rest while it still reads gets the whole body. */
    @Test
    void anEarlyFinalHeadFromAServerThatStillReadsDoesNotCutTheBody() throws Exception {
        String count = Integer.toString(BODY);
        assertEquals("200 " + BODY, exchange((in, out) -> {
            send(out, "HTTP/1.1 200 OK\r\nContent-Length: " + count.length() + "\r\n\r\n");
            send(out, Long.toString(readBody(in, 50))); // about 1.6 s of reading, well within the stall bound
        }));
    }

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

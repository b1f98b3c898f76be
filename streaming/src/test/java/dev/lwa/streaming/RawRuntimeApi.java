package dev.lwa.streaming;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A Runtime API endpoint on a raw socket that records the runtime's streamed {@code /response}
 * exactly as it came over the wire: head lines, every chunk as framed, trailer lines. It answers
 * 202 after the last chunk, or drops the connection after the first chunk when asked to.
 */
final class RawRuntimeApi implements AutoCloseable {

    /** One chunk as framed by the sender, with {@link System#nanoTime()} when it was complete. */
    record Chunk(byte[] data, long nanoTime) {
        String text() {
            return new String(data, StandardCharsets.ISO_8859_1);
        }
    }

    /** The whole request. {@code raw} is every byte received, framing included. */
    record Captured(String requestLine, List<String> headerLines, List<Chunk> chunks, List<String> trailerLines, byte[] raw) {
        /** The de-chunked body. */
        byte[] body() {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            chunks.forEach(c -> b.writeBytes(c.data()));
            return b.toByteArray();
        }

        List<String> header(String name) {
            return headerLines.stream().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).trim()).toList();
        }

        List<String> trailer(String name) {
            return trailerLines.stream().filter(l -> l.regionMatches(true, 0, name + ":", 0, name.length() + 1))
                    .map(l -> l.substring(name.length() + 1).trim()).toList();
        }
    }

    private final ServerSocket server;
    private final boolean dropAfterFirstChunk;
    private final BlockingQueue<Chunk> live = new LinkedBlockingQueue<>();
    private final CompletableFuture<Captured> captured = new CompletableFuture<>();

    private RawRuntimeApi(boolean dropAfterFirstChunk) throws IOException {
        this.server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        this.dropAfterFirstChunk = dropAfterFirstChunk;
        Thread.ofVirtual().name("raw-runtime-api").start(this::serve);
    }

    static RawRuntimeApi start() throws IOException {
        return new RawRuntimeApi(false);
    }

    /** Closes the connection (RST) after reading the first chunk, as a Runtime API that went away. */
    static RawRuntimeApi droppingAfterFirstChunk() throws IOException {
        return new RawRuntimeApi(true);
    }

    String hostPort() {
        return "127.0.0.1:" + server.getLocalPort();
    }

    /** The next chunk as it arrives, waiting up to 5 s. */
    Chunk nextChunk() throws InterruptedException {
        Chunk c = live.poll(5, TimeUnit.SECONDS);
        if (c == null) {
            throw new AssertionError("no chunk reached the Runtime API within 5 s");
        }
        return c;
    }

    Captured captured() throws Exception {
        return captured.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    private void serve() {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            Recording rec = new Recording(in);
            String requestLine = rec.line();
            List<String> headers = new ArrayList<>();
            for (String l = rec.line(); !l.isEmpty(); l = rec.line()) {
                headers.add(l);
            }
            List<Chunk> chunks = new ArrayList<>();
            while (true) {
                String sizeLine = rec.line();
                int size = Integer.parseInt(sizeLine.split(";", 2)[0].trim(), 16);
                if (size == 0) {
                    break;
                }
                byte[] data = rec.bytes(size);
                if (!rec.line().isEmpty()) {
                    throw new IOException("no CRLF after a chunk of " + size + " bytes");
                }
                Chunk c = new Chunk(data, System.nanoTime());
                chunks.add(c);
                live.add(c);
                if (dropAfterFirstChunk) {
                    s.setSoLinger(true, 0);
                    captured.complete(new Captured(requestLine, headers, chunks, List.of(), rec.raw.toByteArray()));
                    return;
                }
            }
            List<String> trailers = new ArrayList<>();
            for (String l = rec.line(); !l.isEmpty(); l = rec.line()) {
                trailers.add(l);
            }
            OutputStream out = s.getOutputStream();
            byte[] accepted = "{\"status\":\"OK\"}".getBytes(StandardCharsets.US_ASCII);
            out.write(("HTTP/1.1 202 Accepted\r\nContent-Type: application/json\r\nContent-Length: " + accepted.length
                    + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(accepted);
            out.flush();
            captured.complete(new Captured(requestLine, headers, chunks, trailers, rec.raw.toByteArray()));
            // the client may keep the connection: wait for it to go
            while (in.read() >= 0) {
                // drain
            }
        } catch (IOException | RuntimeException e) {
            captured.completeExceptionally(e);
        }
    }

    /** Reads from the socket and keeps every byte. */
    private static final class Recording {
        private final InputStream in;
        final ByteArrayOutputStream raw = new ByteArrayOutputStream();

        Recording(InputStream in) {
            this.in = in;
        }

        String line() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            while (true) {
                int b = in.read();
                if (b < 0) {
                    throw new IOException("connection closed mid-line after " + raw.size() + " bytes");
                }
                raw.write(b);
                if (b == '\n') {
                    byte[] l = line.toByteArray();
                    int len = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
                    return new String(l, 0, len, StandardCharsets.ISO_8859_1);
                }
                line.write(b);
            }
        }

        byte[] bytes(int n) throws IOException {
            byte[] b = in.readNBytes(n);
            if (b.length < n) {
                throw new IOException("connection closed inside a chunk");
            }
            raw.writeBytes(b);
            return b;
        }
    }
}

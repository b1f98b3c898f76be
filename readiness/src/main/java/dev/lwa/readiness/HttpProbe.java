package dev.lwa.readiness;

import dev.lwa.runtimeapi.http.StatusLine;
import dev.lwa.runtimeapi.http.UrlEncoding;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.function.IntPredicate;

/**
 * {@code GET <path> HTTP/1.1} on a plain socket, reading the status line only. LWA sends the
 * probe through its pooled hyper client; a fresh connection with {@code Connection: close} is
 * what that amounts to for the app, and it keeps this module free of any HTTP client.
 */
final class HttpProbe implements ReadinessProbe {

    /** A status line longer than this is not HTTP; don't buffer an endless stream. */
    private static final int MAX_LINE = 8192;

    private final Endpoint endpoint;
    private final String path;
    private final IntPredicate healthy;
    private final byte[] request;

    HttpProbe(String host, int port, String path, IntPredicate healthy) {
        this.endpoint = new Endpoint(host, port);
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("readiness path '" + path + "' must start with '/'");
        }
        this.path = path;
        this.healthy = Objects.requireNonNull(healthy, "healthy");
        this.request = ("GET " + requestTarget(path) + " HTTP/1.1\r\n"
                + "Host: " + endpoint.authority() + "\r\n"
                + "Connection: close\r\n"
                + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public ProbeResult probe(Duration timeout) {
        long deadline = Endpoint.deadline(timeout);
        Socket socket;
        try {
            socket = endpoint.connect(deadline);
        } catch (IOException e) {
            return new ProbeResult.Unhealthy(Endpoint.describe(e, timeout, "waiting for a connection"));
        }
        try (socket) {
            socket.setTcpNoDelay(true);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            int status = readFinalStatus(socket, deadline);
            String detail = "status " + status;
            return healthy.test(status) ? new ProbeResult.Healthy(detail) : new ProbeResult.Unhealthy(detail);
        } catch (MalformedStatusLine e) {
            return new ProbeResult.Unhealthy(e.getMessage());
        } catch (EOFException e) {
            return new ProbeResult.Unhealthy("connection closed before a status line arrived");
        } catch (IOException e) {
            return new ProbeResult.Unhealthy(Endpoint.describe(e, timeout, "waiting for the status line"));
        }
    }

    @Override
    public String target() {
        return "http://" + endpoint.authority() + path;
    }

    @Override
    public String toString() {
        return "HttpProbe[" + target() + "]";
    }

    /**
     * Skips interim 1xx responses (except 101) as hyper does, so a {@code 103 Early Hints} does
     * not decide readiness; returns the status of the final response.
     */
    private static int readFinalStatus(Socket socket, long deadline) throws IOException {
        InputStream in = new BufferedInputStream(socket.getInputStream(), 512);
        while (true) {
            int status = parseStatusLine(readLine(socket, in, deadline));
            if (status >= 200 || status == 101) {
                return status;
            }
            while (!readLine(socket, in, deadline).isEmpty()) {
                // headers of the interim response
            }
        }
    }

    /**
     * How long one read waits before the interrupt flag is looked at: an interrupt does not end a
     * blocking read on a platform thread, and a stop (SHUTDOWN) must not wait out a slow health
     * check, which may take up to a minute.
     */
    private static final int READ_SLICE_MS = 200;

    /** One CRLF- (or LF-) terminated line, read by the time left to the deadline. */
    private static String readLine(Socket socket, InputStream in, long deadline) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(64);
        while (true) {
            int b = readByte(socket, in, deadline);
            if (b < 0) {
                throw new EOFException();
            }
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1);
                return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
            }
            if (line.size() >= MAX_LINE) {
                throw new MalformedStatusLine("no line end within " + MAX_LINE + " bytes");
            }
            line.write(b);
        }
    }

    private static int readByte(Socket socket, InputStream in, long deadline) throws IOException {
        while (true) {
            if (deadline - System.nanoTime() <= 0) {
                throw new SocketTimeoutException("deadline passed");
            }
            if (Thread.currentThread().isInterrupted()) { // the flag stays set: the caller stops on it
                throw new InterruptedIOException("interrupted while waiting for the app's answer");
            }
            socket.setSoTimeout(Math.min(Endpoint.millisLeft(deadline), READ_SLICE_MS));
            try {
                return in.read();
            } catch (SocketTimeoutException slice) {
                // this slice is over; the deadline and the interrupt are looked at again
            }
        }
    }

    /** {@code HTTP/1.1 200 OK}: the shape {@link StatusLine} checks, the one rule for it in lwa. */
    static int parseStatusLine(String line) throws MalformedStatusLine {
        byte[] b = line.getBytes(StandardCharsets.ISO_8859_1); // as readLine decoded it: byte for byte
        int status = StatusLine.code(b, 0, b.length);
        if (status < 0) {
            String shown = line.length() > 80 ? line.substring(0, 80) + "…" : line;
            throw new MalformedStatusLine("not an HTTP status line: '" + withoutControls(shown) + "'");
        }
        return status;
    }

    /**
     * {@code text} with each ASCII control character (U+0000 to U+001F and U+007F) replaced by
     * {@code ?}, as {@code replaceAll("\\p{Cntrl}", "?")} did. Written out: no java.util.regex on
     * the Lambda path, its classes would be loaded at every start.
     */
    static String withoutControls(String text) {
        char[] chars = text.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            if (chars[i] < 0x20 || chars[i] == 0x7F) {
                chars[i] = '?';
            }
        }
        return new String(chars);
    }

    /**
     * The path as it goes on the request line. LWA builds a URL from {@code http://host:port} and
     * the path, which drops a {@code #fragment} and encodes the path and the query as the WHATWG
     * URL parser does ({@link UrlEncoding}); doing the same keeps a path like {@code /health check}
     * from breaking the request line.
     */
    static String requestTarget(String path) {
        int hash = path.indexOf('#');
        String raw = hash < 0 ? path : path.substring(0, hash);
        int question = raw.indexOf('?');
        return question < 0
                ? UrlEncoding.path(raw)
                : UrlEncoding.path(raw.substring(0, question)) + "?" + UrlEncoding.query(raw.substring(question + 1));
    }

    static final class MalformedStatusLine extends IOException {
        MalformedStatusLine(String message) {
            super(message);
        }
    }
}

package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.BodyBytes;
import dev.lwa.runtimeapi.http.BodyTooLargeException;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Response;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/** A response whose head has been read; the body is read on demand. */
final class Response implements Http1Response {
    private final int status;
    private final String reason;
    private final Headers headers;
    private final ResponseBody body;

    Response(int status, String reason, Headers headers, ResponseBody body) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.body = body;
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String reason() {
        return reason;
    }

    @Override
    public Headers headers() {
        return headers;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public byte[] readBody(int maxBytes) throws IOException {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        long known = body.knownRemaining();
        if (known > maxBytes) {
            // refuse before reading: Content-Length says it will not fit
            body.abort();
            throw new BodyTooLargeException(maxBytes);
        }
        if (known >= 0) {
            byte[] all = new byte[(int) known];
            int off = 0;
            while (off < all.length) {
                int n = body.read(all, off, all.length - off);
                if (n < 0) {
                    throw new EOFException("response body ended after " + off + " of " + known + " bytes");
                }
                off += n;
            }
            return all;
        }
        // unknown length (chunked or until close): grow, but never hold more than maxBytes + 1
        int cap = (int) Math.min((long) maxBytes + 1, Integer.MAX_VALUE - 16);
        byte[] buf = new byte[Math.min(cap, 8 * 1024)];
        int len = 0;
        while (true) {
            if (len == buf.length) {
                if (buf.length == cap) {
                    // cap == maxBytes + 1 bytes arrived: one too many
                    body.abort();
                    throw new BodyTooLargeException(maxBytes);
                }
                buf = Arrays.copyOf(buf, (int) Math.min((long) buf.length * 2, cap));
            }
            int n = body.read(buf, len, buf.length - len);
            if (n < 0) {
                return len == buf.length ? buf : Arrays.copyOf(buf, len);
            }
            len += n;
            if (len > maxBytes) {
                body.abort();
                throw new BodyTooLargeException(maxBytes);
            }
        }
    }

    @Override
    public BodyBytes readBodyBytes(int maxBytes) throws IOException {
        if (body.knownRemaining() >= 0) {
            return BodyBytes.of(readBody(maxBytes));
        }
        if (maxBytes < 0) {
            throw new IllegalArgumentException("maxBytes must not be negative: " + maxBytes);
        }
        try {
            return BodyBytes.read(body, maxBytes);
        } catch (BodyTooLargeException e) {
            body.abort();
            throw e;
        }
    }

    @Override
    public Headers trailers() {
        return body.trailers();
    }

    @Override
    public void close() {
        body.close();
    }

    @Override
    public String toString() {
        return "Http1Response[" + status + " " + reason + "]";
    }
}

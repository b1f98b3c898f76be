package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.http.BodyBytes;
import dev.lwa.runtimeapi.http.BodyTooLargeException;
import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Response;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

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
            return readExactly((int) known);
        }
        if (body instanceof ChunkedResponseBody chunked) {
            return readChunked(chunked, maxBytes);
        }
        return readBodyBytes(maxBytes).toByteArray(); // unknown length: read in pieces, joined once
    }

    /**
     * A chunked body sized by its first chunk: Lambda's Runtime API (a Go server) sends an event
     * over 2 KiB chunked, as one chunk on demand, so the event is read into an exact array with no
     * copy. Further chunks (Managed Instances copy an event in pieces) are read in pieces and joined
     * once with the first.
     */
    private byte[] readChunked(ChunkedResponseBody chunked, int maxBytes) throws IOException {
        long first = chunked.chunkLeft();
        if (first == 0) {
            return new byte[0];
        }
        if (first > maxBytes) {
            body.abort();
            throw new BodyTooLargeException(maxBytes);
        }
        byte[] head = readExactly((int) first);
        if (chunked.chunkLeft() == 0) {
            return head;
        }
        BodyBytes rest = readBodyBytes(maxBytes - head.length);
        byte[] all = new byte[Math.toIntExact(head.length + rest.length())];
        System.arraycopy(head, 0, all, 0, head.length);
        rest.copyTo(all, head.length);
        return all;
    }

    private byte[] readExactly(int length) throws IOException {
        byte[] all = new byte[length];
        int off = 0;
        while (off < all.length) {
            int n = body.read(all, off, all.length - off);
            if (n < 0) {
                throw new EOFException("response body ended after " + off + " of " + length + " bytes");
            }
            off += n;
        }
        return all;
    }

    @Override
    public BodyBytes readBodyBytes(int maxBytes) throws IOException {
        if (body.knownRemaining() >= 0 || maxBytes < 0) {
            return BodyBytes.of(readBody(maxBytes)); // an exact array (or the refusal of a bad limit)
        }
        try { // unknown length (chunked or until close): never more than maxBytes + 1 held
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
    public void cut() {
        body.cut();
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

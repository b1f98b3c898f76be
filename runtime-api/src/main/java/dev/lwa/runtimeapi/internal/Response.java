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
        return readBodyBytes(maxBytes).toByteArray(); // unknown length: read in pieces, joined once
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
    public void close() {
        body.close();
    }

    @Override
    public String toString() {
        return "Http1Response[" + status + " " + reason + "]";
    }
}

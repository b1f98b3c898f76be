package dev.lwa.core.response;

import dev.lwa.runtimeapi.http.Headers;
import dev.lwa.runtimeapi.http.Http1Response;

import java.io.InputStream;

/**
 * An answer lwa gives itself, without asking the app: a status, no header and an empty body. It
 * goes through the same envelope and streaming code as an app's answer, so each trigger gets it
 * in the shape it expects.
 */
public final class LocalResponse implements Http1Response {

    private final int status;

    private LocalResponse(int status) {
        this.status = status;
    }

    /** {@code status} with an empty body. */
    public static LocalResponse empty(int status) {
        return new LocalResponse(status);
    }

    @Override
    public int status() {
        return status;
    }

    @Override
    public String reason() {
        return StatusReasons.reason(status);
    }

    @Override
    public Headers headers() {
        return new Headers();
    }

    @Override
    public InputStream body() {
        return InputStream.nullInputStream();
    }

    @Override
    public byte[] readBody(int maxBytes) {
        return new byte[0];
    }

    @Override
    public Headers trailers() {
        return new Headers();
    }

    @Override
    public void close() {
    }
}

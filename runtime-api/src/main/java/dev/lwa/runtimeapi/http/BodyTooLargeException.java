package dev.lwa.runtimeapi.http;

import java.io.IOException;

/** A response body was longer than the caller allowed. */
public final class BodyTooLargeException extends IOException {
    private final long limit;

    public BodyTooLargeException(long limit) {
        super("response body exceeds " + limit + " bytes");
        this.limit = limit;
    }

    public long limit() {
        return limit;
    }
}

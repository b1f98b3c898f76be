package dev.lwa.runtimeapi.http;

import java.io.IOException;

/** The request's deadline passed before the server answered (or before the body was read). */
public final class DeadlineExceededException extends IOException {
    public DeadlineExceededException(String message) {
        super(message);
    }
}

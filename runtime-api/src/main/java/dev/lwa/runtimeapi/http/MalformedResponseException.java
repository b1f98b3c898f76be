package dev.lwa.runtimeapi.http;

import java.io.IOException;

/** The server sent bytes that are not a valid HTTP/1.x response (bad status line, bad chunk size, ...). */
public final class MalformedResponseException extends IOException {
    public MalformedResponseException(String message) {
        super(message);
    }
}

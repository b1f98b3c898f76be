package dev.lwa.runtimeapi;

import java.io.IOException;

/** The Runtime or Extensions API answered with a status the call did not expect. */
public final class RuntimeApiException extends IOException {
    private final int status;
    private final String body;

    public RuntimeApiException(String call, int status, String body) {
        super(call + " answered " + status + (body.isEmpty() ? "" : ": " + body));
        this.status = status;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }
}

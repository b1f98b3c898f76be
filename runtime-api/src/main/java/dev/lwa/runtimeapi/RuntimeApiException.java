package dev.lwa.runtimeapi;

import java.io.IOException;

/**
 * The Runtime or Extensions API answered with a status the call did not expect, or with an answer
 * the call cannot use (a required header missing, a value that does not parse).
 */
public final class RuntimeApiException extends IOException {
    private final int status;
    private final String body;

    public RuntimeApiException(String call, int status, String body) {
        super(call + " answered " + status + (body.isEmpty() ? "" : ": " + body));
        this.status = status;
        this.body = body;
    }

    /**
     * The API answered with the expected status but the answer cannot be used (a required header is
     * missing, a value does not parse, the body is not the JSON expected).
     *
     * @param problem what is wrong with the answer, e.g. "it has no Lambda-Runtime-Aws-Request-Id header"
     */
    public RuntimeApiException(String call, int status, String body, String problem) {
        super(call + " answered " + status + " but " + problem);
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

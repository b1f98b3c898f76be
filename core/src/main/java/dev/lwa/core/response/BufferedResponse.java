package dev.lwa.core.response;

import dev.lwa.runtimeapi.http.BodyBytes;
import dev.lwa.runtimeapi.http.Headers;

import java.util.Objects;

/** An app response read to its end: what an envelope is built from. */
public record BufferedResponse(int status, Headers headers, BodyBytes body) {
    public BufferedResponse {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
    }

    public BufferedResponse(int status, Headers headers, byte[] body) {
        this(status, headers, BodyBytes.of(body));
    }
}

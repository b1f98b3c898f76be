package dev.lwa.core.response;

import dev.lwa.runtimeapi.http.Headers;

/** An app response read to its end: what an envelope is built from. */
public record BufferedResponse(int status, Headers headers, byte[] body) {
}

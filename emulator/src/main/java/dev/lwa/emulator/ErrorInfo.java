package dev.lwa.emulator;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An error a runtime or an extension reported ({@code /runtime/init/error},
 * {@code /extension/init/error}, {@code /extension/exit/error}).
 *
 * @param errorType the {@code ...-Error-Type} header when sent, else the body's {@code errorType},
 *                  else {@code Runtime.Unknown} (never normalised otherwise: what the client sent)
 * @param body      the request body as sent (usually {@code {"errorMessage","errorType",...}})
 * @param headers   the request headers, case-insensitive keys
 */
public record ErrorInfo(String errorType, byte[] body, Map<String, List<String>> headers) {

    public ErrorInfo {
        Objects.requireNonNull(errorType, "errorType");
        body = body.clone();
        Objects.requireNonNull(headers, "headers");
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "ErrorInfo[" + errorType + ", " + bodyAsString() + "]";
    }
}

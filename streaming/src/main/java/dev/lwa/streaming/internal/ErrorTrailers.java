package dev.lwa.streaming.internal;

import dev.lwa.runtimeapi.json.JsonText;
import dev.lwa.runtimeapi.http.Headers;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The trailers that report a failure after the prelude (D4), as AWS's Node runtime client sends
 * them (docs/protocols.md, "Response streaming"): {@code Lambda-Runtime-Function-Error-Type} and
 * {@code Lambda-Runtime-Function-Error-Body} = base64 of {@code {"errorMessage":..,"errorType":..}}.
 */
public final class ErrorTrailers {
    public static final String TYPE = "Lambda-Runtime-Function-Error-Type";
    public static final String BODY = "Lambda-Runtime-Function-Error-Body";

    private ErrorTrailers() {
    }

    public static Headers of(String errorType, String message) {
        StringBuilder json = new StringBuilder(64 + message.length()).append("{\"errorMessage\":");
        // ASCII-only escapes: the trailer is base64 anyway, but a pure-ASCII document decodes the same under any charset
        JsonText.string(json, message, true).append(",\"errorType\":");
        JsonText.string(json, errorType, true).append('}');
        return Headers.of(TYPE, errorType,
                BODY, Base64.getEncoder().encodeToString(json.toString().getBytes(StandardCharsets.UTF_8)));
    }
}

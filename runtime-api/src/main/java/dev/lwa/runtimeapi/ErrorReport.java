package dev.lwa.runtimeapi;

import java.util.Objects;

/**
 * An error posted to {@code /invocation/{id}/error} or {@code /init/error}: sent as the
 * {@code Lambda-Runtime-Function-Error-Type} header and the body
 * {@code {"errorMessage":..,"errorType":..}}.
 */
public record ErrorReport(String errorType, String errorMessage) {
    public ErrorReport {
        Objects.requireNonNull(errorType, "errorType");
        Objects.requireNonNull(errorMessage, "errorMessage");
    }
}

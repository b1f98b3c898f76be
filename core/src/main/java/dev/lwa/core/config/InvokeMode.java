package dev.lwa.core.config;

/** {@code AWS_LWA_INVOKE_MODE} (case-insensitive); must match the Function URL's InvokeMode. */
public enum InvokeMode {
    /** The whole response is collected and posted as one JSON envelope. */
    BUFFERED,
    /** The response is streamed to the Runtime API as it comes from the app. */
    RESPONSE_STREAM
}

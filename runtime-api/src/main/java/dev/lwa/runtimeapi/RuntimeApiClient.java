package dev.lwa.runtimeapi;

import dev.lwa.runtimeapi.http.BodyWriter;
import dev.lwa.runtimeapi.http.SizedBody;

import java.io.IOException;

/**
 * Client of the Lambda Runtime API ({@code http://<host:port>/2018-06-01}). Thread-safe; with
 * several pollers each {@link #next()} holds its own connection while it waits.
 */
public interface RuntimeApiClient extends AutoCloseable {

    /**
     * @param hostPort {@code AWS_LAMBDA_RUNTIME_API} (or the proxy), {@code host:port} without scheme
     * @param pooling  false after a SnapStart restore: every call on a new connection
     */
    static RuntimeApiClient create(String hostPort, boolean pooling) {
        return new dev.lwa.runtimeapi.internal.DefaultRuntimeApiClient(hostPort, pooling);
    }

    /** Blocks (no timeout) until the next invocation arrives. */
    Invocation next() throws IOException;

    /** Posts a buffered result; returns normally on 2xx. @throws RuntimeApiException otherwise (e.g. 413) */
    void respond(String requestId, byte[] body) throws IOException;

    /** As {@link #respond(String, byte[])}, the result written while it is sent, its length announced first. */
    void respond(String requestId, SizedBody body) throws IOException;

    /**
     * Posts a streamed result: {@code Lambda-Runtime-Function-Response-Mode: streaming},
     * chunked, the given content type, and {@code Trailer} declarations for the two error trailers.
     */
    void respondStreaming(String requestId, String contentType, BodyWriter body) throws IOException;

    void reportError(String requestId, ErrorReport error) throws IOException;

    void reportInitError(ErrorReport error) throws IOException;

    @Override
    void close();
}

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
     * @param pooling  false: every call on a new connection
     */
    static RuntimeApiClient create(String hostPort, boolean pooling) {
        return new dev.lwa.runtimeapi.internal.DefaultRuntimeApiClient(hostPort, pooling);
    }

    /**
     * Blocks (no timeout) until the next invocation arrives.
     *
     * @throws EventNotReadException when one arrived but its event did not fit in memory: it is
     *                               still to be answered
     */
    default Invocation next() throws IOException {
        return next(EventAdmission.ALWAYS);
    }

    /**
     * As {@link #next()}, asking {@code admission} between {@code /next}'s head and the event's
     * body whether to read the event now.
     *
     * @throws EventNotReadException when the admission said no, or the event did not fit in memory:
     *                               the invocation is still to be answered
     * @throws RuntimeApiException   with status 500, without polling, once any call was answered 500:
     *                               the specification's container error, after which a runtime exits
     */
    Invocation next(EventAdmission admission) throws IOException;

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

    /**
     * SnapStart: {@code GET /runtime/restore/next}, sent once the runtime is ready for the snapshot.
     * Blocks (no timeout) until the snapshot has been restored; returns on any 2xx.
     *
     * @throws RuntimeApiException on another status, naming it and the body
     */
    void restoreNext() throws IOException;

    /** SnapStart: {@code POST /runtime/restore/error}, as {@link #reportInitError}, for a failure after the restore. */
    void reportRestoreError(ErrorReport error) throws IOException;

    /**
     * Drops every pooled connection (idle ones now, those in use when their call ends); later
     * calls open new ones. After a SnapStart restore, connections from before the snapshot are dead.
     */
    void dropConnections();

    @Override
    void close();
}

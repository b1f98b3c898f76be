package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.ErrorReport;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.RuntimeApiClient;
import dev.lwa.runtimeapi.http.BodyWriter;

import java.io.IOException;

/** STUB: to be implemented (runtime-api helper). */
public final class DefaultRuntimeApiClient implements RuntimeApiClient {
    public DefaultRuntimeApiClient(String hostPort, boolean pooling) {
    }

    @Override
    public Invocation next() throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void respond(String requestId, byte[] body) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void respondStreaming(String requestId, String contentType, BodyWriter body) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void reportError(String requestId, ErrorReport error) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void reportInitError(ErrorReport error) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void close() {
    }
}

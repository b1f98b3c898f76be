package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.ExtensionEvent;
import dev.lwa.runtimeapi.ExtensionsApiClient;

import java.io.IOException;
import java.util.List;

/** STUB: to be implemented (runtime-api helper). */
public final class DefaultExtensionsApiClient implements ExtensionsApiClient {
    public DefaultExtensionsApiClient(String hostPort) {
    }

    @Override
    public String register(String name, List<String> events) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public ExtensionEvent next(String extensionId) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    @Override
    public void close() {
    }
}

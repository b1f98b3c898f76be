package dev.lwa.runtimeapi;

import java.io.IOException;
import java.util.List;

/** Client of the Lambda Extensions API ({@code http://<host:port>/2020-01-01/extension}). */
public interface ExtensionsApiClient extends AutoCloseable {

    static ExtensionsApiClient create(String hostPort) {
        return new dev.lwa.runtimeapi.internal.DefaultExtensionsApiClient(hostPort);
    }

    /**
     * Registers an extension.
     *
     * @return the {@code Lambda-Extension-Identifier}
     * @throws RuntimeApiException when the status is not 200 or the identifier is missing
     */
    String register(String name, List<String> events) throws IOException;

    /** Blocks (no timeout) until the next event for this extension. */
    ExtensionEvent next(String extensionId) throws IOException;

    @Override
    void close();
}

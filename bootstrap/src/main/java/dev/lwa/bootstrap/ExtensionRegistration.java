package dev.lwa.bootstrap;

import dev.lwa.core.pipeline.Failures;
import dev.lwa.runtimeapi.ExtensionEvent;
import dev.lwa.runtimeapi.ExtensionsApiClient;
import dev.lwa.runtimeapi.RuntimeApiException;

import java.io.IOException;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Registers the adapter as an external extension subscribed to SHUTDOWN (D12) and parks on
 * {@code event/next} on a virtual thread; a SHUTDOWN event stops the adapter. Registration always
 * goes to {@code AWS_LAMBDA_RUNTIME_API}, never to the Runtime API proxy (D9).
 */
final class ExtensionRegistration {
    private static final System.Logger LOG = System.getLogger("lwa.extension");

    private final String runtimeApi;
    private final String name;
    private final Consumer<String> onShutdown;
    private final Consumer<String> onFailure;
    private final BooleanSupplier stopping;

    /** @param stopping whether the adapter is stopping anyway: then a failed {@code event/next} is expected */
    ExtensionRegistration(String runtimeApi, String name, Consumer<String> onShutdown, Consumer<String> onFailure,
                          BooleanSupplier stopping) {
        this.runtimeApi = runtimeApi;
        this.name = name;
        this.onShutdown = onShutdown;
        this.onFailure = onFailure;
        this.stopping = stopping;
    }

    /** @return false when registration failed (logged; the process must exit 1, as LWA) */
    boolean register() {
        ExtensionsApiClient client = ExtensionsApiClient.create(runtimeApi);
        String id;
        try {
            id = client.register(name, List.of("SHUTDOWN"));
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "Extension registration failed - terminating process: {0}", e.toString());
            client.close();
            return false;
        }
        LOG.log(System.Logger.Level.DEBUG, "registered extension {0} as {1}", name, id);
        Thread.ofVirtual().name("lwa-extension").start(() -> park(client, id));
        return true;
    }

    /**
     * Connection failures of {@code event/next} in a row that are retried: a dropped connection is
     * not worth the invocations in flight. An answer with an error status is not retried.
     */
    static final int CONNECTION_RETRIES = 3;

    private void park(ExtensionsApiClient client, String id) {
        try (client) {
            int failures = 0;
            while (true) {
                ExtensionEvent event;
                try {
                    event = client.next(id);
                    failures = 0;
                } catch (IOException e) {
                    if (stopping.getAsBoolean() || e instanceof RuntimeApiException || ++failures > CONNECTION_RETRIES) {
                        throw e;
                    }
                    LOG.log(System.Logger.Level.WARNING, "extension event/next failed, calling it again: {0}", e.toString());
                    Thread.sleep(100L * failures);
                    continue;
                }
                if (event instanceof ExtensionEvent.Shutdown shutdown) {
                    onShutdown.accept("SHUTDOWN: " + shutdown.reason());
                    return;
                }
                if (event instanceof ExtensionEvent.Other other) {
                    LOG.log(System.Logger.Level.WARNING, "extension event/next gave an event lwa did not ask for ({0}); ignored",
                            other.eventType());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            if (stopping.getAsBoolean()) {
                // a stop (SIGTERM, Ctrl-C in local mode) closes the Runtime API under the parked call
                LOG.log(System.Logger.Level.DEBUG, "extension event/next ended while stopping: {0}", e.toString());
                return;
            }
            LOG.log(System.Logger.Level.ERROR, "extension event/next failed - terminating process: {0}", e.toString());
            onFailure.accept("extension event/next failed: " + Failures.describe(e));
        }
    }
}

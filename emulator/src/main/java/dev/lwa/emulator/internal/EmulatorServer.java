package dev.lwa.emulator.internal;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.time.Duration;

/**
 * The running emulator: the Runtime API and the Extensions API served by one Jetty server on one
 * port, over the state they share (the invocation broker and the extension registry).
 */
public final class EmulatorServer {

    private final ExtensionRegistry extensions;
    private final InvocationBroker broker;
    private final RuntimeLifecycle lifecycle;
    private final RestoreEndpoints restore;
    private final RuntimeCallLog calls = new RuntimeCallLog();
    private final Server server;
    private final int port;

    /** Binds and starts. */
    public EmulatorServer(FunctionConfig config, String host, int requestedPort, Duration idleTimeout) throws IOException {
        Changes changes = new Changes();
        this.extensions = new ExtensionRegistry(changes);
        this.broker = new InvocationBroker(config, extensions);
        this.lifecycle = new RuntimeLifecycle(config, extensions, broker, changes);
        this.restore = new RestoreEndpoints(config, lifecycle);
        ApiHandler handler = new ApiHandler(new RuntimeEndpoints(config, broker, lifecycle),
                restore, new ExtensionEndpoints(config, extensions, broker), calls);
        this.server = JettyServers.create("lwa-emulator", handler);
        ServerConnector connector = JettyServers.connector(server, host, requestedPort);
        connector.setIdleTimeout(idleTimeout.toMillis());
        JettyServers.start(server, "Runtime API emulator", host, requestedPort);
        this.port = connector.getLocalPort();
    }

    /** The bound port (the real one when port 0 was asked for). */
    public int port() {
        return port;
    }

    public InvocationBroker broker() {
        return broker;
    }

    public ExtensionRegistry extensions() {
        return extensions;
    }

    public RuntimeLifecycle lifecycle() {
        return lifecycle;
    }

    public RuntimeCallLog calls() {
        return calls;
    }

    /**
     * Stops accepting invocations and sends {@code SHUTDOWN} to the extensions subscribed to it;
     * true if each acknowledged before {@code now + deadline}.
     */
    public boolean shutdown(String reason, Duration deadline) throws InterruptedException {
        long deadlineNanos = System.nanoTime() + deadline.toNanos();
        broker.stopAccepting();
        return extensions.shutdownAndAwait(reason, System.currentTimeMillis() + deadline.toMillis(), deadlineNanos);
    }

    /** Parked calls get a 500, unfinished invocations fail; then the server stops. */
    public void close() {
        lifecycle.close();
        try {
            restore.awaitAnswered(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        broker.close();
        extensions.close();
        JettyServers.stop(server);
    }
}

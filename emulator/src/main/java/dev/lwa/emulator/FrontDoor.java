package dev.lwa.emulator;

import dev.lwa.emulator.internal.FrontDoorHandler;
import org.eclipse.jetty.server.handler.GracefulHandler;
import dev.lwa.emulator.internal.InvokeApiHandler;
import dev.lwa.emulator.internal.JettyServers;
import dev.lwa.emulator.internal.TriggerRules;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Local mode's front door: an HTTP server that plays a {@link Trigger} (a Function URL, an API
 * Gateway HTTP or REST API, an ALB). Every request becomes the event that trigger sends, the
 * {@link LambdaEmulator} is invoked, and the result is written back as the trigger does, with its
 * limits and its own answers for a failed invocation or a request too large for Lambda.
 * {@code POST /2015-03-31/functions/function/invocations} is not a trigger's request but the invoke
 * endpoint of AWS's runtime interface emulator, on the same port for every trigger: its body is the
 * event, sent as it is, and the function's result is the answer (see {@code docs/emulator.md}).
 */
public final class FrontDoor implements AutoCloseable {

    /**
     * One request that went through the door, reported when its response is written (for a log line).
     *
     * @param target path and query as requested
     * @param status the status written (the trigger's answer to a failed invocation, 413 for an oversized request)
     * @param result the invocation's result, empty when no invocation was made
     */
    public record Exchange(String method, String target, int status, Optional<InvocationResult> result,
                           Duration duration) {
    }

    private final GracefulHandler graceful;
    private final Server server;
    private final int port;
    private final String host;
    private final Trigger trigger;
    private final String apiId;

    private FrontDoor(LambdaEmulator emulator, String host, int requestedPort, Trigger trigger, Consumer<Exchange> onExchange)
            throws IOException {
        this.host = host;
        this.trigger = trigger;
        TriggerRules rules = new TriggerRules(trigger, urlId(emulator.functionName()), emulator.functionName(),
                emulator.functionArn(), emulator.region());
        this.apiId = rules.apiId();
        Consumer<FrontDoorHandler.Outcome> outcomes = outcome -> onExchange.accept(new Exchange(outcome.method(),
                outcome.target(), outcome.status(), outcome.result(), outcome.duration()));
        FrontDoorHandler handler = new FrontDoorHandler(emulator::invokeAsync, rules, outcomes);
        // RIE's invoke endpoint shares the port: one path is taken out of the trigger's space
        this.graceful = new GracefulHandler(
                new InvokeApiHandler(emulator::invokeAsync, emulator.functionName(), outcomes, handler));
        this.server = JettyServers.create("lwa-front-door", graceful);
        ServerConnector connector = JettyServers.connector(server, host, requestedPort);
        JettyServers.start(server, "front door", host, requestedPort);
        this.port = connector.getLocalPort();
    }

    /** Starts a Function URL on {@code host:port} (0 = an ephemeral port). */
    public static FrontDoor start(LambdaEmulator emulator, String host, int port) throws IOException {
        return start(emulator, host, port, new Trigger.FunctionUrl(), exchange -> {
        });
    }

    /** Starts {@code trigger} on {@code host:port} (0 = an ephemeral port), reporting each request to {@code onExchange}. */
    public static FrontDoor start(LambdaEmulator emulator, String host, int port, Trigger trigger,
                                  Consumer<Exchange> onExchange) throws IOException {
        Objects.requireNonNull(emulator, "emulator");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(trigger, "trigger");
        Objects.requireNonNull(onExchange, "onExchange");
        return new FrontDoor(emulator, host, port, trigger, onExchange);
    }

    public int port() {
        return port;
    }

    /** {@code http://host:port}. */
    public String url() {
        return "http://" + host + ":" + port;
    }

    /** What the client calls, as the trigger's base URL: {@link #url()} plus the stage's path ({@code /prod}), if any. */
    public String baseUrl() {
        return url() + trigger.basePath();
    }

    public Trigger trigger() {
        return trigger;
    }

    /**
     * The id in the events' {@code requestContext.apiId} / {@code domainName}: a Function URL's 32-character
     * url-id, an API's 10 characters; stable per function name (an ALB event has none).
     */
    public String apiId() {
        return apiId;
    }

    @Override
    public void close() {
        // The requests in flight are answered first (the emulator, closed before, has failed the
        // invocations they wait for): a client gets the trigger's error, not an empty reply. Only
        // requests are waited for, not connections a client merely holds open.
        try {
            graceful.shutdown().get(STOP_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            // what is still running after the grace is cut by the stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        JettyServers.stop(server);
    }

    /** Whether {@link #close} has begun: requests in flight are being finished, new ones refused. */
    boolean closing() {
        return graceful.isShutdown();
    }

    /** How long {@link #close} waits for the requests in flight to be answered. */
    static final java.time.Duration STOP_GRACE = java.time.Duration.ofSeconds(2);

    /** A 32-character lower-case id like a real Function URL's, derived from the function name. */
    private static String urlId(String functionName) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(functionName.getBytes(StandardCharsets.UTF_8));
            StringBuilder id = new StringBuilder();
            for (int i = 0; id.length() < 32; i++) {
                id.append(Character.forDigit((digest[i] & 0xff) % 36, 36));
            }
            return id.toString();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }
}

package dev.lwa.emulator;

import dev.lwa.emulator.internal.FrontDoorHandler;
import dev.lwa.emulator.internal.InvokeApiHandler;
import dev.lwa.emulator.internal.JettyServers;
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
 * Local mode's front door: an HTTP server that turns every request into a Lambda Function URL event
 * (payload format 2.0), invokes the {@link LambdaEmulator}, and writes the result back as Function URLs
 * do: the v2 envelope of a buffered response, or a streamed response chunk by chunk as it arrives.
 * A failed or timed-out invocation is a {@code 502 {"Message":"Internal Server Error"}}; request
 * bodies over 6 MB get a 413. {@code POST /2015-03-31/functions/function/invocations} is not a Function
 * URL request but the invoke endpoint of AWS's runtime interface emulator: its body is the event, sent
 * as it is, and the function's result is the answer (see {@code docs/emulator.md}).
 */
public final class FunctionUrlFrontDoor implements AutoCloseable {

    /**
     * One request that went through the door, reported when its response is written (for a log line).
     *
     * @param target path and query as requested
     * @param status the status written (502 for a failed invocation, 413 for an oversized request)
     * @param result the invocation's result, empty when no invocation was made
     */
    public record Exchange(String method, String target, int status, Optional<InvocationResult> result,
                           Duration duration) {
    }

    private final Server server;
    private final int port;
    private final String host;
    private final String apiId;

    private FunctionUrlFrontDoor(LambdaEmulator emulator, String host, int requestedPort, Consumer<Exchange> onExchange)
            throws IOException {
        this.host = host;
        this.apiId = urlId(emulator.functionName());
        Consumer<FrontDoorHandler.Outcome> outcomes = outcome -> onExchange.accept(new Exchange(outcome.method(),
                outcome.target(), outcome.status(), outcome.result(), outcome.duration()));
        FrontDoorHandler handler = new FrontDoorHandler(emulator::invokeAsync, apiId, emulator.region(), outcomes);
        // RIE's invoke endpoint shares the port: one path is taken out of the Function URL's space
        this.server = JettyServers.create("lwa-function-url",
                new InvokeApiHandler(emulator::invokeAsync, emulator.functionName(), outcomes, handler));
        ServerConnector connector = JettyServers.connector(server, host, requestedPort);
        JettyServers.start(server, "Function URL front door", host, requestedPort);
        this.port = connector.getLocalPort();
    }

    /** Starts the door on {@code host:port} (0 = an ephemeral port). */
    public static FunctionUrlFrontDoor start(LambdaEmulator emulator, String host, int port) throws IOException {
        return start(emulator, host, port, exchange -> {
        });
    }

    /** As {@link #start(LambdaEmulator, String, int)}, reporting each request to {@code onExchange}. */
    public static FunctionUrlFrontDoor start(LambdaEmulator emulator, String host, int port,
                                             Consumer<Exchange> onExchange) throws IOException {
        Objects.requireNonNull(emulator, "emulator");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(onExchange, "onExchange");
        return new FunctionUrlFrontDoor(emulator, host, port, onExchange);
    }

    public int port() {
        return port;
    }

    /** {@code http://host:port}. */
    public String url() {
        return "http://" + host + ":" + port;
    }

    /** The url-id in the events' {@code requestContext.apiId} / {@code domainName}: stable per function name. */
    public String apiId() {
        return apiId;
    }

    @Override
    public void close() {
        JettyServers.stop(server);
    }

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

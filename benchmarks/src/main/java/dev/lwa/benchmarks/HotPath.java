package dev.lwa.benchmarks;

import dev.lwa.core.config.Config;
import dev.lwa.core.config.ConfigException;
import dev.lwa.core.event.EventParser;
import dev.lwa.core.event.InvalidEventException;
import dev.lwa.core.event.LambdaEvent;
import dev.lwa.core.http.AppForwarder;
import dev.lwa.core.pipeline.AppReadiness;
import dev.lwa.core.pipeline.InvocationHandler;
import dev.lwa.core.pipeline.Outcome;
import dev.lwa.runtimeapi.Invocation;
import dev.lwa.runtimeapi.http.Http1Client;
import dev.lwa.runtimeapi.http.Http1Request;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * The adapter's per-invoke path wired as bootstrap wires it (Config from an env map, our
 * Http1Client to the app, AppForwarder, InvocationHandler with the app already ready), minus the
 * Runtime API: {@link #handle} turns event bytes into the result bytes the adapter would post.
 */
public final class HotPath implements AutoCloseable {
    private final Config config;
    private final Http1Client app;
    private final AppForwarder forwarder;
    private final InvocationHandler handler;

    public HotPath(int appPort) {
        try {
            // the variables Lambda sets that the adapter reads on this path (context header)
            this.config = Config.fromEnv(Map.of(
                    "AWS_LWA_PORT", Integer.toString(appPort),
                    "AWS_LAMBDA_FUNCTION_NAME", "bench",
                    "AWS_LAMBDA_FUNCTION_VERSION", "$LATEST",
                    "AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "512",
                    "AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench",
                    "AWS_LAMBDA_LOG_STREAM_NAME", "2026/03/10/[$LATEST]0123456789abcdef"));
        } catch (ConfigException e) {
            throw new IllegalStateException("benchmark config rejected: " + e.getMessage(), e);
        }
        this.app = Http1Client.builder(config.app().host(), config.app().port())
                .pooling(config.app().pooling()).idleTimeout(config.app().poolIdleTimeout()).build();
        this.forwarder = new AppForwarder(app, config.forwarding(), config.function(), config.snapStart());
        this.handler = new InvocationHandler(config.app(), config.forwarding(), forwarder, AppReadiness.alreadyReady(),
                Optional.empty());
    }

    /** An invocation as {@code /next} would deliver it, with a deadline far enough away for any run. */
    public static Invocation invocation(byte[] event) {
        return new Invocation("8476a536-e9f4-11e8-9739-2dfe598c3fcd",
                System.currentTimeMillis() + Duration.ofHours(12).toMillis(),
                Optional.of("arn:aws:lambda:us-east-1:123456789012:function:bench"),
                Optional.of("Root=1-5bef4de7-ad49b0e87f6ef6c87fc2e700;Parent=9a9197af755a6419;Sampled=1"),
                Optional.empty(), Optional.empty(), Optional.empty(), event);
    }

    public Outcome handle(Invocation inv) {
        return handler.handle(inv);
    }

    /** The result bytes, or an exception naming what the handler answered instead. */
    public byte[] payload(Invocation inv) {
        return switch (handle(inv)) {
            case Outcome.Buffered b -> b.envelope().toByteArray();
            case Outcome.Failed f -> throw new IllegalStateException("the handler failed: " + f.errorType() + ": " + f.message());
            case Outcome.Streamed s -> throw new IllegalStateException("the handler streamed; benchmarks use buffered mode");
        };
    }

    /** The request the adapter sends to the app for this invocation (for the direct baseline). */
    public Http1Request appRequest(Invocation inv) {
        try {
            LambdaEvent event = EventParser.parse(inv.event());
            return forwarder.request(event, inv, AppForwarder.appDeadline(inv.deadlineEpochMs()));
        } catch (InvalidEventException e) {
            throw new IllegalStateException("benchmark event rejected: " + e.getMessage(), e);
        }
    }

    public AppForwarder forwarder() {
        return forwarder;
    }

    /** A client to the app like the adapter's, for the direct baseline. */
    public Http1Client client() {
        return app;
    }

    @Override
    public void close() {
        app.close();
    }
}

package dev.lwa.emulator;

import dev.lwa.emulator.internal.BlockingCalls;
import dev.lwa.emulator.internal.EmulatorServer;
import dev.lwa.emulator.internal.ExtensionRegistry;
import dev.lwa.emulator.internal.FunctionConfig;
import dev.lwa.emulator.internal.InvocationBroker;
import dev.lwa.emulator.internal.RuntimeEnvironment;
import dev.lwa.emulator.internal.RuntimeLifecycle;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A local AWS Lambda: the Runtime API ({@code /2018-06-01}) and the Extensions API
 * ({@code /2020-01-01}) on one port of 127.0.0.1, driven from Java.
 *
 * <pre>{@code
 * try (LambdaEmulator emu = LambdaEmulator.builder().functionName("f").start()) {
 *     // start a runtime with emu.runtimeEnvironment(), then:
 *     InvocationResult r = emu.invoke("{\"hello\":1}".getBytes(UTF_8));
 * }
 * }</pre>
 *
 * See {@code docs/emulator.md} for what is emulated and where it differs from AWS's RIE.
 */
public final class LambdaEmulator implements AutoCloseable {

    private final FunctionConfig config;
    private final EmulatorServer server;
    private final ExtensionRegistry extensions;
    private final InvocationBroker broker;
    private final RuntimeLifecycle lifecycle;
    private final String logStreamName;

    private LambdaEmulator(FunctionConfig config, String host, int requestedPort, Duration idleTimeout) throws IOException {
        this.config = config;
        this.server = new EmulatorServer(config, host, requestedPort, idleTimeout);
        this.extensions = server.extensions();
        this.broker = server.broker();
        this.lifecycle = server.lifecycle();
        this.logStreamName = RuntimeEnvironment.logStreamName(config);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The bound port (the real one when the builder asked for port 0). */
    public int port() {
        return server.port();
    }

    /** {@code 127.0.0.1:<port>}, the value of {@code AWS_LAMBDA_RUNTIME_API}. */
    public String runtimeApi() {
        return "127.0.0.1:" + port();
    }

    public String functionName() {
        return config.functionName();
    }

    public String functionArn() {
        return config.functionArn();
    }

    public String region() {
        return config.region();
    }

    public int concurrency() {
        return config.concurrency();
    }

    public Duration functionTimeout() {
        return config.functionTimeout();
    }

    /**
     * The environment Lambda gives a runtime, for starting one against this emulator (add your own
     * {@code _HANDLER}, {@code LAMBDA_TASK_ROOT} and so on). {@code AWS_LAMBDA_MAX_CONCURRENCY} and
     * {@code AWS_LAMBDA_INITIALIZATION_TYPE=lambda-managed-instances} appear only when concurrency &gt; 1,
     * as in Managed Instances; otherwise the initialization type is {@code on-demand}, unless the
     * builder's {@code initType} said otherwise.
     */
    public Map<String, String> runtimeEnvironment() {
        return RuntimeEnvironment.of(config, runtimeApi(), logStreamName);
    }

    /**
     * The environment Lambda gives an extension (such as lwa) of the same function: the runtime's
     * without the variables Lambda keeps for the runtime process ({@link #forExtensions}).
     */
    public Map<String, String> extensionEnvironment() {
        return forExtensions(runtimeEnvironment());
    }

    /**
     * What an extension gets of a function's environment {@code runtimeEnvironment}: all of it but
     * {@code AWS_EXECUTION_ENV}, {@code AWS_LAMBDA_LOG_GROUP_NAME}, {@code AWS_LAMBDA_LOG_STREAM_NAME},
     * {@code AWS_XRAY_CONTEXT_MISSING}, {@code AWS_XRAY_DAEMON_ADDRESS}, {@code LAMBDA_RUNTIME_DIR},
     * {@code LAMBDA_TASK_ROOT} and every name that starts with {@code _} ({@code _HANDLER},
     * {@code _X_AMZN_TRACE_ID}, ...), as the Extensions API documentation lists them and Lambda's
     * Runtime Interface Emulator leaves them out.
     */
    public static Map<String, String> forExtensions(Map<String, String> runtimeEnvironment) {
        Map<String, String> env = new LinkedHashMap<>(runtimeEnvironment);
        env.keySet().removeIf(name -> name.startsWith("_") || RUNTIME_ONLY.contains(name));
        return Map.copyOf(env);
    }

    private static final Set<String> RUNTIME_ONLY = Set.of("AWS_EXECUTION_ENV",
            "AWS_LAMBDA_LOG_GROUP_NAME", "AWS_LAMBDA_LOG_STREAM_NAME", "AWS_XRAY_CONTEXT_MISSING",
            "AWS_XRAY_DAEMON_ADDRESS", "LAMBDA_RUNTIME_DIR", "LAMBDA_TASK_ROOT");

    // ---- invoking --------------------------------------------------------------------------------

    /** Invokes with these event bytes and waits for the result. */
    public InvocationResult invoke(byte[] event) {
        return invoke(Invoke.of(event));
    }

    public InvocationResult invoke(Invoke invoke) {
        return invoke(invoke, StreamListener.NONE);
    }

    /** Invokes and waits; {@code listener} sees a streamed response while it arrives. */
    public InvocationResult invoke(Invoke invoke, StreamListener listener) {
        return BlockingCalls.result(invokeAsync(invoke, listener), invoke);
    }

    public CompletableFuture<InvocationResult> invokeAsync(Invoke invoke) {
        return invokeAsync(invoke, StreamListener.NONE);
    }

    /**
     * Submits an invocation. It waits in a queue until a runtime's {@code /next} takes it (and, with
     * concurrency 1, until the previous invocation is answered). The future fails only when the
     * emulator is shut down or closed, never for what the runtime does: that is in the result.
     */
    public CompletableFuture<InvocationResult> invokeAsync(Invoke invoke, StreamListener listener) {
        Objects.requireNonNull(invoke, "invoke");
        Objects.requireNonNull(listener, "listener");
        return broker.submit(invoke, listener);
    }

    // ---- observing -------------------------------------------------------------------------------

    /** What the runtime posted to {@code /runtime/init/error}, if it did. */
    public Optional<ErrorInfo> initError() {
        return broker.initError();
    }

    public List<ExtensionInfo> extensions() {
        return extensions.snapshot();
    }

    /** Waits until at least {@code count} extensions have registered. */
    public boolean awaitExtensions(int count, Duration timeout) {
        return BlockingCalls.falseIfInterrupted(() -> extensions.awaitCount(count, timeout));
    }

    /** {@code GET /runtime/invocation/next} calls currently waiting for work. */
    public int parkedPollers() {
        return broker.parkedPollers();
    }

    /** Waits until at least {@code count} {@code /next} calls are parked. */
    public boolean awaitParkedPollers(int count, Duration timeout) {
        return BlockingCalls.falseIfInterrupted(() -> broker.awaitParkedPollers(count, timeout));
    }

    /** Invocations handed to the runtime and not yet answered or timed out. */
    public int inFlight() {
        return broker.inFlight();
    }

    /** Invocations waiting for a {@code /next}. */
    public int queued() {
        return broker.queued();
    }

    /** Every Runtime API call the runtime made ({@code /2018-06-01/runtime/...}), in arrival order; the latest 10,000. */
    public List<RuntimeCall> runtimeCalls() {
        return server.calls().snapshot();
    }

    // ---- SnapStart (initType "snap-start") ---------------------------------------------------------

    /**
     * SnapStart's checkpoint barrier: waits until the runtime is parked in
     * {@code GET /runtime/restore/next} and every registered extension in {@code /extension/event/next};
     * from then on the environment counts as snapshotted. False on timeout, and at once if the runtime
     * can no longer get there (it asked for {@code invocation/next} without restore/next, or posted an
     * init error).
     *
     * @throws IllegalStateException if the initialization type is not {@code snap-start}
     */
    public boolean awaitCheckpoint(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return BlockingCalls.falseIfInterrupted(() -> lifecycle.awaitCheckpoint(timeout));
    }

    /**
     * Restores the snapshotted environment: answers the held {@code restore/next} (200, empty body) and
     * waits up to the builder's {@code restoreTimeout} for the runtime's {@code invocation/next}.
     * Invocations submitted before go out only after that. When the restore fails or times out, queued
     * and later invocations fail with its error, as after an init error.
     *
     * @throws IllegalStateException if the environment is not snapshotted (see {@link #awaitCheckpoint})
     *                               or the emulator was closed meanwhile
     */
    public RestoreResult restore() {
        try {
            return lifecycle.restore();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("interrupted while waiting for the restore");
        }
    }

    /** What the runtime posted to {@code /runtime/restore/error} (or {@code /runtime/init/error} while restoring). */
    public Optional<ErrorInfo> restoreError() {
        return lifecycle.restoreError();
    }

    // ---- lifecycle -------------------------------------------------------------------------------

    /**
     * Sends {@code SHUTDOWN} (with this reason, e.g. {@code spindown}, and a deadline of now +
     * {@code deadline}) to every extension subscribed to it, and stops accepting invocations.
     * Returns once each of them has either called {@code /extension/event/next} again after receiving
     * the event or posted {@code /extension/exit/error}, or when the deadline passes. An extension that
     * just exits cannot be seen from here, so for it this waits out the deadline. The runtime is not
     * signalled (there is no process to signal); invocations already submitted still complete.
     *
     * @return true if every subscribed extension acknowledged before the deadline
     */
    public boolean shutdown(String reason, Duration deadline) {
        Objects.requireNonNull(reason, "reason");
        return BlockingCalls.falseIfInterrupted(() -> server.shutdown(reason, deadline));
    }

    /** Stops the server. Parked calls get a 500, unfinished invocations fail with IllegalStateException. */
    @Override
    public void close() {
        server.close();
    }

    /** Settings of the emulated function (see {@link EmulatorSettings}); every setter returns this builder. */
    public static final class Builder extends EmulatorSettings {
        private Builder() {
        }

        /** Binds and starts the server. */
        public LambdaEmulator start() throws IOException {
            return new LambdaEmulator(functionConfig(), host(), port(), idleTimeout());
        }
    }
}

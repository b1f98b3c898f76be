package dev.lwa.emulator;

import dev.lwa.emulator.internal.BlockingCalls;
import dev.lwa.emulator.internal.EmulatorServer;
import dev.lwa.emulator.internal.ExtensionRegistry;
import dev.lwa.emulator.internal.FunctionConfig;
import dev.lwa.emulator.internal.InvocationBroker;
import dev.lwa.emulator.internal.RuntimeEnvironment;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
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
    private final String logStreamName;

    private LambdaEmulator(FunctionConfig config, String host, int requestedPort, Duration idleTimeout) throws IOException {
        this.config = config;
        this.server = new EmulatorServer(config, host, requestedPort, idleTimeout);
        this.extensions = server.extensions();
        this.broker = server.broker();
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
     * as in Managed Instances; otherwise the initialization type is {@code on-demand}.
     */
    public Map<String, String> runtimeEnvironment() {
        return RuntimeEnvironment.of(config, runtimeApi(), logStreamName);
    }

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

    /** Settings of the emulated function. Every setter returns this builder. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private int concurrency = 1;
        private String functionName = "test_function";
        private String functionVersion = "$LATEST";
        private int memoryMb = 128;
        private String region = "us-east-1";
        private String accountId = "012345678912";
        private String handler = "";
        private Duration functionTimeout = Duration.ofSeconds(30);
        private Optional<Duration> queueTimeout = Optional.empty();
        private long maxStreamedResponseBytes = 200L * 1024 * 1024;
        private boolean closeRegistrationOnFirstNext = true;
        private Duration idleTimeout = Duration.ofHours(1);

        private Builder() {
        }

        /** 0 (the default) = an ephemeral port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("port must be 0..65535, got " + port);
            }
            this.port = port;
            return this;
        }

        /** The address to bind; 127.0.0.1 unless you need otherwise. */
        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** 1 = classic Lambda (one invocation at a time); n &gt; 1 = Managed Instances with n in flight. */
        public Builder concurrency(int concurrency) {
            this.concurrency = concurrency;
            return this;
        }

        public Builder functionName(String functionName) {
            this.functionName = Objects.requireNonNull(functionName, "functionName");
            return this;
        }

        public Builder functionVersion(String functionVersion) {
            this.functionVersion = Objects.requireNonNull(functionVersion, "functionVersion");
            return this;
        }

        public Builder memoryMb(int memoryMb) {
            this.memoryMb = memoryMb;
            return this;
        }

        public Builder region(String region) {
            this.region = Objects.requireNonNull(region, "region");
            return this;
        }

        public Builder accountId(String accountId) {
            this.accountId = Objects.requireNonNull(accountId, "accountId");
            return this;
        }

        /** The handler string reported to extensions at registration, and {@code _HANDLER} if set. */
        public Builder handler(String handler) {
            this.handler = Objects.requireNonNull(handler, "handler");
            return this;
        }

        /** Default timeout of each invocation, counted from the moment a {@code /next} takes it. */
        public Builder functionTimeout(Duration functionTimeout) {
            this.functionTimeout = Objects.requireNonNull(functionTimeout, "functionTimeout");
            return this;
        }

        /**
         * How long an invocation may wait for a runtime's {@code /next} before it becomes a TIMEOUT.
         * Default: the invocation's own timeout.
         */
        public Builder queueTimeout(Duration queueTimeout) {
            this.queueTimeout = Optional.of(queueTimeout);
            return this;
        }

        /** Cap on a streamed response (200 MiB by default, as on AWS). */
        public Builder maxStreamedResponseBytes(long bytes) {
            this.maxStreamedResponseBytes = bytes;
            return this;
        }

        /**
         * Whether extension registration closes at the runtime's first {@code /next}, as in Lambda
         * (default true). Turn off for tests that register extensions late on purpose.
         */
        public Builder closeRegistrationOnFirstNext(boolean close) {
            this.closeRegistrationOnFirstNext = close;
            return this;
        }

        /**
         * The connections' idle timeout (default 1 hour). It must stay longer than any idle gap between
         * a runtime's requests; a parked {@code /next} itself is not cut by it.
         */
        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
            return this;
        }

        /** Binds and starts the server. */
        public LambdaEmulator start() throws IOException {
            FunctionConfig config = new FunctionConfig(functionName, functionVersion, memoryMb, region, accountId,
                    handler, functionTimeout, concurrency, maxStreamedResponseBytes, queueTimeout,
                    closeRegistrationOnFirstNext);
            return new LambdaEmulator(config, host, port, idleTimeout);
        }
    }
}

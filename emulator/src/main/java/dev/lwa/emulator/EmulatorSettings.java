package dev.lwa.emulator;

import dev.lwa.emulator.internal.FunctionConfig;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of {@link LambdaEmulator.Builder}, kept in a file of their own so that the emulator's
 * class stays readable. Every setter returns the builder.
 */
public abstract sealed class EmulatorSettings permits LambdaEmulator.Builder {
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
    private long maxStreamedResponseBytes = FunctionConfig.DEFAULT_MAX_STREAMED_RESPONSE_BYTES;
    private boolean closeRegistrationOnFirstNext = true;
    private Duration idleTimeout = Duration.ofHours(1);
    private Optional<String> initType = Optional.empty();
    private Duration restoreTimeout = Duration.ofSeconds(10);

    EmulatorSettings() {
    }

    // sealed with the builder as its only subclass, so this cast cannot fail
    private LambdaEmulator.Builder self() {
        return (LambdaEmulator.Builder) this;
    }

    /** 0 (the default) = an ephemeral port. */
    public LambdaEmulator.Builder port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0..65535, got " + port);
        }
        this.port = port;
        return self();
    }

    /** The address to bind; 127.0.0.1 unless you need otherwise. */
    public LambdaEmulator.Builder host(String host) {
        this.host = Objects.requireNonNull(host, "host");
        return self();
    }

    /** 1 = classic Lambda (one invocation at a time); n &gt; 1 = Managed Instances with n in flight. */
    public LambdaEmulator.Builder concurrency(int concurrency) {
        this.concurrency = concurrency;
        return self();
    }

    public LambdaEmulator.Builder functionName(String functionName) {
        this.functionName = Objects.requireNonNull(functionName, "functionName");
        return self();
    }

    public LambdaEmulator.Builder functionVersion(String functionVersion) {
        this.functionVersion = Objects.requireNonNull(functionVersion, "functionVersion");
        return self();
    }

    public LambdaEmulator.Builder memoryMb(int memoryMb) {
        this.memoryMb = memoryMb;
        return self();
    }

    public LambdaEmulator.Builder region(String region) {
        this.region = Objects.requireNonNull(region, "region");
        return self();
    }

    public LambdaEmulator.Builder accountId(String accountId) {
        this.accountId = Objects.requireNonNull(accountId, "accountId");
        return self();
    }

    /** The handler string reported to extensions at registration, and {@code _HANDLER} if set. */
    public LambdaEmulator.Builder handler(String handler) {
        this.handler = Objects.requireNonNull(handler, "handler");
        return self();
    }

    /** Default timeout of each invocation, counted from the moment a {@code /next} takes it. */
    public LambdaEmulator.Builder functionTimeout(Duration functionTimeout) {
        this.functionTimeout = Objects.requireNonNull(functionTimeout, "functionTimeout");
        return self();
    }

    /**
     * How long an invocation may wait for a runtime's {@code /next} before it becomes a TIMEOUT.
     * Default: the invocation's own timeout.
     */
    public LambdaEmulator.Builder queueTimeout(Duration queueTimeout) {
        this.queueTimeout = Optional.of(queueTimeout);
        return self();
    }

    /** Cap on a streamed response (200 MiB by default, as on AWS). */
    public LambdaEmulator.Builder maxStreamedResponseBytes(long bytes) {
        this.maxStreamedResponseBytes = bytes;
        return self();
    }

    /**
     * Whether extension registration closes at the runtime's first {@code /next}, as in Lambda
     * (default true). Turn off for tests that register extensions late on purpose.
     */
    public LambdaEmulator.Builder closeRegistrationOnFirstNext(boolean close) {
        this.closeRegistrationOnFirstNext = close;
        return self();
    }

    /**
     * The connections' idle timeout (default 1 hour). It must stay longer than any idle gap between
     * a runtime's requests; a parked {@code /next} itself is not cut by it.
     */
    public LambdaEmulator.Builder idleTimeout(Duration idleTimeout) {
        this.idleTimeout = Objects.requireNonNull(idleTimeout, "idleTimeout");
        return self();
    }

    /**
     * {@code AWS_LAMBDA_INITIALIZATION_TYPE}: {@code snap-start}, {@code provisioned-concurrency},
     * {@code on-demand}, ... Default: {@code on-demand}, or {@code lambda-managed-instances} when
     * concurrency &gt; 1. Only {@code snap-start} changes behaviour: it adds the restore routes and the
     * checkpoint/restore lifecycle ({@link LambdaEmulator#awaitCheckpoint}, {@link LambdaEmulator#restore}).
     */
    public LambdaEmulator.Builder initType(String type) {
        Objects.requireNonNull(type, "type");
        if (type.isBlank()) {
            throw new IllegalArgumentException("initType must not be blank");
        }
        this.initType = Optional.of(type);
        return self();
    }

    /**
     * How long {@link LambdaEmulator#restore()} waits for the runtime's {@code invocation/next} after
     * answering its {@code restore/next} (default 10 s, as Lambda gives restore hooks).
     */
    public LambdaEmulator.Builder restoreTimeout(Duration restoreTimeout) {
        Objects.requireNonNull(restoreTimeout, "restoreTimeout");
        if (restoreTimeout.isNegative() || restoreTimeout.isZero()) {
            throw new IllegalArgumentException("restoreTimeout must be positive, got " + restoreTimeout);
        }
        this.restoreTimeout = restoreTimeout;
        return self();
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    FunctionConfig functionConfig() {
        String type = initType.orElse(concurrency > 1 ? "lambda-managed-instances" : "on-demand");
        return new FunctionConfig(functionName, functionVersion, memoryMb, region, accountId, handler,
                functionTimeout, concurrency, maxStreamedResponseBytes, queueTimeout, closeRegistrationOnFirstNext,
                type, restoreTimeout);
    }
}

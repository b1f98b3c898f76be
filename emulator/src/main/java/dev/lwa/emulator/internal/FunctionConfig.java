package dev.lwa.emulator.internal;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * The emulated function's fixed settings.
 *
 * @param queueTimeout how long an invocation may wait for a {@code /next} before it times out;
 *                     empty = the invocation's own timeout
 * @param initType     {@code AWS_LAMBDA_INITIALIZATION_TYPE}; {@code snap-start} turns on the restore lifecycle
 * @param restoreTimeout how long a restore may take before it counts as {@code Runtime.RestoreHookUserTimeout}
 */
public record FunctionConfig(
        String functionName,
        String functionVersion,
        int memoryMb,
        String region,
        String accountId,
        String handler,
        Duration functionTimeout,
        int concurrency,
        long maxStreamedResponseBytes,
        Optional<Duration> queueTimeout,
        boolean closeRegistrationOnFirstNext,
        String initType,
        Duration restoreTimeout) {

    public static final String SNAP_START = "snap-start";

    /** 6 MiB + 100 bytes, RIE's {@code interop.MaxPayloadSize}: the buffered response limit. */
    public static final long MAX_BUFFERED_RESPONSE_BYTES = 6L * 1024 * 1024 + 100;
    /** Streamed responses: 200 MiB (AWS docs, July 2025). */
    public static final long DEFAULT_MAX_STREAMED_RESPONSE_BYTES = 200L * 1024 * 1024;
    /** {@code /error}, {@code /init/error} and Extensions API bodies (RIE-LMI {@code requestBodyLimitBytes}). */
    public static final long MAX_ERROR_BODY_BYTES = 1024 * 1024;

    public FunctionConfig {
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(functionVersion, "functionVersion");
        Objects.requireNonNull(region, "region");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(handler, "handler");
        Objects.requireNonNull(functionTimeout, "functionTimeout");
        Objects.requireNonNull(queueTimeout, "queueTimeout");
        Objects.requireNonNull(initType, "initType");
        Objects.requireNonNull(restoreTimeout, "restoreTimeout");
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1, got " + concurrency);
        }
        if (memoryMb < 1) {
            throw new IllegalArgumentException("memoryMb must be positive, got " + memoryMb);
        }
        if (functionTimeout.isNegative() || functionTimeout.isZero()) {
            throw new IllegalArgumentException("functionTimeout must be positive, got " + functionTimeout);
        }
        if (maxStreamedResponseBytes < 1) {
            throw new IllegalArgumentException("maxStreamedResponseBytes must be positive, got " + maxStreamedResponseBytes);
        }
    }

    public String functionArn() {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
    }

    public boolean snapStart() {
        return initType.equals(SNAP_START);
    }

    public boolean managedInstances() {
        return concurrency > 1;
    }
}

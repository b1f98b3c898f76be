package dev.lwa.core.config;

import java.util.Objects;

/**
 * The function's identity as Lambda announces it ({@code AWS_LAMBDA_FUNCTION_NAME},
 * {@code _MEMORY_SIZE}, {@code _VERSION}, {@code AWS_LAMBDA_LOG_STREAM_NAME},
 * {@code AWS_LAMBDA_LOG_GROUP_NAME}); it goes into {@code x-amzn-lambda-context}. Missing values
 * are {@code ""} or 0: LWA's runtime panics on them, lwa keeps running (local runs, tests).
 */
public record FunctionInfo(String name, int memoryMb, String version, String logStream, String logGroup) {

    public FunctionInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(logStream, "logStream");
        Objects.requireNonNull(logGroup, "logGroup");
    }
}

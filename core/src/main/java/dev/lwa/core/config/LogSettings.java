package dev.lwa.core.config;

import java.util.Objects;

/**
 * How the adapter logs: the threshold ({@code AWS_LAMBDA_LOG_LEVEL}, else {@code RUST_LOG} when it
 * is a plain level word, else INFO) and whether lines are JSON ({@code AWS_LAMBDA_LOG_FORMAT=JSON}).
 */
public record LogSettings(System.Logger.Level level, boolean json) {

    public LogSettings {
        Objects.requireNonNull(level, "level");
    }
}

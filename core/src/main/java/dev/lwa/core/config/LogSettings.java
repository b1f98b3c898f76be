package dev.lwa.core.config;

import java.util.Objects;

/**
 * How the adapter logs: the threshold, and whether lines are JSON.
 */
public record LogSettings(System.Logger.Level level, boolean json) {

    public LogSettings {
        Objects.requireNonNull(level, "level");
    }
}

package dev.lwa.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * Where API Gateway WebSocket events go (beyond LWA, which passes them through as raw JSON): with a
 * path, each {@code $connect}, message and {@code $disconnect} becomes an HTTP request to it, and
 * the app's answer the route's result ({@code docs/behaviour.md}, "Beyond LWA").
 *
 * @param path the app's path for WebSocket events, as the URL path setter makes it; empty: off,
 *             and WebSocket events are passed through as LWA does
 */
public record WebSocketRoute(Optional<String> path) {

    public WebSocketRoute {
        Objects.requireNonNull(path, "path");
    }

    /** Off: WebSocket events are pass-through events. */
    public static WebSocketRoute off() {
        return new WebSocketRoute(Optional.empty());
    }
}

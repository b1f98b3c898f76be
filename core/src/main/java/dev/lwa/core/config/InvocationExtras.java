package dev.lwa.core.config;

import dev.lwa.core.event.EventSource;

import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What lwa does beyond LWA for each invocation, all off by default.
 *
 * @param sourceHeader whether pass-through requests carry {@code x-amzn-event-source}; on whenever
 *                     routes are set, since routing reads the source anyway
 * @param routes       the path each named event source is POSTed to instead of the pass-through path
 * @param accessLog    whether each invocation ends with one INFO line: method, path, status,
 *                     duration, bytes in and out
 */
public record InvocationExtras(boolean sourceHeader, Map<EventSource, String> routes, boolean accessLog) {

    public InvocationExtras {
        Objects.requireNonNull(routes, "routes");
        routes = routes.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(routes));
        sourceHeader = sourceHeader || !routes.isEmpty();
    }

    /** LWA's behaviour: none of them. */
    public static InvocationExtras none() {
        return new InvocationExtras(false, Map.of(), false);
    }

    /** Where a pass-through event from {@code source} goes when it has a route of its own. */
    public Optional<String> route(EventSource source) {
        return Optional.ofNullable(routes.get(source));
    }
}

package dev.lwa.core.config;

import dev.lwa.core.config.EnvReader.Raw;

import java.time.Duration;
import java.util.Optional;

/** What only the readiness settings of {@link Settings} need. */
final class ReadinessRules {

    private ReadinessRules() {
    }

    static Optional<StatusCodes> healthyStatus(Raw raw, EnvReader in) {
        StatusCodes healthy = StatusCodes.parse(raw.value(), in.warnings());
        if (healthy.isEmpty() && in.get(Settings.READINESS_PROTOCOL) == ReadinessProtocol.HTTP) {
            in.warn("Environment variable '" + raw.variable() + "' ('" + raw.value()
                    + "') contains no status code, so the HTTP readiness check can never succeed.");
        }
        return Optional.of(healthy);
    }

    /** LWA 0.x's {@code MIN_UNHEALTHY_STATUS=N} meant healthy iff {@code 100 <= status < N}. */
    static String healthyBelow(String minUnhealthy) {
        String v = minUnhealthy.strip();
        if (isSmallNumber(v) && Integer.parseInt(v) > 100) {
            return "100-" + (Integer.parseInt(v) - 1);
        }
        return "100-<N-1>";
    }

    /**
     * 1 to 5 ASCII digits, no sign (the regex {@code [0-9]{1,5}}). Written out: no java.util.regex
     * on the Lambda path, its classes would be loaded at every start.
     */
    static boolean isSmallNumber(String v) {
        return !v.isEmpty() && v.length() <= 5 && Parsers.skipDigits(v, 0) == v.length();
    }

    /**
     * LWA 1.1's seconds: above 0, else a warning and no bound, as LWA. lwa's own variable, read
     * before, wins; then this one is not even parsed.
     */
    static Optional<Duration> timeoutSeconds(Raw raw, EnvReader in) {
        Optional<Duration> other = in.find(Settings.READINESS_TIMEOUT);
        if (other.isPresent()) {
            String name = Settings.READINESS_TIMEOUT.name();
            in.warn("Environment variables '" + name + "' and '" + raw.variable() + "' are both set: '" + name
                    + "' applies (" + other.get().toMillis() + " ms).");
            return Optional.empty();
        }
        Optional<Duration> timeout = Parsers.seconds(raw.value()).filter(d -> d.isPositive());
        if (timeout.isEmpty()) {
            in.ignored(raw);
        }
        return timeout;
    }
}

package dev.lwa.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads variables from the injected environment map and collects the warnings the parse
 * produces. "Set" means present in the map: an empty string counts as set, as with Rust's
 * {@code std::env::var}.
 */
final class EnvReader {

    /** A value together with the variable it came from, so messages name the right one. */
    record Setting(String variable, String value) {
    }

    private final Map<String, String> env;
    private final List<String> warnings = new ArrayList<>();

    EnvReader(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    List<String> warnings() {
        return warnings;
    }

    void warn(String line) {
        warnings.add(line);
    }

    Optional<Setting> get(String variable) {
        return Optional.ofNullable(env.get(variable)).map(value -> new Setting(variable, value));
    }

    /** The variable, else (with LWA's deprecation warning) its old unprefixed name. */
    Optional<Setting> getWithDeprecated(String variable, String deprecated) {
        Optional<Setting> current = get(variable);
        if (current.isPresent()) {
            return current;
        }
        Optional<Setting> old = get(deprecated);
        old.ifPresent(s -> warn("Environment variable '" + deprecated
                + "' is deprecated and will be removed in version 2.0. Please use '" + variable + "' instead."));
        return old;
    }

    /** The variable, else a fallback that is not deprecated (the {@code PORT} case): no warning. */
    Optional<Setting> getOrFallback(String variable, String fallback) {
        return get(variable).or(() -> get(fallback));
    }

    /**
     * Rust's {@code bool::from_str}: exactly {@code true} or {@code false}. Anything else is
     * false, as in LWA, but here with a warning because {@code TRUE} silently meaning false
     * is a classic trap.
     */
    boolean bool(Optional<Setting> setting) {
        if (setting.isEmpty()) {
            return false;
        }
        String value = setting.get().value();
        if (!value.equals("true") && !value.equals("false")) {
            warnInvalid(setting.get(), "true or false (lower case)", "false");
        }
        return value.equals("true");
    }

    void warnInvalid(Setting setting, String expected, String using) {
        warn("Environment variable '" + setting.variable() + "' has invalid value '" + setting.value()
                + "': expected " + expected + ". Using " + using + ".");
    }
}

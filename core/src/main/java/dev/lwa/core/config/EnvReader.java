package dev.lwa.core.config;

import dev.lwa.core.config.Parser.OnInvalid;
import dev.lwa.core.config.Setting.Alias;
import dev.lwa.core.config.Setting.Default;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads the settings of a table from an injected environment map, in table order, and keeps their
 * values and the warnings the parse produced. "Set" means present in the map: an empty string
 * counts as set, as with Rust's {@code std::env::var}, unless the setting's parser says otherwise.
 */
final class EnvReader {

    /**
     * A variable's text as found, with the setting it was read for, so messages name the variable
     * actually set (a deprecated name included) and can say what applies instead.
     */
    record Raw(Setting<?> setting, String variable, String value) {
    }

    private final Map<String, String> env;
    private final List<String> warnings = new ArrayList<>();
    /** Per setting read so far: its value, empty when unset. */
    private final Map<Setting<?>, Optional<?>> values = new IdentityHashMap<>();

    private EnvReader(Map<String, String> env) {
        this.env = Objects.requireNonNull(env, "env");
    }

    /**
     * Reads every setting of {@code table} in order: warnings come out in that order, and the first
     * value lwa cannot start with throws. A setting's rule may look at settings before it.
     */
    static EnvReader read(Map<String, String> env, List<Setting<?>> table) throws ConfigException {
        EnvReader in = new EnvReader(env);
        for (Setting<?> setting : table) {
            in.read(setting);
        }
        in.warnUnknown(table);
        return in;
    }

    /**
     * One warning per {@code AWS_LWA_} variable that no setting reads, naming the closest setting:
     * a misspelt one ({@code AWS_LWA_READYNESS_CHECK_PATH}) would otherwise change nothing without
     * a word. LWA says nothing either; lwa still ignores the variable, it only says so.
     */
    private void warnUnknown(List<Setting<?>> table) {
        java.util.Set<String> known = new java.util.HashSet<>();
        for (Setting<?> setting : table) {
            known.add(setting.name());
            setting.aliases().forEach(a -> known.add(a.name()));
        }
        env.keySet().stream().filter(k -> k.startsWith("AWS_LWA_") && !known.contains(k)).sorted().forEach(k -> {
            String closest = null;
            int best = Integer.MAX_VALUE;
            for (Setting<?> setting : table) {
                int d = distance(k, setting.name());
                if (d < best) {
                    best = d;
                    closest = setting.name();
                }
            }
            warn("Environment variable '" + k + "' is not a setting lwa knows, and is ignored"
                    + (best <= 3 ? "; did you mean '" + closest + "'?" : "") + " (docs/settings.md lists them)");
        });
    }

    /** Levenshtein distance: edits from {@code a} to {@code b}. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(substitute, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    private <T> void read(Setting<T> setting) throws ConfigException {
        Optional<Raw> raw = lookup(setting);
        Optional<T> value = Optional.empty();
        if (raw.isPresent() && !(setting.parser().emptyMeansUnset() && raw.get().value().isEmpty())) {
            try {
                value = setting.parser().rule().read(raw.get(), this);
            } catch (ConfigException e) {
                expect(raw.get(), OnInvalid.EXIT);
                throw e;
            }
        }
        values.put(setting, value);
    }

    /** The setting's own variable, else its aliases in order, with the warnings they call for. */
    private Optional<Raw> lookup(Setting<?> setting) {
        for (Alias alias : setting.aliases()) {
            if (alias instanceof Alias.Removed removed && env.containsKey(removed.name())) {
                String equivalent = removed.equivalentValue().apply(env.get(removed.name()));
                warn("Environment variable '" + removed.name() + "' was removed in version 1.0 and is ignored. "
                        + "Please use '" + setting.name() + "=" + equivalent + "' instead.");
            }
        }
        Optional<Raw> found = raw(setting, setting.name());
        for (Alias alias : setting.aliases()) {
            if (found.isPresent()) {
                break;
            }
            if (alias instanceof Alias.Deprecated) {
                found = raw(setting, alias.name());
                found.ifPresent(r -> warn("Environment variable '" + alias.name() + "' is deprecated and will be "
                        + "removed in version 2.0. Please use '" + setting.name() + "' instead."));
            } else if (alias instanceof Alias.Fallback) {
                found = raw(setting, alias.name());
            }
        }
        return found;
    }

    private Optional<Raw> raw(Setting<?> setting, String variable) {
        String value = env.get(variable);
        return value == null ? Optional.empty() : Optional.of(new Raw(setting, variable, value));
    }

    /** The setting's value, else its default. */
    <T> T get(Setting<T> setting) {
        Optional<T> value = find(setting);
        if (value.isPresent()) {
            return value.get();
        }
        // instanceof, not a pattern switch: a type switch generates a class at run time
        Default<T> fallback = setting.fallback();
        if (fallback instanceof Default.Value<T> v) {
            return v.value();
        }
        if (fallback instanceof Default.SameAs<T> same) {
            return get(same.setting());
        }
        throw new IllegalStateException(setting.name() + " has no default value: it is read with find");
    }

    /** The setting's value; empty when unset or read as unset. */
    @SuppressWarnings("unchecked") // values holds an Optional<T> for each Setting<T>
    <T> Optional<T> find(Setting<T> setting) {
        Optional<?> value = values.get(setting);
        if (value == null) {
            throw new IllegalStateException(setting.name() + " has not been read yet: a rule may only look at "
                    + "settings before its own in the table");
        }
        return (Optional<T>) value;
    }

    /** Every warning so far, in order; a parser may add to it (status code lists do). */
    List<String> warnings() {
        return warnings;
    }

    void warn(String line) {
        warnings.add(line);
    }

    /** The text is wrong and the setting's default applies, as LWA silently does: say so. */
    void invalid(Raw raw) {
        expect(raw, OnInvalid.DEFAULT);
        if (!(raw.setting().fallback() instanceof Default.Value<?> v)) {
            throw new IllegalStateException(raw.setting().name() + " has no default value to use instead");
        }
        warn(invalidValue(raw) + " Using " + v.shown() + ".");
    }

    /** The text is wrong and the setting is dropped: say so. */
    void ignored(Raw raw) {
        expect(raw, OnInvalid.IGNORED);
        warn(invalidValue(raw) + " It is ignored.");
    }

    /** The docs say what becomes of invalid text from the parser's {@code onInvalid}: keep the rule to it. */
    private static void expect(Raw raw, OnInvalid actual) {
        if (raw.setting().parser().onInvalid() != actual) {
            throw new IllegalStateException(raw.setting().name() + ": invalid text is documented as '"
                    + raw.setting().parser().onInvalid() + "' but the rule did " + actual);
        }
    }

    private static String invalidValue(Raw raw) {
        return "Environment variable '" + raw.variable() + "' has invalid value '" + raw.value() + "': expected "
                + raw.setting().parser().expected() + ".";
    }
}

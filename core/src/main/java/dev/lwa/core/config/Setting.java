package dev.lwa.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One environment variable of the settings table ({@link Settings}): its name, the other names it
 * answers to, how its text is read, what applies when it is unset, and one line saying what it
 * does. The same entry drives the parse and its row in {@code docs/settings.md}.
 *
 * @param name     the variable
 * @param aliases  other names, in the order they are looked at when {@code name} is unset
 * @param parser   how the text becomes a value
 * @param fallback what applies when the variable and its aliases are unset, or the parser reads
 *                 the text as unset
 * @param doc      what the setting does, one line
 */
record Setting<T>(String name, List<Alias> aliases, Parser<T> parser, Default<T> fallback, String doc) {

    Setting {
        Objects.requireNonNull(name, "name");
        aliases = List.copyOf(aliases);
        Objects.requireNonNull(parser, "parser");
        Objects.requireNonNull(fallback, "fallback");
        Objects.requireNonNull(doc, "doc");
    }

    static <T> Setting<T> of(String name, Parser<T> parser, Default<T> fallback, String doc) {
        return new Setting<>(name, List.of(), parser, fallback, doc);
    }

    /** The same setting, also read under LWA's old unprefixed name (with LWA's deprecation warning). */
    Setting<T> deprecated(String oldName) {
        return with(new Alias.Deprecated(oldName));
    }

    /** The same setting, also read under a plain name that is not deprecated ({@code PORT}). */
    Setting<T> orElse(String plainName) {
        return with(new Alias.Fallback(plainName));
    }

    /**
     * The same setting, replacing a variable LWA 1.0 removed: the old one is never read, but when it
     * is set a warning names this setting with the value that means the same.
     */
    Setting<T> replacing(String removedName, UnaryOperator<String> equivalentValue) {
        return with(new Alias.Removed(removedName, equivalentValue));
    }

    private Setting<T> with(Alias alias) {
        List<Alias> more = new ArrayList<>(aliases);
        more.add(alias);
        return new Setting<>(name, more, parser, fallback, doc);
    }

    /** Another name of a setting. */
    sealed interface Alias {
        String name();

        /** Read when the setting is unset, with a warning that it will go away. */
        record Deprecated(String name) implements Alias {
        }

        /** Read when the setting is unset, silently. */
        record Fallback(String name) implements Alias {
        }

        /** Never read; when set, a warning says what to write instead. */
        record Removed(String name, UnaryOperator<String> equivalentValue) implements Alias {
        }
    }

    /** What an unset setting means. */
    sealed interface Default<T> {

        /** @param shown the value as docs and warnings ("Using ...") write it */
        record Value<T>(T value, String shown) implements Default<T> {
        }

        /** Whatever another setting, read earlier, came to. */
        record SameAs<T>(Setting<T> setting) implements Default<T> {
        }

        /** No value: the record holds an empty {@code Optional}. @param meaning what that means */
        record None<T>(String meaning) implements Default<T> {
        }

        static <T> Default<T> of(T value) {
            return new Value<>(value, String.valueOf(value));
        }

        static <T> Default<T> of(T value, String shown) {
            return new Value<>(value, shown);
        }

        static <T> Default<T> sameAs(Setting<T> setting) {
            return new SameAs<>(setting);
        }

        static <T> Default<T> none(String meaning) {
            return new None<>(meaning);
        }
    }
}

package dev.lwa.core.config;

import dev.lwa.core.config.EnvReader.Raw;

import java.util.Objects;
import java.util.Optional;

/**
 * How one variable's text becomes a value ({@link Parsers} has the shared ones).
 *
 * @param expected        what the text must look like, in words: the "expected ..." of the
 *                        setting's warnings and errors, and its "Value" in {@code docs/settings.md}
 * @param emptyMeansUnset whether {@code ""} counts as unset (templates often pass {@code ""} for
 *                        "not configured"); otherwise {@code ""} goes to the rule like any text
 * @param rule            the reading itself
 */
record Parser<T>(String expected, boolean emptyMeansUnset, Rule<T> rule) {

    Parser {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(rule, "rule");
    }

    Parser(String expected, Rule<T> rule) {
        this(expected, false, rule);
    }

    /** The same parser, with {@code ""} counting as unset. */
    Parser<T> emptyIsUnset() {
        return new Parser<>(expected, true, rule);
    }

    @FunctionalInterface
    interface Rule<T> {
        /**
         * @param in for warnings, and for the values of settings earlier in the table
         * @return the value, or empty when the setting's default applies (having warned where the
         *         text was wrong)
         * @throws ConfigException when lwa cannot start with this text
         */
        Optional<T> read(Raw raw, EnvReader in) throws ConfigException;
    }
}

package dev.lwa.core.config;

import dev.lwa.core.config.EnvReader.Raw;

import java.util.Objects;
import java.util.Optional;

/**
 * How one variable's text becomes a value ({@link Parsers} has the shared ones).
 *
 * @param expected        what the text must look like, in words: the "expected ..." of the
 *                        setting's warnings and errors, and its "Value" in {@code docs/settings.md}
 * @param onInvalid       what the rule does with text it cannot use; the reader holds it to that
 * @param emptyMeansUnset whether {@code ""} counts as unset (templates often pass {@code ""} for
 *                        "not configured"); otherwise {@code ""} goes to the rule like any text
 * @param rule            the reading itself
 */
record Parser<T>(String expected, OnInvalid onInvalid, boolean emptyMeansUnset, Rule<T> rule) {

    Parser {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(onInvalid, "onInvalid");
        Objects.requireNonNull(rule, "rule");
    }

    Parser(String expected, OnInvalid onInvalid, Rule<T> rule) {
        this(expected, onInvalid, false, rule);
    }

    /** The same parser, with {@code ""} counting as unset. */
    Parser<T> emptyIsUnset() {
        return new Parser<>(expected, onInvalid, true, rule);
    }

    /** What becomes of text the rule cannot use, as {@code docs/settings.md} says it. */
    enum OnInvalid {
        /** {@link ConfigException}: lwa does not start. */
        EXIT("lwa exits 1"),
        /** {@link EnvReader#invalid}: the default applies. */
        DEFAULT("a warning, and the default applies"),
        /** {@link EnvReader#ignored}: as if unset. */
        IGNORED("a warning, and it is ignored"),
        /** A warning, and the text is used as it is. */
        KEPT("a warning, and it is used as written"),
        /** Each bad item of a list is skipped with a warning. */
        SKIPPED("a warning for each bad item, which is skipped"),
        /** Any text means something. */
        NONE("");

        final String doc;

        OnInvalid(String doc) {
            this.doc = doc;
        }
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

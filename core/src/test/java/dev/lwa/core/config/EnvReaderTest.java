package dev.lwa.core.config;

import dev.lwa.core.config.Parser.OnInvalid;
import dev.lwa.core.config.Setting.Default;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The reader's own rules, on small tables; ConfigTest covers the real one. */
class EnvReaderTest {

    private static final Setting<String> A = Setting.of("A", Parsers.TEXT, Default.of("a"), "first").deprecated("OLD_A");
    private static final Setting<String> B = Setting.of("B", Parsers.TEXT, Default.sameAs(A), "second").orElse("PLAIN_B");

    @Test
    void aliasesAreReadOnlyWhenTheNameIsUnset() throws ConfigException {
        EnvReader in = EnvReader.read(Map.of("OLD_A", "old", "PLAIN_B", "plain"), List.of(A, B));
        assertEquals("old", in.get(A));
        assertEquals("plain", in.get(B));
        assertEquals(List.of("Environment variable 'OLD_A' is deprecated and will be removed in version 2.0. "
                + "Please use 'A' instead."), in.warnings());

        EnvReader both = EnvReader.read(Map.of("A", "new", "OLD_A", "old"), List.of(A, B));
        assertEquals("new", both.get(A));
        assertEquals("new", both.get(B), "B's default is A's value");
        assertEquals(List.of(), both.warnings());
    }

    @Test
    void aRuleMayLookOnlyAtSettingsBeforeItsOwn() {
        Setting<String> early = Setting.of("EARLY", new Parser<>("any", OnInvalid.NONE,
                (raw, in) -> Optional.of(in.get(A))), Default.of(""), "reads A");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EnvReader.read(Map.of("EARLY", "x"), List.of(early, A)));
        assertTrue(e.getMessage().startsWith("A has not been read yet"), e.getMessage());
    }

    @Test
    void aRuleMustDoWithInvalidTextWhatItsParserDocuments() {
        Setting<String> wrong = Setting.of("WRONG", new Parser<String>("x", OnInvalid.NONE, (raw, in) -> {
            in.invalid(raw);
            return Optional.empty();
        }), Default.of("d"), "documented as never invalid");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> EnvReader.read(Map.of("WRONG", "y"), List.of(wrong)));
        assertEquals("WRONG: invalid text is documented as 'NONE' but the rule did DEFAULT", e.getMessage());
    }
}

package dev.lwa.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The "Beyond LWA" settings: media type lists and the W3C traceparent switch, read from environment maps. */
class InteropSettingsTest {

    private static Interop parse(Map<String, String> env) throws ConfigException {
        return Config.fromEnv(env).interop();
    }

    @Test
    void unsetIsLwasBehaviour() throws ConfigException {
        Config c = Config.fromEnv(Map.of());
        assertEquals(Interop.none(), c.interop());
        assertTrue(c.interop().mediaTypes().isEmpty());
        assertFalse(c.interop().w3cTraceparent());
        assertEquals(List.of(), c.warnings());
    }

    @Test
    void listsAreTrimmedLowerCasedAndDeduplicated() throws ConfigException {
        Interop i = parse(Map.of("AWS_LWA_BINARY_MEDIA_TYPES", " Image/* , application/VND.*+json,,image/*",
                "AWS_LWA_TEXT_MEDIA_TYPES", "application/jwk-set+json,application/x-ndjson,"));
        assertEquals(List.of("image/*", "application/vnd.*+json"), i.mediaTypes().binary());
        assertEquals(List.of("application/jwk-set+json", "application/x-ndjson"), i.mediaTypes().text());
    }

    @Test
    void emptyListsAreUnset() throws ConfigException {
        assertTrue(parse(Map.of("AWS_LWA_BINARY_MEDIA_TYPES", "", "AWS_LWA_TEXT_MEDIA_TYPES", "")).mediaTypes().isEmpty());
        assertTrue(parse(Map.of("AWS_LWA_TEXT_MEDIA_TYPES", " , ")).mediaTypes().isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"image", "image/", "/png", "text/plain; charset=utf-8", "image/png png", "*", "a/b/c"})
    void aMalformedEntryExits(String value) {
        for (String variable : List.of("AWS_LWA_BINARY_MEDIA_TYPES", "AWS_LWA_TEXT_MEDIA_TYPES")) {
            ConfigException e = assertThrows(ConfigException.class, () -> parse(Map.of(variable, "text/csv," + value)));
            assertEquals(variable, e.variable());
            assertTrue(e.getMessage().contains("not type/subtype"), e.getMessage());
        }
    }

    @Test
    void theSameEntryInBothListsExitsNamingBoth() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(Map.of(
                "AWS_LWA_BINARY_MEDIA_TYPES", "image/*,application/x-ndjson",
                "AWS_LWA_TEXT_MEDIA_TYPES", "text/csv,Application/X-NDJSON")));
        assertEquals("AWS_LWA_TEXT_MEDIA_TYPES", e.variable());
        assertTrue(e.getMessage().contains("AWS_LWA_BINARY_MEDIA_TYPES"), e.getMessage());
        assertTrue(e.getMessage().contains("'application/x-ndjson'"), e.getMessage());
    }

    @Test
    void overlappingEntriesAreNoConflict() throws ConfigException {
        MediaTypes m = parse(Map.of("AWS_LWA_BINARY_MEDIA_TYPES", "image/*",
                "AWS_LWA_TEXT_MEDIA_TYPES", "image/svg+xml")).mediaTypes();
        assertEquals(MediaTypes.Choice.TEXT, m.choose("image/svg+xml"));
        assertEquals(MediaTypes.Choice.BINARY, m.choose("image/png"));
    }

    @Test
    void traceparentIsABoolean() throws ConfigException {
        assertTrue(parse(Map.of("AWS_LWA_W3C_TRACEPARENT", "true")).w3cTraceparent());
        Config c = Config.fromEnv(Map.of("AWS_LWA_W3C_TRACEPARENT", "TRUE"));
        assertFalse(c.interop().w3cTraceparent());
        assertEquals(List.of("Environment variable 'AWS_LWA_W3C_TRACEPARENT' has invalid value 'TRUE': expected "
                + "true or false (lower case). Using false."), c.warnings());
    }

    @ParameterizedTest(name = "{0} ~ {1}: {2}")
    @CsvSource({
            "image/*, image/png, true", "image/*, image/, true", "image/*, imagex/png, false",
            "application/vnd.*+json, application/vnd.custom+json, true",
            "application/vnd.*+json, application/vnd.+json, true",
            "application/vnd.*+json, application/vnd.custom+json2, false",
            "application/vnd.*+json, application/json, false",
            "*/*, a/b, true", "*json, application/json, true", "a*b*c, axxbyyc, true", "a*b*c, axxbyy, false",
            "text/plain, text/plain, true", "text/plain, text/plainx, false", "**, anything, true"})
    void wildcards(String pattern, String type, boolean matches) {
        assertEquals(matches, MediaTypes.matches(pattern, type));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "application/vnd.custom+json; charset=utf-8|BINARY",
            "Application/VND.Custom+JSON|BINARY",
            "image/svg+xml|BINARY",
            "application/jwk-set+json|TEXT",
            "application/vnd.api+json|TEXT", // exact entry beats the wildcard of the other list
            "application/x-ndjson ; charset=utf-8|TEXT",
            "text/plain|AUTOMATIC",
            "application/vnd.other+xml|TEXT", // only application/vnd.* matches
            "font/woff2|BINARY"})
    void choices(String contentType, MediaTypes.Choice choice) {
        MediaTypes m = new MediaTypes(List.of("application/vnd.*+json", "image/*", "font/*"),
                List.of("application/jwk-set+json", "application/vnd.api+json", "application/x-ndjson", "application/vnd.*"));
        assertEquals(choice, m.choose(contentType));
    }

    @Test
    void aTieBetweenWildcardsIsBinary() {
        MediaTypes m = new MediaTypes(List.of("a/*x"), List.of("a/x*"));
        assertEquals(MediaTypes.Choice.BINARY, m.choose("a/xx"));
        assertEquals(MediaTypes.Choice.TEXT, new MediaTypes(List.of("a/*"), List.of("a/x*")).choose("a/xx"),
                "the longer wildcard wins");
    }
}

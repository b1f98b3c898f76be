package dev.lwa.runtimeapi.json;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.spi.JsonProvider;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Parsson for tests: an independent reader to check what lwa writes, with the strictness of
 * serde_json (nothing after the value). The adapter itself reads JSON with {@link JsonNode}.
 * (Formerly the adapter's own provider holder.) Every static {@code jakarta.json.Json.createX} call runs a
 * ServiceLoader lookup (~50 µs, docs/design.md), so it is looked up once here.
 */
public final class TestJson {
    public static final JsonProvider PROVIDER = JsonProvider.provider();
    /** The byte buffer of the JDK's {@code StreamDecoder}, which an {@code InputStreamReader} allocates. */
    private static final int DECODER_BUFFER = 8192;

    private TestJson() {
    }

    /**
     * Parses any JSON value (object, array, string, number, literal). Anything but whitespace after
     * the value is an error, as in serde_json: a reader would return the first value of
     * {@code {} garbage} and a broken event would pass through as if it were JSON.
     *
     * @throws JsonException with the parser's position when the bytes are not JSON
     */
    public static JsonValue parse(byte[] bytes) {
        try (JsonParser parser = createParser(bytes)) {
            parser.next();
            JsonValue value = parser.getValue();
            if (parser.hasNext()) { // Parsson throws here itself on a trailing token; this covers any other provider
                throw new JsonException("unexpected content after the JSON value at " + parser.getLocation());
            }
            return value;
        } catch (java.util.NoSuchElementException e) {
            throw new JsonException("no JSON value in the input", e);
        }
    }

    /**
     * A parser over {@code bytes}. Parsson's {@code InputStream} route wraps an
     * {@code InputStreamReader} whose decoder allocates an 8 KiB buffer per parse: for a small
     * event that is a third of what the whole mapping allocates, so text up to that size is
     * decoded to a {@code String} first, which costs one copy of the text instead. Larger input
     * keeps the stream, where the copy would cost more than the buffer. The {@code String} route is
     * taken only where Parsson's own detection (RFC 4627 §3, {@code UnicodeDetectingInputStream})
     * would read plain UTF-8 from the first byte: 4 bytes or more, no BOM (EF/FE/FF lead) and no
     * NUL among the first 4; anything else keeps the stream, so BOMs, UTF-16/32 and the
     * short-input error stay as they were. Malformed UTF-8 becomes U+FFFD on both routes.
     */
    private static JsonParser createParser(byte[] bytes) {
        if (bytes.length >= 4 && bytes.length <= DECODER_BUFFER
                && bytes[0] != 0 && bytes[1] != 0 && bytes[2] != 0 && bytes[3] != 0
                && bytes[0] != (byte) 0xEF && bytes[0] != (byte) 0xFE && bytes[0] != (byte) 0xFF) {
            return PROVIDER.createParser(new StringReader(new String(bytes, StandardCharsets.UTF_8)));
        }
        return PROVIDER.createParser(new ByteArrayInputStream(bytes));
    }

    /** The string member {@code name}, empty when absent, null or not a string. */
    public static Optional<String> string(JsonObject object, String name) {
        JsonValue v = object.get(name);
        return v instanceof JsonString s ? Optional.of(s.getString()) : Optional.empty();
    }

    /** The object member {@code name}, empty when absent, null or not an object. */
    public static Optional<JsonObject> object(JsonObject object, String name) {
        JsonValue v = object.get(name);
        return v instanceof JsonObject o ? Optional.of(o) : Optional.empty();
    }

    /** True when the member is the literal {@code true}; absent or null count as false. */
    public static boolean isTrue(JsonObject object, String name) {
        return object.get(name) == JsonValue.TRUE;
    }
}

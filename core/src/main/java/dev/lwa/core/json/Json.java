package dev.lwa.core.json;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.spi.JsonProvider;

import java.io.ByteArrayInputStream;
import java.util.Optional;

/**
 * The one JSON provider of the adapter. Every static {@code jakarta.json.Json.createX} call runs a
 * ServiceLoader lookup (~50 µs, shared/spec/java-startup.md §3), so it is looked up once here.
 */
public final class Json {
    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private Json() {
    }

    /**
     * Parses any JSON value (object, array, string, number, literal). Anything but whitespace after
     * the value is an error, as in serde_json: a reader would return the first value of
     * {@code {} garbage} and a broken event would pass through as if it were JSON.
     *
     * @throws JsonException with the parser's position when the bytes are not JSON
     */
    public static JsonValue parse(byte[] bytes) {
        try (JsonParser parser = PROVIDER.createParser(new ByteArrayInputStream(bytes))) {
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

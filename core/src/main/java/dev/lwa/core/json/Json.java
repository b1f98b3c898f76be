package dev.lwa.core.json;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
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
     * Parses any JSON value (object, array, string, number, literal).
     *
     * @throws JsonException with the parser's position when the bytes are not JSON
     */
    public static JsonValue parse(byte[] bytes) {
        try (JsonReader reader = PROVIDER.createReader(new ByteArrayInputStream(bytes))) {
            return reader.readValue();
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

package dev.lwa.emulator.internal;


import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * JSON for the emulator: JSON-B (Yasson) writes the fixed-shape documents (records), the
 * jakarta.json tree model reads what clients send, leniently (unknown keys, odd types).
 */
public final class JsonDocuments {

    private static final Jsonb JSONB = JsonbBuilder.create(new JsonbConfig().withFormatting(false));

    private JsonDocuments() {
    }

    public static byte[] write(Object document) {
        return JSONB.toJson(document).getBytes(StandardCharsets.UTF_8);
    }

    /** Parses any JSON value; empty when the bytes are not JSON. */
    public static Optional<JsonValue> parse(byte[] bytes) {
        if (bytes.length == 0) {
            return Optional.empty();
        }
        try (JsonReader reader = JsonDocuments.reader(bytes)) {
            return Optional.of(reader.readValue());
        } catch (JsonException | IllegalStateException e) {
            return Optional.empty();
        }
    }

    public static Optional<JsonObject> parseObject(byte[] bytes) {
        return parse(bytes).filter(v -> v.getValueType() == JsonValue.ValueType.OBJECT).map(JsonValue::asJsonObject);
    }

    /** A member as text: strings as they are, numbers and booleans in their JSON spelling. */
    public static Optional<String> text(JsonObject object, String key) {
        return Optional.ofNullable(object.get(key)).flatMap(JsonDocuments::text);
    }

    public static Optional<String> text(JsonValue value) {
        return switch (value) {
            case JsonString s -> Optional.of(s.getString());
            case JsonNumber n -> Optional.of(n.toString());
            case JsonValue v when v == JsonValue.TRUE -> Optional.of("true");
            case JsonValue v when v == JsonValue.FALSE -> Optional.of("false");
            default -> Optional.empty();
        };
    }

    private static JsonReader reader(byte[] bytes) {
        return jakarta.json.Json.createReader(new ByteArrayInputStream(bytes));
    }
}

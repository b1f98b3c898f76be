package dev.lwa.runtimeapi.internal;

import dev.lwa.runtimeapi.ErrorReport;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

/**
 * The few JSON documents the API clients write and read, through one cached provider: every static
 * {@code jakarta.json.Json.createX} call runs a ServiceLoader scan (~50 µs, docs/design.md).
 */
final class JsonCodec {
    private static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonGeneratorFactory GENERATORS = PROVIDER.createGeneratorFactory(Map.of());
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

    private JsonCodec() {
    }

    /** {@code {"errorMessage":"..","errorType":".."}} */
    static byte[] errorBody(ErrorReport error) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + error.errorMessage().length());
        try (JsonGenerator g = GENERATORS.createGenerator(out)) {
            g.writeStartObject()
                    .write("errorMessage", error.errorMessage())
                    .write("errorType", error.errorType())
                    .writeEnd();
        }
        return out.toByteArray();
    }

    /** {@code {"events":[..]}} */
    static byte[] registerBody(List<String> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(32);
        try (JsonGenerator g = GENERATORS.createGenerator(out)) {
            g.writeStartObject().writeStartArray("events");
            for (String event : events) {
                g.write(event);
            }
            g.writeEnd().writeEnd();
        }
        return out.toByteArray();
    }

    /** @throws jakarta.json.JsonException or ClassCastException when it is not one JSON object */
    static JsonObject parseObject(byte[] json) {
        try (JsonReader r = READERS.createReader(new ByteArrayInputStream(json))) {
            return r.readObject();
        }
    }
}

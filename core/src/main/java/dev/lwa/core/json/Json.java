package dev.lwa.core.json;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.spi.JsonProvider;

import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;

/**
 * The one JSON provider of the adapter. Every static {@code jakarta.json.Json.createX} call runs a
 * ServiceLoader lookup (~50 µs, shared/spec/java-startup.md §3), so it is looked up once here.
 */
public final class Json {
    public static final JsonProvider PROVIDER = JsonProvider.provider();
    /** The byte buffer of the JDK's {@code StreamDecoder}, which an {@code InputStreamReader} allocates. */
    private static final int DECODER_BUFFER = 8192;

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
     * Whether {@code text} is exactly one JSON value, whitespace around it allowed: the same
     * acceptance as {@link #parse}, checked by the streaming parser without building the value
     * (for a large value the tree and its strings are most of the cost of parsing it).
     */
    public static boolean isValue(String text) {
        try (JsonParser parser = PROVIDER.createParser(new StringReader(text))) {
            int depth = 0;
            do {
                switch (parser.next()) {
                    case START_OBJECT, START_ARRAY -> depth++;
                    case END_OBJECT, END_ARRAY -> depth--;
                    default -> {
                    }
                }
            } while (depth > 0);
            return !parser.hasNext();
        } catch (JsonException | java.util.NoSuchElementException e) {
            return false;
        }
    }

    /**
     * {@code json} without the whitespace between its tokens (the same array when it has none),
     * which is how serde and Parsson write JSON. For UTF-8 text already known to be JSON: the
     * bytes of a multi-byte sequence are never ASCII, so quotes, backslashes and whitespace can be
     * told byte by byte, and whitespace inside strings is kept.
     */
    public static byte[] compact(byte[] json) {
        Compacted c = compacted(json, 0, json.length);
        return c == null ? json : Arrays.copyOf(c.bytes(), c.length());
    }

    /** The first {@code length} bytes of {@code bytes}. */
    private record Compacted(byte[] bytes, int length) {
    }

    /** {@code json[from, to)} compacted as {@link #compact} does, or null when it has no whitespace to drop. */
    private static Compacted compacted(byte[] json, int from, int to) {
        byte[] out = null;
        int written = 0;
        boolean inString = false;
        for (int i = from; i < to; i++) {
            byte b = json[i];
            if (!inString && isWhitespace(b)) {
                if (out == null) {
                    out = new byte[to - from];
                    written = i - from;
                    System.arraycopy(json, from, out, 0, written);
                }
                continue;
            }
            if (inString && b == '\\' && i + 1 < to) {
                if (out != null) {
                    out[written++] = b;
                }
                b = json[++i]; // escaped, so never the closing quote
            } else if (b == '"') {
                inString = !inString;
            }
            if (out != null) {
                out[written++] = b;
            }
        }
        return out == null ? null : new Compacted(out, written);
    }

    /**
     * The text of the top-level member {@code name} of the object in {@code json}, compacted: what
     * the event itself says, without building and re-serialising a tree. For UTF-8 JSON already
     * accepted by {@link #parse} (not checked again), and only up to the size {@code parse} decodes
     * to a {@code String}: beyond it a scan of the whole text would cost more than it saves. When a
     * name repeats, the last member counts, as in the parsed object. Empty, for the caller to fall
     * back to the parsed value, when the text is larger, does not start with an object (a BOM,
     * UTF-16), has no such member, or has a top-level name written with an escape (the raw text
     * could then spell a member of the parsed object differently).
     */
    public static Optional<String> memberText(byte[] json, String name) {
        if (json.length > DECODER_BUFFER) {
            return Optional.empty();
        }
        byte[] wanted = name.getBytes(StandardCharsets.UTF_8);
        int i = skipWhitespace(json, 0);
        if (i >= json.length || json[i] != '{') {
            return Optional.empty();
        }
        int from = -1;
        int to = -1;
        i = skipWhitespace(json, i + 1);
        while (i < json.length && json[i] == '"') {
            int nameEnd = stringEnd(json, i); // after the closing quote
            for (int k = i + 1; k < nameEnd; k++) {
                if (json[k] == '\\') {
                    return Optional.empty();
                }
            }
            boolean match = Arrays.equals(json, i + 1, nameEnd - 1, wanted, 0, wanted.length);
            i = skipWhitespace(json, nameEnd);
            if (i >= json.length || json[i] != ':') {
                return Optional.empty();
            }
            i = skipWhitespace(json, i + 1);
            int valueEnd = valueEnd(json, i);
            if (match) {
                from = i;
                to = valueEnd;
            }
            i = skipWhitespace(json, valueEnd);
            if (i >= json.length || json[i] != ',') {
                break;
            }
            i = skipWhitespace(json, i + 1);
        }
        if (from < 0) {
            return Optional.empty();
        }
        Compacted c = compacted(json, from, to);
        return Optional.of(c == null ? new String(json, from, to - from, StandardCharsets.UTF_8)
                : new String(c.bytes(), 0, c.length(), StandardCharsets.UTF_8));
    }

    private static int skipWhitespace(byte[] json, int i) {
        while (i < json.length && isWhitespace(json[i])) {
            i++;
        }
        return i;
    }

    private static boolean isWhitespace(byte b) {
        return b == ' ' || b == '\n' || b == '\r' || b == '\t';
    }

    /** The index after the string literal that opens at {@code i}. */
    private static int stringEnd(byte[] json, int i) {
        for (i++; i < json.length; i++) {
            if (json[i] == '\\') {
                i++;
            } else if (json[i] == '"') {
                return i + 1;
            }
        }
        return json.length;
    }

    /** The index after the value that starts at {@code i}. */
    private static int valueEnd(byte[] json, int i) {
        if (i >= json.length) {
            return json.length;
        }
        byte b = json[i];
        if (b == '"') {
            return stringEnd(json, i);
        }
        if (b == '{' || b == '[') {
            int depth = 0;
            while (i < json.length) {
                b = json[i];
                if (b == '"') {
                    i = stringEnd(json, i);
                    continue;
                }
                if (b == '{' || b == '[') {
                    depth++;
                } else if ((b == '}' || b == ']') && --depth == 0) {
                    return i + 1;
                }
                i++;
            }
            return json.length;
        }
        while (i < json.length && json[i] != ',' && json[i] != '}' && json[i] != ']' && !isWhitespace(json[i])) {
            i++; // a number or a literal
        }
        return i;
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

package dev.lwa.core.event;

import dev.lwa.runtimeapi.json.TestJson;
import dev.lwa.runtimeapi.http.Headers;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The sample events of {@code core/src/test/resources/sample-events} (see its README), read from
 * the test class path, plus the comparisons the mapping tests share. Core's tests find them in
 * {@code target/test-classes}; other modules in lwa-core's test-jar.
 */
public final class SharedEvents {
    /** A file of the folder, there to find the folder itself on the class path. */
    private static final String MARKER = "/sample-events/README.md";

    private static Path root;

    private SharedEvents() {
    }

    /** The {@code sample-events} folder: a directory, or a folder inside lwa-core's test-jar. */
    public static synchronized Path root() {
        if (root != null) {
            return root;
        }
        URL marker = SharedEvents.class.getResource(MARKER);
        if (marker == null) {
            return fail("The sample events are not on the test class path: " + MARKER + " is missing. They live in"
                    + " core/src/test/resources/sample-events and reach other modules through lwa-core's test-jar.");
        }
        try {
            URI uri = marker.toURI();
            if (uri.getScheme().equals("jar")) {
                try {
                    FileSystems.newFileSystem(uri, Map.of());
                } catch (FileSystemAlreadyExistsException alreadyOpen) {
                    // opened before: Path.of finds it
                }
            }
            root = Path.of(uri).getParent();
            return root;
        } catch (URISyntaxException | IOException e) {
            return fail("The sample events at " + marker + " cannot be opened: " + e, e);
        }
    }

    /** Every {@code .json} file under the folder, as paths relative to it with '/' separators, sorted. */
    public static List<String> jsonFiles() {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
                    .map(p -> root().relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample event " + relative, e);
        }
    }

    public static JsonObject object(String relative) {
        return TestJson.parse(bytes(relative)).asJsonObject();
    }

    /** Headers grouped by lower-cased name, names in first-seen order, values in order. */
    public static Map<String, List<String>> multimap(Headers headers) {
        Map<String, List<String>> map = new LinkedHashMap<>();
        headers.forEach((n, v) -> map.computeIfAbsent(n.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(v));
        return map;
    }

    /**
     * A form-encoded query as the ordered list of decoded {@code key=value} pairs (the app's
     * view of it), decoded with the JDK's own decoder rather than the code under test.
     */
    public static List<String> queryPairs(String query) {
        List<String> pairs = new ArrayList<>();
        if (query.isEmpty()) {
            return pairs;
        }
        for (String part : query.split("&", -1)) {
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq);
            String value = eq < 0 ? "" : part.substring(eq + 1);
            pairs.add(URLDecoder.decode(key, StandardCharsets.UTF_8) + "=" + URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return pairs;
    }

    /** The members of a map whose values are a string or an array of strings, as {@code key=value} pairs in event order. */
    public static List<String> pairsOf(JsonObject map, boolean formDecodeValues) {
        List<String> pairs = new ArrayList<>();
        for (var e : map.entrySet()) {
            List<String> values = new ArrayList<>();
            JsonValue v = e.getValue();
            switch (v.getValueType()) {
                case STRING -> values.add(((jakarta.json.JsonString) v).getString());
                case ARRAY -> v.asJsonArray().getValuesAs(jakarta.json.JsonString.class).forEach(s -> values.add(s.getString()));
                default -> {
                }
            }
            String key = formDecodeValues ? URLDecoder.decode(e.getKey(), StandardCharsets.UTF_8) : e.getKey();
            for (String value : values) {
                pairs.add(key + "=" + (formDecodeValues ? URLDecoder.decode(value, StandardCharsets.UTF_8) : value));
            }
        }
        return pairs;
    }
}

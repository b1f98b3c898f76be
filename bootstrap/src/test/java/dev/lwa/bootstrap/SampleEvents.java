package dev.lwa.bootstrap;

import dev.lwa.core.json.Json;
import jakarta.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * The sample events of {@code shared/events}, read in place: they may not be copied into the
 * repository. (The same idea as core's test helper; test classes are not shared across modules.)
 */
final class SampleEvents {
    private static Path root;

    private SampleEvents() {
    }

    /**
     * {@code <project root>/../shared/events}, where the project root is the first directory above
     * the working directory holding the {@code lwa} script (Maven runs tests in the module directory).
     */
    static synchronized Path root() {
        if (root != null) {
            return root;
        }
        Path start = Path.of("").toAbsolutePath();
        for (Path dir = start; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("lwa"))) {
                Path events = dir.resolve("../shared/events").normalize();
                if (!Files.isDirectory(events)) {
                    fail("The sample events folder " + events + " is missing: the tests expect shared/events beside"
                            + " the project root " + dir + " (it is not part of the repository).");
                }
                root = events;
                return events;
            }
        }
        return fail("No project root (a directory holding the 'lwa' script) above " + start
                + ", so the sample events folder ../shared/events cannot be located.");
    }

    /** Every {@code .json} file of the folder, relative to it with '/' separators, sorted. */
    static List<String> jsonFiles() {
        try (Stream<Path> files = Files.walk(root())) {
            return files.filter(p -> p.toString().endsWith(".json") && Files.isRegularFile(p))
                    .map(p -> root().relativize(p).toString().replace('\\', '/'))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(String relative) {
        try {
            return Files.readAllBytes(root().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read sample event " + relative, e);
        }
    }

    static JsonObject object(String relative) {
        return Json.parse(bytes(relative)).asJsonObject();
    }
}

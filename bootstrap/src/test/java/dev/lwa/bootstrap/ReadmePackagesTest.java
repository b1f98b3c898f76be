package dev.lwa.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The README's package table names exactly the packages of the modules' main sources and of bootstrap's build tools. */
class ReadmePackagesTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Pattern ROW = Pattern.compile("^\\| `(dev\\.lwa\\.[a-z.]+)` \\|", Pattern.MULTILINE);

    @Test
    void theTableListsEveryPackageAndNoOther() throws IOException {
        TreeSet<String> documented = new TreeSet<>();
        Matcher m = ROW.matcher(Files.readString(ROOT.resolve("README.md")));
        while (m.find()) {
            documented.add(m.group(1));
        }
        TreeSet<String> actual = new TreeSet<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            List<Path> roots = new ArrayList<>(modules.map(d -> d.resolve("src/main/java")).filter(Files::isDirectory).toList());
            roots.add(ROOT.resolve("bootstrap/src/build/java"));
            for (Path sources : roots) {
                try (Stream<Path> files = Files.walk(sources)) {
                    files.filter(f -> f.toString().endsWith(".java"))
                            .map(f -> sources.relativize(f.getParent()).toString().replace('/', '.'))
                            .forEach(actual::add);
                }
            }
        }
        assertEquals(actual, documented, "README.md's package table against the packages under */src/main/java and bootstrap/src/build/java");
    }
}

package dev.lwa.bootstrap.dist;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;

/**
 * Build step (run by {@code mvn package}, see bootstrap/pom.xml): links the layer's own Java runtime
 * into {@code <layer>/lwa/runtime} with jlink, from the JDK that runs the build (Temurin 25 ships no
 * jmods; jlink links from the run-time image, JEP 493). The modules are what {@code jdeps} finds
 * the layer's jars need, so a library added to the layer brings its modules along without anyone
 * editing a list.
 *
 * <p>Options, measured in docs/distribution.md: no {@code --compress} (the zip compresses the
 * uncompressed {@code lib/modules} better, 19 against 22 MB, and nothing has to be inflated at
 * start-up), debug attributes stripped, no headers or man pages. No CDS archive: the AOT cache
 * trained on this runtime ({@link AotTraining}) replaces it.
 */
public final class LayerRuntime {
    /** Always linked, whatever jdeps says: the JVM itself. */
    static final String BASE_MODULE = "java.base";

    private LayerRuntime() {
    }

    /** {@code LayerRuntime <layer dir>}: replaces {@code <layer>/lwa/runtime}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: LayerRuntime <layer dir>, got " + List.of(args));
        }
        Path layer = Path.of(args[0]);
        long t0 = System.nanoTime();
        List<Path> jars = jars(layer.resolve("lwa/lib"));
        List<String> modules = modules(jars);
        Path runtime = layer.resolve("lwa/runtime");
        deleteTree(runtime);
        run("jlink", "--add-modules", String.join(",", modules), "--strip-debug", "--no-header-files",
                "--no-man-pages", "--output", runtime.toString());
        System.out.printf("lwa layer: linked %s (%s) in %d ms%n", runtime, String.join(",", modules),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /** The layer's jars, sorted by name (the order the launcher's class path lists them in). */
    static List<Path> jars(Path lib) throws IOException {
        try (Stream<Path> files = Files.list(lib)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList();
            if (jars.isEmpty()) {
                throw new IOException("no jars in " + lib + ": the layer's lib step must run first");
            }
            return jars;
        }
    }

    /** {@value #BASE_MODULE} plus the JDK modules {@code jdeps} finds these jars use, sorted. */
    static List<String> modules(List<Path> jars) {
        String classPath = String.join(":", jars.stream().map(Path::toString).toList());
        List<String> args = new ArrayList<>(List.of("--print-module-deps", "--ignore-missing-deps",
                "--multi-release", Integer.toString(Runtime.version().feature()), "--class-path", classPath));
        jars.forEach(j -> args.add(j.toString()));
        String out = run("jdeps", args.toArray(String[]::new));
        // The answer is the last line (jdeps prints split-package warnings before it).
        List<String> lines = out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String last = lines.isEmpty() ? "" : lines.getLast();
        TreeSet<String> modules = new TreeSet<>();
        modules.add(BASE_MODULE);
        for (String m : last.split(",")) {
            if (!m.isBlank()) {
                if (!m.matches("[a-z][a-z0-9_.]*")) {
                    throw new IllegalStateException("jdeps --print-module-deps ended with '" + last
                            + "', expected a comma-separated module list; its output:\n" + out);
                }
                modules.add(m);
            }
        }
        return List.copyOf(modules);
    }

    /** Runs a JDK tool in this JVM; returns what it printed, or throws with it when it failed. */
    static String run(String tool, String... args) {
        ToolProvider provider = ToolProvider.findFirst(tool)
                .orElseThrow(() -> new IllegalStateException("this JDK (" + System.getProperty("java.home")
                        + ") has no " + tool + ": build with a full JDK 25"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int code;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            code = provider.run(out, out, args);
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        if (code != 0) {
            throw new IllegalStateException(tool + " " + String.join(" ", args) + " exited " + code + ":\n" + text);
        }
        return text;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            all.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}

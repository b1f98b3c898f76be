package dev.lwa.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/architecture.md names only what exists: every backticked Java type name in it
 * ({@code Type}, {@code Outer.Nested}, {@code Type.member}, {@code Type#method}) is declared in
 * some {@code *}{@code /src/main/java} or {@code bootstrap/src/build/java} file, and a member named
 * after it appears in that type's file.
 *
 * <p>The other docs under docs/ are held to a looser rule: each type they name is declared in lwa's
 * main, build or test sources, or is a JDK type, or is one of {@link #NOT_LWA_TYPES} (members are
 * not checked: those docs name inherited ones such as {@code BodyStream.flush()}). docs/performance.md
 * is left out: it is a dated record of measurements, naming the code as it was then.
 */
class ArchitectureDocTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();
    private static final Path DOC = ROOT.resolve("docs/architecture.md");

    /** UpperCamelCase with at least one lower-case letter, so {@code GET} or {@code SHUTDOWN} are not types. */
    private static final String CAMEL = "[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*";
    /** A whole code span: types separated by dots, then optionally {@code .member} or {@code #member}, maybe with {@code (...)}. */
    private static final Pattern NAME = Pattern.compile(
            "(" + CAMEL + "(?:\\." + CAMEL + ")*)(?:[.#]([A-Za-z_$][A-Za-z0-9_$]*)(?:\\([^)]*\\))?)?");
    private static final Pattern CODE_SPAN = Pattern.compile("`([^`\n]+)`");
    private static final Pattern FENCED_BLOCK = Pattern.compile("(?ms)^```.*?^```");
    private static final Pattern DECLARATION = Pattern.compile("\\b(?:class|interface|enum|record)\\s+([A-Z][A-Za-z0-9_$]*)");
    private static final Pattern BLOCK_COMMENT = Pattern.compile("(?s)/\\*.*?\\*/");
    private static final Pattern LINE_COMMENT = Pattern.compile("(?m)^\\s*//.*$");

    /**
     * Backticked words in the other docs that look like Java types and are not: HTTP header and
     * JSON field names, AWS names (stage, error types without a dot), HotSpot flags, and types
     * of other libraries the docs mention as history or comparison.
     */
    private static final Set<String> NOT_LWA_TYPES = Set.of(
            "Authorization", "Expires", "Host", "Trailer", "Upgrade", "Root", "Parent", "Sampled", "Lineage", "Records",
            "Prod", "GoneException", "InvalidRequestFormat", "ReportBatchItemFailures", "InvokeWithResponseStream",
            "AOTRecordTraining", "AOTReplayTraining", "TrimNativeHeapInterval",
            "JsonProvider", "SelfManagedKafka");
    /** Lambda's own error types ({@code Runtime.ExitError}, {@code Extension.InvalidState}, ...). */
    private static final Pattern LAMBDA_ERROR_TYPE = Pattern.compile("(?:Runtime|Extension|Function|Sandbox)\\.[A-Z][A-Za-z]*");

    @Test
    void everyTypeTheOtherDocsNameExists() throws IOException {
        Map<String, List<String>> declaredIn = declarations(true);
        TreeSet<String> missing = new TreeSet<>();
        int named = 0;
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            for (Path doc : docs.filter(d -> d.toString().endsWith(".md")).sorted().toList()) {
                String name = doc.getFileName().toString();
                if (name.equals("architecture.md") || name.equals("performance.md")) {
                    continue;
                }
                Matcher span = CODE_SPAN.matcher(FENCED_BLOCK.matcher(Files.readString(doc)).replaceAll(""));
                while (span.find()) {
                    Matcher type = NAME.matcher(span.group(1));
                    if (!type.matches() || LAMBDA_ERROR_TYPE.matcher(span.group(1)).matches()) {
                        continue;
                    }
                    named++;
                    String[] types = type.group(1).split("\\.");
                    if (!NOT_LWA_TYPES.contains(types[0]) && !isJdkType(types[0]) && !exists(declaredIn, types, null)) {
                        missing.add(name + ": " + span.group(1));
                    }
                }
            }
        }
        int found = named;
        assertTrue(found >= 80, () -> "only " + found + " type names found in docs/: the pattern no longer matches");
        assertTrue(missing.isEmpty(), () -> "docs name " + missing.size() + " type(s) that neither lwa's sources nor the JDK declare"
                + " (a renamed or removed class?): " + String.join(", ", missing));
    }

    /** Whether a public type of that simple name is in one of the JDK's exported packages. */
    private static boolean isJdkType(String simpleName) {
        for (Module module : ModuleLayer.boot().modules()) {
            if (!module.getName().startsWith("java.")) {
                continue;
            }
            for (String pkg : module.getPackages()) {
                if (module.isExported(pkg) && Class.forName(module, pkg + "." + simpleName) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    @Test
    void everyTypeAndMemberItNamesExists() throws IOException {
        Map<String, List<String>> declaredIn = declarations(false);
        String doc = FENCED_BLOCK.matcher(Files.readString(DOC)).replaceAll("");
        TreeSet<String> named = new TreeSet<>();
        TreeSet<String> missing = new TreeSet<>();
        Matcher span = CODE_SPAN.matcher(doc);
        while (span.find()) {
            Matcher name = NAME.matcher(span.group(1));
            if (!name.matches()) {
                continue;
            }
            named.add(span.group(1));
            if (!exists(declaredIn, name.group(1).split("\\."), name.group(2))) {
                missing.add(span.group(1));
            }
        }
        // guards the pattern: a doc whose names all stopped matching would pass for nothing
        assertTrue(named.size() >= 50, () -> "only " + named.size() + " type names found in " + DOC + ": " + named);
        assertTrue(missing.isEmpty(), () -> "docs/architecture.md names " + missing.size()
                + " type(s) or member(s) that no */src/main/java or bootstrap/src/build/java file declares: "
                + String.join(", ", missing));
    }

    /**
     * Whether {@code types[0]} is declared in a file that also declares the nested {@code types[1..]}
     * and, when {@code member} is given, contains that name (comments left out).
     */
    private static boolean exists(Map<String, List<String>> declaredIn, String[] types, String member) {
        for (String code : declaredIn.getOrDefault(types[0], List.of())) {
            boolean nested = true;
            for (int i = 1; i < types.length && nested; i++) {
                nested = Pattern.compile("\\b(?:class|interface|enum|record)\\s+" + Pattern.quote(types[i]) + "\\b")
                        .matcher(code).find();
            }
            if (nested && (member == null || Pattern.compile("\\b" + Pattern.quote(member) + "\\b").matcher(code).find())) {
                return true;
            }
        }
        return false;
    }

    /** Each type name (top-level or nested) declared in the main and build sources (and test ones): the code of the files declaring it. */
    private static Map<String, List<String>> declarations(boolean withTests) throws IOException {
        List<Path> roots = new ArrayList<>();
        try (Stream<Path> modules = Files.list(ROOT)) {
            for (Path module : modules.sorted().toList()) {
                for (String sources : withTests ? List.of("src/main/java", "src/test/java") : List.of("src/main/java")) {
                    if (Files.isDirectory(module.resolve(sources))) {
                        roots.add(module.resolve(sources));
                    }
                }
            }
        }
        roots.add(ROOT.resolve("bootstrap/src/build/java"));
        Map<String, List<String>> declaredIn = new HashMap<>();
        for (Path root : roots) {
            try (Stream<Path> files = Files.walk(root)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String code = LINE_COMMENT.matcher(BLOCK_COMMENT.matcher(Files.readString(file)).replaceAll(" ")).replaceAll("");
                    Matcher d = DECLARATION.matcher(code);
                    while (d.find()) {
                        declaredIn.computeIfAbsent(d.group(1), k -> new ArrayList<>()).add(code);
                    }
                }
            }
        }
        assertTrue(declaredIn.containsKey("Main") && declaredIn.containsKey("LayerRuntime"),
                () -> "no sources found under " + roots);
        return declaredIn;
    }
}
